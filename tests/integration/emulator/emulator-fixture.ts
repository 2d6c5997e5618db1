import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, X509Certificate, type JsonWebKey } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import forge from "node-forge";
import { expect } from "vitest";
import { startEmulator, type WorldSeed } from "@/emulator/server";
import { ADMIN, FABRIKAM_TENANT_ID, PARTNER_TENANT_ID, PORTAL_APP_ID } from "@/tests/support/seed-ids";

export * from "@/tests/support/seed-ids";

// Tests run with NODE_EXTRA_CA_CERTS pointing at this directory's ca.crt (created by
// `tsx emulator/main.ts --init-ca --data-dir .data/test/emulator` before vitest starts).
export const TEST_DATA_DIR = ".data/test/emulator";

export const PORTAL_SECRET = "emulator-demo-secret-only-valid-against-the-local-emulator";
export const PORTAL_REDIRECT_URI = "http://localhost:3000/api/auth/callback/azure-ad";
export const CONSENT_REDIRECT_URI = "http://localhost:3000/consent/callback";
export const GRAPH_DEFAULT = "https://graph.microsoft.com/.default";
export const DEFENDER_DEFAULT = "https://api.security.microsoft.com/.default";

/**
 * Starts an emulator on a free port. The CA stays in TEST_DATA_DIR (NODE_EXTRA_CA_CERTS names it);
 * the world state goes to a fresh directory unless `stateDir` is given (restart tests share one).
 * A `clock` replaces Date.now, so tests can move time by hand.
 */
export async function startTestEmulator(
  seed: string | WorldSeed = "emulator/seeds/default.json",
  options: { stateDir?: string; control?: boolean; latencyMs?: number; clock?: () => number; liveSeconds?: number } = {},
) {
  const stateDir = options.stateDir ?? newStateDir();
  const emulator = await startEmulator({
    port: 0,
    dataDir: TEST_DATA_DIR,
    stateDir,
    seed,
    control: options.control,
    latencyMs: options.latencyMs,
    clock: options.clock,
    liveSeconds: options.liveSeconds,
  });
  const close = async () => {
    await emulator.close();
    if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
  };
  return { ...emulator, close };
}

export type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

export function newStateDir(): string {
  return mkdtempSync(path.join(tmpdir(), "emulator-state-"));
}

/** A fresh copy of the default seed, to change before starting an emulator with it. */
export async function defaultSeed(): Promise<WorldSeed> {
  return JSON.parse(await readFile("emulator/seeds/default.json", "utf8")) as WorldSeed;
}

/** The default seed with this certificate registered on the portal app (for private_key_jwt). */
export async function seedWithPortalCertificate(certificatePem: string): Promise<WorldSeed> {
  const seed = await defaultSeed();
  seed.applications[0].certificates = [certificatePem];
  return seed;
}

/** The seed with that tenant (one without incidents) made a tenant without Microsoft Defender XDR. */
export function withoutDefender(seed: WorldSeed, tenantId: string): WorldSeed {
  const tenant = seed.tenants.find((candidate) => candidate.id === tenantId);
  if (!tenant) throw new Error(`No tenant ${tenantId} in the seed`);
  tenant.defender = false;
  return seed;
}

export interface ClientCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** Hex thumbprints, as MSAL's clientCertificate option takes them. */
  sha1Thumbprint: string;
  sha256Thumbprint: string;
}

