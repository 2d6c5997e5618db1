import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureCertificateAuthority } from "@/emulator/server";

describe("emulator certificate authority", () => {
  const scratch: string[] = [];
  afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("creates one consistent set when several starts race on an empty data directory", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "emulator-race-"));
    scratch.push(dataDir);
    const results = await Promise.all([1, 2, 3].map(() => ensureCertificateAuthority(dataDir)));
    expect(new Set(results.map((result) => result.caCertPath))).toEqual(new Set([path.join(dataDir, "ca.crt")]));

    const ca = new X509Certificate(await readFile(path.join(dataDir, "ca.crt")));
    const server = new X509Certificate(await readFile(path.join(dataDir, "server.crt")));
    expect(ca.ca).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost("localhost")).toBe("localhost");
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
  });
});
