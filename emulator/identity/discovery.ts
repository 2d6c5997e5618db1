import { sendEntraError, tenantNotFound } from "../errors";
import { sendJson, type Exchange } from "../http";
import type { IdentityServices } from "./services";

/** GET /{tenant}/v2.0/.well-known/openid-configuration — Entra's v2 discovery document for one tenant. */
export function openIdConfiguration({ world }: IdentityServices, exchange: Exchange, tenantSegment: string): void {
  const tenant = world.tenant(tenantSegment);
  if (!tenant) return sendEntraError(exchange, tenantNotFound(tenantSegment, "invalid_tenant"));
  const base = `${exchange.origin}/${tenant.id}`;
  // Entra points jwks_uri at the app's own keys when discovery is asked with ?appid=.
  const appId = exchange.url.searchParams.get("appid");
  const keysQuery = appId ? `?appid=${encodeURIComponent(appId)}` : "";
  sendJson(exchange, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys${keysQuery}`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${exchange.origin}/graph/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host",
      "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email",
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "NA",
    // The emulator stands in for the public cloud, whose names these are; only msgraph_host is
    // served locally: Graph lives under /graph, so https://{msgraph_host}/v1.0/... resolves there.
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: `${exchange.url.host}/graph`,
    rbac_url: "https://pas.windows.net",
  });
}

/** GET /{tenant}/discovery/v2.0/keys — the token-signing keys, in Entra's JWKS shape. */
export function signingKeys({ world, signer }: IdentityServices, exchange: Exchange, tenantSegment: string): void {
  const tenant = world.tenant(tenantSegment);
  if (!tenant) return sendEntraError(exchange, tenantNotFound(tenantSegment, "invalid_tenant"));
  sendJson(exchange, 200, {
    keys: [{ ...signer.jsonWebKey(), cloud_instance_name: "microsoftonline.com", issuer: `${exchange.origin}/${tenant.id}/v2.0` }],
  });
}
