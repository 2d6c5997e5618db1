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
  grantRevoked,
  malformedGrant,
  missingParameter,
  postOnly,
  replyAddressMismatch,
  sendEntraError,
  tenantNotFound,
  tenantThrottled,
  transientError,
  unsupportedGrantType,
  userDisabled,
  type EntraError,
} from "../errors";
import { readForm, sendJson, type Exchange } from "../http";
import type { Tenant, User } from "../world/world";
import type { CodeChallenge } from "./authorization-codes";
import { authenticateClient, type AuthenticatedClient } from "./client-authentication";
import { issueClientCredentialsToken } from "./client-credentials";
import type { IdentityServices } from "./services";
import type { RefreshGrant } from "./refresh-tokens";
import { parseScopes } from "./scopes";
import { issueUserTokens, type UserTokenResponse } from "./user-tokens";

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
  refresh_token: redeemRefreshToken,
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

function redeemAuthorizationCode(services: IdentityServices, exchange: Exchange, request: ClientRequest): void {
  const { codes } = services;
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
  if (!services.world.accountEnabled(user)) return fail(userDisabled());
  sendJson(exchange, 200, userTokens(services, exchange, request, user, { tenantId: tenant.id, clientId: app.appId, userOid: user.oid, scopes: grant.scopes, authenticatedAt: services.clock() }, grant.nonce));
}

/**
 * grant_type=refresh_token: new tokens for the same user, with the roles, groups and account state
 * Entra holds now. A disabled account (AADSTS50057) or sessions revoked after the sign-in (AADSTS50173)
 * refuse it. The scope asked for must be among the sign-in's; Entra requires it.
 */
function redeemRefreshToken(services: IdentityServices, exchange: Exchange, request: ClientRequest): void {
  const { world, refreshTokens, clock } = services;
  const { tenant, client, form } = request;
  const fail = (error: EntraError) => sendEntraError(exchange, error);
  const token = form.get("refresh_token");
  if (!token) return fail(missingParameter("refresh_token"));
  const scope = form.get("scope");
  if (!scope) return fail(missingParameter("scope"));
  const grant = refreshTokens.find(token, clock());
  if (!grant) return fail(malformedGrant());
  if (grant.tenantId !== tenant.id) return fail(codeForOtherTenant());
  if (grant.clientId !== client.app.appId) return fail(codeForOtherClient());
  const asked = parseScopes(scope);
  if ("unknownResource" in asked || !asked.scopes.graph.every((permission) => grant.scopes.graph.includes(permission))) return fail(malformedGrant());
  const user = tenant.users.find((candidate) => candidate.oid === grant.userOid);
  if (!user) return fail(malformedGrant());
  if (!world.accountEnabled(user)) return fail(userDisabled());
  const validFrom = world.tokensValidFrom(user);
  if (grant.authenticatedAt < validFrom) return fail(grantRevoked(grant.authenticatedAt, validFrom));
  sendJson(exchange, 200, userTokens(services, exchange, request, user, { ...grant, scopes: asked.scopes }));
}

/** A user's tokens as issued now, and a refresh token when the sign-in asked for `offline_access`. */
function userTokens(services: IdentityServices, exchange: Exchange, { tenant, client }: ClientRequest, user: User, grant: RefreshGrant, nonce?: string): UserTokenResponse {
  const tokens = issueUserTokens(services.signer, exchange.origin, {
    tenant,
    user,
    app: client.app,
    scopes: grant.scopes,
    roles: services.world.appRolesOf(user, client.app.appId),
    groupIds: services.world.groupIdsOf(user.oid),
    appidacr: client.appidacr,
    nonce,
  });
  if (!grant.scopes.openId.includes("offline_access")) return tokens;
  return { ...tokens, refresh_token: services.refreshTokens.issue(grant, services.clock()) };
}

function verifierMatches(challenge: CodeChallenge, verifier: string): boolean {
  const expected = challenge.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return expected === challenge.value;
}
