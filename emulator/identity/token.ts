import { createHash } from "node:crypto";
import type { Disruption } from "../control/faults";
import {
  applicationDisabled,
  codeAlreadyRedeemed,
  codeExpired,
  codeForOtherClient,
  codeForOtherTenant,
  codeVerifierMismatch,
  codeVerifierMissing,
  expiredClientSecret,
  malformedGrant,
  missingParameter,
  postOnly,
  replyAddressMismatch,
  sendEntraError,
  tenantNotFound,
  tenantThrottled,
  transientError,
  unsupportedGrantType,
  type EntraError,
} from "../errors";
import { readForm, sendJson, type Exchange } from "../http";
import type { Tenant } from "../world/world";
import type { CodeChallenge } from "./authorization-codes";
import { authenticateClient, type AuthenticatedClient } from "./client-authentication";
import { issueClientCredentialsToken } from "./client-credentials";
import type { IdentityServices } from "./services";
import { issueUserTokens } from "./user-tokens";

/** A token request whose tenant is known and whose client has proved its identity. */
export interface ClientRequest {
  tenant: Tenant;
  client: AuthenticatedClient;
  form: URLSearchParams;
}

type GrantHandler = (services: IdentityServices, exchange: Exchange, request: ClientRequest) => void;

const grantHandlers: Record<string, GrantHandler> = {
  authorization_code: redeemAuthorizationCode,
  client_credentials: issueClientCredentialsToken,
};

const refusedRedemption = { unknown: malformedGrant, expired: codeExpired, redeemed: codeAlreadyRedeemed };

/** POST /{tenant}/oauth2/v2.0/token */
export async function token(services: IdentityServices, exchange: Exchange, tenantSegment: string): Promise<void> {
  const tenant = services.world.tenant(tenantSegment);
  const disruption = await services.control.intercept("token", tenant?.id);
  if (disruption?.kind === "hang") return;
  if (exchange.req.method !== "POST") return sendEntraError(exchange, postOnly(exchange.req.method ?? "GET"));
  if (!tenant) return sendEntraError(exchange, tenantNotFound(tenantSegment, "invalid_request"));
  const form = await readForm(exchange);
  if (disruption) return sendFault(exchange, disruption, form.get("client_id") ?? "");
  const grantType = form.get("grant_type");
  if (!grantType) return sendEntraError(exchange, missingParameter("grant_type"));
  const handleGrant = Object.hasOwn(grantHandlers, grantType) ? grantHandlers[grantType] : undefined;
  if (!handleGrant) return sendEntraError(exchange, unsupportedGrantType(grantType));
  const client = authenticateClient(services.world, exchange, tenant, form);
  if ("code" in client) return sendEntraError(exchange, client);
  handleGrant(services, exchange, { tenant, client, form });
}

// Injected faults answer in Entra's words, whatever the grant.
function sendFault(exchange: Exchange, { status, retryAfterSeconds }: Extract<Disruption, { kind: "status" }>, clientId: string): void {
  if (status === 429) {
    exchange.res.setHeader("retry-after", String(retryAfterSeconds));
    return sendEntraError(exchange, tenantThrottled());
  }
  if (status === 401) return sendEntraError(exchange, expiredClientSecret(clientId));
  if (status === 403) return sendEntraError(exchange, applicationDisabled(clientId));
  sendEntraError(exchange, transientError(status));
}

function redeemAuthorizationCode({ world, signer, codes }: IdentityServices, exchange: Exchange, request: ClientRequest): void {
  const { tenant, client, form } = request;
  const { app } = client;
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
      groupIds: world.groupIdsOf(user.oid),
      appidacr: client.appidacr,
      nonce: grant.nonce,
    }),
  );
}

function verifierMatches(challenge: CodeChallenge, verifier: string): boolean {
  const expected = challenge.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return expected === challenge.value;
}