/** A self-signed certificate and key, as an app owner would upload to the app registration. */
export function createClientCertificate(): ClientCertificate {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const name = [{ name: "commonName", value: "Northwind Partner Portal" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const raw = new X509Certificate(certificatePem).raw;
  return {
    certificatePem,
    privateKeyPem: privateKey,
    sha1Thumbprint: createHash("sha1").update(raw).digest("hex"),
    sha256Thumbprint: createHash("sha256").update(raw).digest("hex"),
  };
}

/** An RS256 client assertion (private_key_jwt), with the claims Entra documents; override any part. */
export function clientAssertion(
  certificate: ClientCertificate,
  audience: string,
  overrides: { claims?: Record<string, unknown>; header?: Record<string, unknown>; privateKeyPem?: string } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", x5t: Buffer.from(certificate.sha1Thumbprint, "hex").toString("base64url"), ...overrides.header };
  const claims = { aud: audience, iss: PORTAL_APP_ID, sub: PORTAL_APP_ID, jti: randomBytes(8).toString("hex"), nbf: now, exp: now + 600, ...overrides.claims };
  const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${input}.${sign("sha256", Buffer.from(input), overrides.privateKeyPem ?? certificate.privateKeyPem).toString("base64url")}`;
}

export function requestAppToken(base: string, tenant: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${base}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: PORTAL_APP_ID, scope: GRAPH_DEFAULT, ...form }),
  });
}

export interface AdminConsentParams {
  tenant?: string;
  endpoint?: "v2" | "legacy";
  scope?: string | null;
  state?: string;
  redirectUri?: string;
  clientId?: string;
}

export function adminConsentUrl(base: string, params: AdminConsentParams = {}): string {
  const endpoint = params.endpoint ?? "v2";
  const url = new URL(`${base}/${params.tenant ?? FABRIKAM_TENANT_ID}/${endpoint === "v2" ? "v2.0/" : ""}adminconsent`);
  url.searchParams.set("client_id", params.clientId ?? PORTAL_APP_ID);
  url.searchParams.set("redirect_uri", params.redirectUri ?? CONSENT_REDIRECT_URI);
  const scope = params.scope === undefined ? GRAPH_DEFAULT : params.scope;
  if (endpoint === "v2" && scope !== null) url.searchParams.set("scope", scope);
  url.searchParams.set("state", params.state ?? "consent-state-1");
  return url.toString();
}

/** Posts the nth form of a page (its hidden fields plus `extra`), as a browser would; redirects are not followed. */
export function submitForm(pageUrl: string, html: string, extra: Record<string, string>, formIndex = 0): Promise<Response> {
  const fields = hiddenFields(html, formIndex);
  for (const [name, value] of Object.entries(extra)) fields.set(name, value);
  const action = [...html.matchAll(/<form[^>]*action="([^"]*)"/g)][formIndex]?.[1] ?? "";
  return fetch(new URL(decodeEntities(action), pageUrl), { method: "POST", body: fields, redirect: "manual" });
}

/** Opens a consent URL, picks the account, and (when given) clicks Accept or Cancel; returns the last response. */
export async function walkConsent(url: string, login: string, decision?: "accept" | "cancel"): Promise<Response> {
  const picker = await fetch(url, { redirect: "manual" });
  const consent = await submitForm(url, await picker.text(), { login });
  if (!decision || consent.status !== 200) return consent;
  return submitForm(url, await consent.text(), { decision });
}

/** The query of a redirect response's Location, or throws when it is not a redirect. */
export function redirectQuery(response: Response): { target: string; query: URLSearchParams } {
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) throw new Error(`Expected a redirect, got ${response.status}`);
  const url = new URL(location);
  return { target: `${url.origin}${url.pathname}`, query: url.searchParams };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface AuthorizeParams {
  tenant?: string;
  redirectUri?: string;
  challenge?: string;
  nonce?: string;
  state?: string;
  extra?: Record<string, string>;
}

export function authorizeUrl(base: string, params: AuthorizeParams = {}): string {
  const url = new URL(`${base}/${params.tenant ?? PARTNER_TENANT_ID}/oauth2/v2.0/authorize`);
  const query: Record<string, string> = {
    client_id: PORTAL_APP_ID,
    response_type: "code",
    redirect_uri: params.redirectUri ?? PORTAL_REDIRECT_URI,
    scope: "openid profile email",
    state: params.state ?? "state-123",
    ...(params.nonce && { nonce: params.nonce }),
    ...(params.challenge && { code_challenge: params.challenge, code_challenge_method: "S256" }),
    ...params.extra,
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/** The hidden fields of a form on a page (the first by default), decoded as a browser would submit them. */
export function hiddenFields(html: string, formIndex = 0): URLSearchParams {
  const form = [...html.matchAll(/<form[\s\S]*?<\/form>/g)][formIndex]?.[0] ?? "";
  const fields = new URLSearchParams();
  for (const input of form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.append(decodeEntities(input[1]), decodeEntities(input[2]));
  }
  return fields;
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** Opens the account picker and picks the account, as the browser form does; returns the response. */
export async function pickAccount(authorize: string, login: string): Promise<Response> {
  const picker = await fetch(authorize);
  const fields = hiddenFields(await picker.text());
  fields.set("login", login);
  const url = new URL(authorize);
  return fetch(`${url.origin}${url.pathname}`, { method: "POST", body: fields, redirect: "manual" });
}

export function redeemCode(base: string, form: Record<string, string>, tenant = PARTNER_TENANT_ID): Promise<Response> {
  return fetch(`${base}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: PORTAL_APP_ID,
      client_secret: PORTAL_SECRET,
      redirect_uri: PORTAL_REDIRECT_URI,
      ...form,
    }),
  });
}

/** Signs the admin in with login_hint and returns the code from the redirect. */
export async function codeFor(base: string, params: AuthorizeParams & { login?: string } = {}): Promise<string> {
  const response = await fetch(authorizeUrl(base, { ...params, extra: { login_hint: params.login ?? ADMIN.upn, ...params.extra } }), {
    redirect: "manual",
  });
  const code = new URL(response.headers.get("location") ?? "http://invalid/").searchParams.get("code");
  if (!code) throw new Error(`No code in redirect (status ${response.status})`);
  return code;
}

/** Checks an error response in Entra's shape (status, error, AADSTS code) and returns its body. */
export async function expectEntraError(response: Response, status: number, error: string, code: number) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  return body;
}

export function decodeJwtPart(token: string, part: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[part], "base64url").toString("utf8"));
}

/** Verifies an RS256 JWT against a JWKS document with node:crypto and returns its claims. */
export function verifyJwt(token: string, jwks: { keys: (JsonWebKey & { kid: string })[] }): Record<string, unknown> {
  const [header, payload, signature] = token.split(".");
  const { kid, alg } = decodeJwtPart(token, 0);
  if (alg !== "RS256") throw new Error(`Unexpected alg ${String(alg)}`);
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) throw new Error(`No key ${String(kid)} in the JWKS`);
  const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" });
  if (!verify("sha256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"))) {
    throw new Error("Bad signature");
  }
  return decodeJwtPart(token, 1);
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
