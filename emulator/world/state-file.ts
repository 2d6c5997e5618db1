import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES, SEVERITIES } from "../incidents/model";
import type { IncidentRecord } from "../incidents/store";
import { seededGroups, type SecurityGroup } from "./groups";
import type { ValidWorldSeed } from "./seed";
import { seededServicePrincipals, type ServicePrincipal } from "./service-principals";

export const WORLD_STATE_FILE = "world-state.json";

const servicePrincipalSchema = z.strictObject({
  tenantId: z.string(),
  appId: z.string(),
  objectId: z.string(),
  appRoles: z.strictObject({ graph: z.array(z.string()), defender: z.array(z.string()) }),
});

const groupSchema = z.strictObject({ tenantId: z.string(), id: z.string(), displayName: z.string(), members: z.array(z.string()) });

const recorded = { tenantId: z.string(), incidentId: z.number().int(), actor: z.string(), at: z.number() };

const incidentEditSchema = z.strictObject({
  ...recorded,
  changes: z.strictObject({
    assignedTo: z.string().nullable().optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    determination: z.enum(DETERMINATIONS).optional(),
    status: z.enum(INCIDENT_STATUSES).optional(),
    customTags: z.array(z.string()).optional(),
    comment: z.string().optional(),
    severity: z.enum(SEVERITIES).optional(),
    displayName: z.string().optional(),
    description: z.string().nullable().optional(),
    summary: z.string().nullable().optional(),
    resolvingComment: z.string().nullable().optional(),
  }),
});

// An incident raised while the emulator ran: `created` instead of `changes`.
const incidentCreationSchema = z.strictObject({
  ...recorded,
  created: z.strictObject({
    displayName: z.string().optional(),
    severity: z.enum(SEVERITIES).optional(),
    status: z.enum(INCIDENT_STATUSES).exclude(["redirected"]).optional(),
    assignedTo: z.string().nullable().optional(),
    customTags: z.array(z.string()).optional(),
    createdAt: z.number().optional(),
  }),
});

const userChangeSchema = z.strictObject({
  tenantId: z.string(),
  oid: z.string(),
  appRoles: z.array(z.strictObject({ appId: z.string(), role: z.string() })).optional(),
  accountEnabled: z.boolean().optional(),
  tokensValidFrom: z.number().optional(),
});

/** What an administrator changed on a seeded user; what is not given is as the seed says. */
export type UserChange = z.infer<typeof userChangeSchema>;

const stateSchema = z.strictObject({
  /** SHA-256 of the validated seed the state grew from: a changed seed invalidates the state. */
  seedDigest: z.string(),
  servicePrincipals: z.array(servicePrincipalSchema),
  // Absent in files written before incident edits were kept.
  incidentEdits: z.array(z.union([incidentEditSchema, incidentCreationSchema])).default([]),
  // Absent in files written before group memberships were kept: then they are the seed's.
  groups: z.array(groupSchema).optional(),
  // Absent in files written before users could be changed.
  users: z.array(userChangeSchema).default([]),
});

/** What changes while the emulator runs: consents (service principals), edits to incidents, incidents raised, group memberships and users. */
export interface WorldState {
  servicePrincipals: ServicePrincipal[];
  incidentEdits: IncidentRecord[];
  groups: SecurityGroup[];
  users: UserChange[];
}

/** The world's mutable state in the data directory, so consents, incident edits and group memberships survive a restart of the emulator. */
export class WorldStateFile {
  private pending: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private latest: WorldState | undefined;

  private constructor(
    private readonly file: string,
    private readonly seedDigest: string,
  ) {}

  /** Reads the state grown from this seed, or starts from the seed (and records that) when there is none or the seed changed. */
  static async open(file: string, seed: ValidWorldSeed): Promise<{ stateFile: WorldStateFile; state: WorldState }> {
    const seedDigest = createHash("sha256").update(JSON.stringify(seed)).digest("hex");
    const stateFile = new WorldStateFile(path.resolve(file), seedDigest);
    const saved = await readState(stateFile.file);
    if (saved?.seedDigest === seedDigest) {
      const { servicePrincipals, incidentEdits, groups = seededGroups(seed), users } = saved;
      return { stateFile, state: { servicePrincipals, incidentEdits, groups, users } };
    }
    if (saved) console.log(`Microsoft cloud emulator: the seed changed since ${stateFile.file} was written; starting from the seed.`);
    const state = { servicePrincipals: seededServicePrincipals(seed), incidentEdits: [], groups: seededGroups(seed), users: [] };
    await stateFile.save(state);
    return { stateFile, state };
  }

  /**
   * Writes through a temporary file and a rename, so a crash never leaves half a file; writes happen
   * in call order. Saves made while a write is under way share the next write, which takes the
   * newest state: a burst of edits costs two writes, not one each.
   */
  save(state: WorldState): Promise<void> {
    this.latest = state;
    const write = async () => {
      this.queued = undefined;
      const { servicePrincipals, incidentEdits, groups, users } = this.latest!;
      const content = `${JSON.stringify({ seedDigest: this.seedDigest, servicePrincipals, incidentEdits, groups, users }, null, 2)}\n`;
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${randomUUID()}.tmp`;
      await writeFile(temporary, content);
      await rename(temporary, this.file);
    };
    this.queued ??= this.pending = this.pending.then(write, write);
    return this.queued;
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
