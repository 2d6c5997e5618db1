// Given up front, this metadata spares MSAL its instance-discovery and OpenID-configuration
// requests: per tenant, the token POST is then the only round trip.
export function authorityMetadata(authorityHost: string, tenantId: string): string {
  const base = `${authorityHost}/${tenantId}`;
  return JSON.stringify({
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
  });
}

export function cloudDiscoveryMetadata(authorityHost: string): string {
  const host = new URL(authorityHost).host;
  return JSON.stringify({
    tenant_discovery_endpoint: `${authorityHost}/{tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}
