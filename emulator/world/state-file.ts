import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { ValidWorldSeed } from "./seed";
import { seededServicePrincipals, type ServicePrincipal } from "./service-principals";

export const WORLD_STATE_FILE = "world-state.json";

const servicePrincipalSchema = z.strictObject({
  tenantId: z.string(),
  appId: z.string(),
  objectId: z.string(),
  appRoles: z.strictObject({ graph: z.array(z.string()), defender: z.array(z.string()) }),
});

const stateSchema = z.strictObject({
  /** SHA-256 of the validated seed the state grew from: a changed seed invalidates the state. */
  seedDigest: z.string(),
  servicePrincipals: z.array(servicePrincipalSchema),
});

/** The world's mutable state in the data directory, so consents survive a restart of the emulator. */
export class WorldStateFile {
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly seedDigest: string,
  ) {}

  /** Reads the state grown from this seed, or starts from the seed (and records that) when there is none or the seed changed. */
  static async open(file: string, seed: ValidWorldSeed): Promise<{ stateFile: WorldStateFile; servicePrincipals: ServicePrincipal[] }> {
    const seedDigest = createHash("sha256").update(JSON.stringify(seed)).digest("hex");
    const stateFile = new WorldStateFile(path.resolve(file), seedDigest);
    const saved = await readState(stateFile.file);
    if (saved?.seedDigest === seedDigest) return { stateFile, servicePrincipals: saved.servicePrincipals };
    if (saved) console.log(`Microsoft cloud emulator: the seed changed since ${stateFile.file} was written; starting from the seed.`);
    const servicePrincipals = seededServicePrincipals(seed);
    await stateFile.save(servicePrincipals);
    return { stateFile, servicePrincipals };
  }

  /** Writes through a temporary file and a rename, so a crash never leaves half a file; writes happen in call order. */
  save(servicePrincipals: ServicePrincipal[]): Promise<void> {
    const content = `${JSON.stringify({ seedDigest: this.seedDigest, servicePrincipals }, null, 2)}\n`;
    const write = async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${randomUUID()}.tmp`;
      await writeFile(temporary, content);
      await rename(temporary, this.file);
    };
    this.pending = this.pending.then(write, write);
    return this.pending;
  }
}

async function readState(file: string): Promise<z.infer<typeof stateSchema> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return stateSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(`The emulator's world state ${file} is unreadable (${(error as Error).message.split("\n")[0]}). Delete it to start from the seed.`);
  }
}
