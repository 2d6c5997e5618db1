// Starts what `npm run demo` and the end-to-end tests run: the emulator (demo mode) and a production
// build of the portal, each as a child process whose PID we hold.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { get as httpsGet } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { CONFIG_VARIABLES, parseConfig, type Config, type Environment } from "@/lib/config";

export interface StackOptions {
  port: number;
  env: Environment;
  /** Where child output goes: this terminal, or log files in the data folder. */
  output: "inherit" | "files";
}

export interface Stack {
  url: string;
  config: Config;
  /** The portal server's process itself, and the emulator's (the benchmark reads their memory and CPU time). */
  portalPid: number;
  emulatorPid?: number;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, "..");
/**
 * The standalone build (scripts/standalone.mjs), copied out of the repository as the container image
 * holds it: a package the build left out would otherwise still load from the repository's node_modules.
 */
const RUN_DIR = join(tmpdir(), `partner-portal-${createHash("sha256").update(root).digest("hex").slice(0, 12)}`);
export const SERVER = join(RUN_DIR, "server.mjs");
const BUILD_INPUTS = ["app", "components", "lib", "prisma", "public", "types", "instrumentation.ts", "next.config.js", "postcss.config.mjs", "package-lock.json", "tsconfig.json", "scripts/server.mjs", "scripts/standalone.mjs"];

export async function startStack({ port, env: baseEnv, output }: StackOptions): Promise<Stack> {
  const env = portalEnv(port, baseEnv);
  const dataDir = dataDirOf(env);
  mkdirSync(dataDir, { recursive: true });
  const config = parseConfig(env);
  buildIfChanged(env);

  const children: ChildProcess[] = [];
  let portalPid = 0;
  let emulatorPid: number | undefined;
  const stop = async () => {
    await Promise.all(children.map(stopChild));
  };
  try {
    if (config.mode === "demo") {
      // The emulator reads EMULATOR_PORT, EMULATOR_SEED and DATA_DIR from the same environment.
      children.push(startChild("emulator", ["--import", "tsx", "emulator/main.ts"], env, output));
      emulatorPid = children[0].pid;
      const ca = join(dataDir, "emulator", "ca.crt");
      await waitUntilReady(`${config.microsoft.authorityHost}/_emulator/health`, children[0], ca);
      env.NODE_EXTRA_CA_CERTS = ca;
    }
    const portal = await startPortal(port, env, output);
    children.push(portal);
    portalPid = portal.pid ?? 0;
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://localhost:${port}`, config, portalPid, emulatorPid, stop };
}

/** What the portal on this port runs with: `base`, completed with its own URL, a session secret and no telemetry. */
export function portalEnv(port: number, base: Environment): Environment {
  const dataDir = dataDirOf(base);
  return {
    ...base,
    DATA_DIR: dataDir,
    NEXTAUTH_URL: base.NEXTAUTH_URL || `http://localhost:${port}`,
    NEXTAUTH_SECRET: base.NEXTAUTH_SECRET || localSecret(dataDir),
    NEXT_TELEMETRY_DISABLED: "1",
    // The server runs with NODE_ENV=production, where the emulator and the embedded database must be asked for.
    PORTAL_DEMO: "1",
  };
}

/**
 * The environment of this process without anything that configures the portal or the emulator
 * (every variable the portal reads, and the families they belong to), so a stack started from a
 * developer's shell runs in demo mode against the emulator whatever that shell exports.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const portalVariables = new Set<string>(CONFIG_VARIABLES);
  for (const name of Object.keys(env)) {
    if (portalVariables.has(name) || /^(AZURE_|GRAPH_|DEFENDER_|NEXTAUTH_|EMULATOR_|INCIDENT_|UPSTREAM_|CONSENT_|SYNC_|PARTNER_NAME$|DATABASE_URL$|DATA_DIR$)/.test(name)) {
      delete env[name];
    }
  }
  return env;
}

const dataDirOf = (env: Environment) => resolve(root, env.DATA_DIR || ".data");

/** A random NEXTAUTH_SECRET kept in the data folder, so sessions survive a restart of the demo. */
function localSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** Builds the portal when its sources changed, and puts the standalone build where SERVER runs it. */
function buildIfChanged(env: Environment) {
  const stamp = join(root, ".next", "source-hash");
  const hash = sourceHash();
  const built = !existsSync(stamp) || readFileSync(stamp, "utf8") !== hash;
  if (built) {
    console.log("Building the portal (npm run build)…");
    const { status } = spawnSync("npm", ["run", "build"], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: "inherit" });
    if (status !== 0) throw new Error("npm run build failed");
    writeFileSync(stamp, hash);
  }
  const copied = join(RUN_DIR, "source-hash");
  if (!built && existsSync(copied) && readFileSync(copied, "utf8") === hash) return;
  rmSync(RUN_DIR, { recursive: true, force: true });
  cpSync(join(root, ".next", "standalone"), RUN_DIR, { recursive: true, verbatimSymlinks: true });
  writeFileSync(copied, hash);
}

function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else {
      hash.update(path).update(readFileSync(path));
    }
  };
  for (const input of BUILD_INPUTS) visit(join(root, input));
  return hash.digest("hex");
}

/** A Node.js child in the repository; with output "files", it logs to <name>.log in env's DATA_DIR. */
function startChild(name: string, args: string[], env: Environment, output: StackOptions["output"]): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  if (output === "files") {
    mkdirSync(dataDirOf(env), { recursive: true });
    const log = createWriteStream(join(dataDirOf(env), `${name}.log`), { flags: "a" });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  return child;
}

/** The portal's production server on the existing build, as `npm start` and the container image run it, once its health check answers. */
export async function startPortal(port: number, env: Environment, output: StackOptions["output"]): Promise<ChildProcess> {
  const portal = startChild("portal", [SERVER, "--port", String(port)], env, output);
  try {
    await waitUntilReady(`http://localhost:${port}/api/health/ready`, portal);
  } catch (error) {
    await stopChild(portal);
    throw error;
  }
  return portal;
}

/** SIGTERM, then SIGKILL if the process is still there after 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}

async function waitUntilReady(url: string, child: ChildProcess, caFile?: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} did not start: the process exited with code ${child.exitCode}`);
    if (await answers(url, caFile)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function answers(url: string, caFile?: string): Promise<boolean> {
  if (!url.startsWith("https:")) {
    return fetch(url).then((response) => response.ok, () => false);
  }
  if (!caFile || !existsSync(caFile)) return false;
  const ca = readFileSync(caFile);
  return new Promise((done) => {
    httpsGet(url, { ca }, (response) => {
      response.resume();
      done(response.statusCode === 200);
    }).on("error", () => done(false));
  });
}

