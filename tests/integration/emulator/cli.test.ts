import { execFile, spawn } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_DATA_DIR } from "./emulator-fixture";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const FILES = ["ca.crt", "ca.key", "server.crt", "server.key", "signing-key.pem", "signing-key.crt"];

describe("emulator command line", () => {
  const scratch: string[] = [];
  afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("creates the CA once with --init-ca and never regenerates it", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "emulator-ca-"));
    scratch.push(dataDir);
    const first = await run(TSX, ["emulator/main.ts", "--init-ca", "--data-dir", dataDir]);
    expect(first.stdout.trim()).toBe(path.join(dataDir, "ca.crt"));
    const snapshot = async () =>
      Promise.all(FILES.map(async (file) => `${await readFile(path.join(dataDir, file), "utf8")}|${(await stat(path.join(dataDir, file))).mtimeMs}`));
    const before = await snapshot();
    await run(TSX, ["emulator/main.ts", "--init-ca", "--data-dir", dataDir]);
    expect(await snapshot()).toEqual(before);
  });

  it("prints one line with its URL, serves, and stops cleanly on SIGTERM", async () => {
    // The trusted CA and keys, but a world state of its own: a state written from an older seed would
    // add the "seed changed" line.
    const dataDir = await mkdtemp(path.join(tmpdir(), "emulator-cli-"));
    scratch.push(dataDir);
    await Promise.all(FILES.map((file) => copyFile(path.join(TEST_DATA_DIR, file), path.join(dataDir, file))));
    const child = spawn(TSX, ["emulator/main.ts", "--port", "0", "--data-dir", dataDir], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^Microsoft cloud emulator listening on (https:\/\/localhost:\d+)\n$/.exec(output);
        if (match) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    try {
      expect(await (await fetch(`${url}/_emulator/health`)).json()).toEqual({ status: "ok" });
      const exitCode = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exitCode).toBe(0);
      expect(output).toBe(`Microsoft cloud emulator listening on ${url}\n`);
    } finally {
      // A failed check must not leave the emulator running: tsx passes SIGTERM on to it.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    }
  });

  it("explains a bad seed in one paragraph and exits 1", async () => {
    const failure = run(TSX, ["emulator/main.ts", "--port", "0", "--data-dir", TEST_DATA_DIR, "--seed", "package.json"]);
    await expect(failure).rejects.toMatchObject({ code: 1 });
    const { stderr } = (await failure.catch((error: { stderr: string }) => error)) as { stderr: string };
    expect(stderr).toMatch(/^Microsoft cloud emulator: Invalid emulator seed file package\.json: tenants: Invalid input/);
    expect(stderr).toContain("; name: unknown key;");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\s+at /);
  });

  it("rejects --live that is not whole seconds with the usage and exits 1", async () => {
    // A port of its own and a timeout: an emulator that wrongly starts must not stay behind.
    const options = { timeout: 10_000 };
    const failure = await run(TSX, ["emulator/main.ts", "--port", "0", "--data-dir", TEST_DATA_DIR, "--live", "1.5"], options).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/^Microsoft cloud emulator: --live must be whole seconds from 1 to 86400 \(0: off\), not "1\.5"\. Usage: /);
    const fromEnvironment = await run(TSX, ["emulator/main.ts", "--port", "0", "--data-dir", TEST_DATA_DIR], { ...options, env: { ...process.env, EMULATOR_LIVE_SECONDS: "soon" } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((fromEnvironment as { stderr: string }).stderr).toContain('not "soon"');
  });

  it("rejects an unknown flag with the usage and exits 1", async () => {
    const failure = await run(TSX, ["emulator/main.ts", "--colour"]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain("Usage: tsx emulator/main.ts");
  });
});
