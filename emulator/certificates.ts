import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { access, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import forge from "node-forge";

// Everything the emulator needs to speak HTTPS and sign tokens lives in its data directory.
// ca.key is written first and exclusively (it claims the creation); ca.crt is renamed into
// place last, so "ca.crt exists" means the whole set is complete and consistent.
const files = {
  caKey: "ca.key",
  caCert: "ca.crt",
  serverKey: "server.key",
  serverCert: "server.crt",
  signingKey: "signing-key.pem",
  signingCert: "signing-key.crt",
} as const;

const DAY = 24 * 60 * 60 * 1000;
// As long as the server certificate it signs, no longer: an emulator CA is for a demo or a test.
const CA_LIFETIME_DAYS = 825;
// Apple platforms refuse TLS server certificates valid for more than 825 days, even under a
// locally trusted root; mkcert uses the same limit.
const SERVER_CERT_LIFETIME_DAYS = 825;
const SIGNING_CERT_LIFETIME_DAYS = 20 * 365;
const WAIT_FOR_OTHER_CREATOR_MS = 30_000;

export interface EmulatorCredentials {
  caCertPath: string;
  tls: { key: string; cert: string };
  signing: { privateKeyPem: string; certificatePem: string };
}

/** Creates the local CA, the localhost server certificate and the token-signing key once; reuses them afterwards. */
export async function ensureCertificateAuthority(dataDir: string): Promise<{ caCertPath: string }> {
  const caCertPath = path.resolve(dataDir, files.caCert);
  if (await exists(caCertPath)) return { caCertPath };
  await mkdir(dataDir, { recursive: true });
  const created = await createCredentialFiles(dataDir);
  if (!created) await waitForOtherCreator(dataDir);
  return { caCertPath };
}

export async function readEmulatorCredentials(dataDir: string): Promise<EmulatorCredentials> {
  const read = (name: string) => readFile(path.join(dataDir, name), "utf8");
  return {
    caCertPath: path.resolve(dataDir, files.caCert),
    tls: { key: await read(files.serverKey), cert: await read(files.serverCert) },
    signing: { privateKeyPem: await read(files.signingKey), certificatePem: await read(files.signingCert) },
  };
}

async function createCredentialFiles(dataDir: string): Promise<boolean> {
  const ca = newRsaKey();
  try {
    await writeFile(path.join(dataDir, files.caKey), ca.privateKey, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  const caName = [
    { name: "commonName", value: "Partner Portal Microsoft cloud emulator CA" },
    { name: "organizationName", value: "Local emulator - not Microsoft" },
  ];
  const caCert = issueCertificate({
    subject: caName,
    issuer: caName,
    publicKeyPem: ca.publicKey,
    issuerKeyPem: ca.privateKey,
    lifetimeDays: CA_LIFETIME_DAYS,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      { name: "subjectKeyIdentifier" },
      LOCAL_ONLY,
    ],
  });

  const server = newRsaKey();
  const serverCert = issueCertificate({
    subject: [{ name: "commonName", value: "localhost" }],
    issuer: caName,
    publicKeyPem: server.publicKey,
    issuerKeyPem: ca.privateKey,
    lifetimeDays: SERVER_CERT_LIFETIME_DAYS,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });

  // Entra publishes its token-signing keys as self-signed certificates with this subject.
  const signing = newRsaKey();
  const signingName = [{ name: "commonName", value: "accounts.accesscontrol.windows.net" }];
  const signingCert = issueCertificate({
    subject: signingName,
    issuer: signingName,
    publicKeyPem: signing.publicKey,
    issuerKeyPem: signing.privateKey,
    lifetimeDays: SIGNING_CERT_LIFETIME_DAYS,
    extensions: [],
  });

  await writeAtomically(dataDir, files.serverKey, server.privateKey);
  await writeAtomically(dataDir, files.serverCert, serverCert);
  await writeAtomically(dataDir, files.signingKey, signing.privateKey);
  await writeAtomically(dataDir, files.signingCert, signingCert);
  await writeAtomically(dataDir, files.caCert, caCert);
  return true;
}

async function waitForOtherCreator(dataDir: string): Promise<void> {
  const deadline = Date.now() + WAIT_FOR_OTHER_CREATOR_MS;
  while (Date.now() < deadline) {
    if (await exists(path.join(dataDir, files.caCert))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${path.join(dataDir, files.caKey)} exists but ${files.caCert} never appeared: an earlier creation of the ` +
      `emulator's certificates was interrupted. Delete ${dataDir} and start again.`,
  );
}

/**
 * Name constraints (RFC 5280 4.2.1.10): whoever trusts this CA trusts it for localhost and
 * 127.0.0.0/8 only, so its key, which sits in the data folder, cannot vouch for any real site.
 */
const LOCAL_ONLY = (() => {
  const { asn1 } = forge;
  const subtree = (name: forge.asn1.Asn1) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [name]);
  const dnsName = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, "localhost");
  const loopback = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, String.fromCharCode(127, 0, 0, 0, 255, 0, 0, 0));
  const permitted = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [subtree(dnsName), subtree(loopback)]);
  const value = asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [permitted])).getBytes();
  return { id: "2.5.29.30", critical: true, value };
})();

function newRsaKey(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

interface CertificateRequest {
  subject: forge.pki.CertificateField[];
  issuer: forge.pki.CertificateField[];
  publicKeyPem: string;
  issuerKeyPem: string;
  lifetimeDays: number;
  extensions: object[];
}

function issueCertificate(request: CertificateRequest): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(request.publicKeyPem);
  // A leading 0x01 keeps the DER integer positive, as RFC 5280 requires of serial numbers.
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - DAY);
  cert.validity.notAfter = new Date(now + request.lifetimeDays * DAY);
  cert.setSubject(request.subject);
  cert.setIssuer(request.issuer);
  cert.setExtensions(request.extensions);
  cert.sign(forge.pki.privateKeyFromPem(request.issuerKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

async function writeAtomically(dataDir: string, name: string, content: string): Promise<void> {
  const target = path.join(dataDir, name);
  const temporary = `${target}.${randomUUID()}.tmp`;
  await writeFile(temporary, content, { mode: name.endsWith(".crt") ? 0o644 : 0o600 });
  await rename(temporary, target);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
