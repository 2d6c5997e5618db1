import { createHash, timingSafeEqual } from "node:crypto";
import {
  applicationNotFound,
  codeAlreadyRedeemed,
  codeExpired,
  codeForOtherClient,
  codeForOtherTenant,
  codeVerifierMismatch,
  codeVerifierMissing,
  invalidClientSecret,
  malformedGrant,
  missingClientSecret,
  missingParameter,
  postOnly,
  replyAddressMismatch,
  sendEntraError,
  tenantNotFound,
  unsupportedGrantType,
  type EntraError,
} from "../errors";
import { header, readForm, sendJson, type Exchange } from "../http";
import type { Application, Tenant } from "../world/world";
import type { CodeChallenge } from "./authorization-codes";
import type { IdentityServices } from "./services";
import { issueUserTokens } from "./user-tokens";

/** A token request whose tenant is known and whose client has proved its identity. */
interface ClientRequest {
  tenant: Tenant;
  app: Application;
  form: URLSearchParams;
}

type GrantHandler = (services: IdentityServices, exchange: Exchange, request: ClientRequest) => void;

// client_credentials joins this table with the consent work: it needs service principals and
// app role assignments in the customer tenant, which the world does not model yet.
const grantHandlers: Record<string, GrantHandler> = {
  authorization_code: redeemAuthorizationCode,
};

const refusedRedemption = { unknown: malformedGrant, expired: codeExpired, redeemed: codeAlreadyRedeemed };

/** POST /{tenant}/oauth2/v2.0/token */
export async function token(services: IdentityServices, exchange: Exchange, tenantSegment: string): Promise<void> {
  if (exchange.req.method !== "POST") return sendEntraError(exchange, postOnly(exchange.req.method ?? "GET"));
  const tenant = services.world.tenant(tenantSegment);
  if (!tenant) return sendEntraError(exchange, tenantNotFound(tenantSegment, "invalid_request"));
  const form = await readForm(exchange);
  const grantType = form.get("grant_type");
  if (!grantType) return sendEntraError(exchange, missingParameter("grant_type"));
  const handleGrant = Object.hasOwn(grantHandlers, grantType) ? grantHandlers[grantType] : undefined;
  if (!handleGrant) return sendEntraError(exchange, unsupportedGrantType(grantType));
  const client = authenticateClient(services, exchange, tenant, form);
  if ("code" in client) return sendEntraError(exchange, client);
  handleGrant(services, exchange, { tenant, app: client, form });
}

/** Confidential clients prove themselves with a secret, in the body (client_secret_post) or in Basic auth. */
function authenticateClient(
  { world }: IdentityServices,
  exchange: Exchange,
  tenant: Tenant,
  form: URLSearchParams,
): Application | EntraError {
  const basic = basicCredentials(header(exchange.req, "authorization"));
  const clientId = basic?.clientId ?? form.get("client_id");
  if (!clientId) return missingParameter("client_id");
  const app = world.application(clientId);
  if (!app) return applicationNotFound(clientId, tenant.displayName);
  const secret = basic?.secret ?? form.get("client_secret");
  if (!secret) return missingClientSecret();
  if (!app.secrets.some((known) => sameSecret(known, secret))) return invalidClientSecret(app.appId);
  return app;
}

function redeemAuthorizationCode({ world, signer, codes }: IdentityServices, exchange: Exchange, request: ClientRequest): void {
  const { tenant, app, form } = request;
  const fail = (error: EntraError) => sendEntraError(exchange, error);
  const code = form.get("code");
  if (!code) return fail(missingParameter("code"));
  const redemption = codes.redeem(code);
  if (redemption.outcome !== "granted") return fail(refusedRedemption[redemption.outcome]());
  const { grant } = redemption;
  if (grant.tenantId !== tenant.id) return fail(codeForOtherTenant());
  if (grant.clientId !== app.appId) return fail(codeForOtherClient());
  const redirectUri = form.get("redirect_uri");
  if (!redirectUri) return fail(missingParameter("redirect_uri"));
  if (redirectUri !== grant.redirectUri) return fail(replyAddressMismatch(redirectUri, grant.redirectUri));
  if (grant.codeChallenge) {
    const verifier = form.get("code_verifier");
    if (!verifier) return fail(codeVerifierMissing());
    if (!verifierMatches(grant.codeChallenge, verifier)) return fail(codeVerifierMismatch());
  }
  const user = tenant.users.find((candidate) => candidate.oid === grant.userOid);
  if (!user) return fail(malformedGrant());
  sendJson(
    exchange,
    200,
    issueUserTokens(signer, exchange.origin, {
      tenant,
      user,
      app,
      scopes: grant.scopes,
      roles: world.appRolesOf(user, app.appId),
      nonce: grant.nonce,
    }),
  );
}

function verifierMatches(challenge: CodeChallenge, verifier: string): boolean {
  const expected = challenge.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return expected === challenge.value;
}

// RFC 6749 §2.3.1: Basic credentials are form-urlencoded before being joined and base64-encoded.
function basicCredentials(authorization: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function sameSecret(known: string, presented: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(known), digest(presented));
}
