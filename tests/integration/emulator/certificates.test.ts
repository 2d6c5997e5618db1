import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect, createServer } from "node:tls";

import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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

describe("emulator certificate authority's reach", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "emulator-reach-"));
    await ensureCertificateAuthority(dataDir);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  /** A TLS handshake with a server whose certificate for `name` the emulator's CA signed, trusting that CA only. */
  async function handshake(name: string): Promise<string> {
    const caKey = forge.pki.privateKeyFromPem(await readFile(path.join(dataDir, "ca.key"), "utf8"));
    const caPem = await readFile(path.join(dataDir, "ca.crt"), "utf8");
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = "01";
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject([{ name: "commonName", value: name }]);
    cert.setIssuer(forge.pki.certificateFromPem(caPem).subject.attributes);
    cert.setExtensions([{ name: "subjectAltName", altNames: [{ type: 2, value: name }] }]);
    cert.sign(caKey, forge.md.sha256.create());
    const server = createServer({ key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      return await new Promise<string>((resolve) => {
        const client = connect({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, servername: name, ca: caPem }, () => {
          client.end();
          resolve("trusted");
        });
        client.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    } finally {
      server.close();
    }
  }

  it("vouches for localhost only: a certificate it signed for any other name is refused", async () => {
    expect(await handshake("localhost")).toBe("trusted");
    expect(await handshake("login.microsoftonline.com")).not.toBe("trusted");
  });
});
