import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from "node:crypto";
import { startEmulator, type WorldSeed } from "@/emulator/server";

// Tests run with NODE_EXTRA_CA_CERTS pointing at this directory's ca.crt (created by
// `tsx emulator/main.ts --init-ca --data-dir .data/test/emulator` before vitest starts).
export const TEST_DATA_DIR = ".data/test/emulator";

export const PARTNER_TENANT_ID = "c1626cae-1399-4aec-adf5-acee23a42d47";
export const PARTNER_DOMAIN = "northwind-partners.example";
export const FABRIKAM_TENANT_ID = "d07e079e-4f7c-4c1e-bf93-dc6d19cc37c2";
export const PORTAL_APP_ID = "54b3e267-3d85-48b3-ad9d-e9cf50200a46";
export const PORTAL_SECRET = "emulator-demo-secret-only-valid-against-the-local-emulator";
export const PORTAL_REDIRECT_URI = "http://localhost:3000/api/auth/callback/azure-ad";
export const ADMIN = { upn: "admin@northwind-partners.example", oid: "95fbce71-c3a0-49ab-b24e-430589e36b3c", name: "Avery Admin" };
export const ANALYST = { upn: "analyst@northwind-partners.example", name: "Sam Analyst" };
export const VISITOR = { upn: "visitor@northwind-partners.example", oid: "606808d3-aff0-4cf8-b37f-b4ccf27cb892", name: "Riley Visitor" };

export function startTestEmulator(seed: string | WorldSeed = "emulator/seeds/default.json") {
  return startEmulator({ port: 0, dataDir: TEST_DATA_DIR, seed });
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

/** The hidden fields of the first form on a page, decoded as a browser would submit them. */
export function hiddenFields(html: string): URLSearchParams {
  const form = /<form[\s\S]*?<\/form>/.exec(html)?.[0] ?? "";
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
