import { missingParameter, sendEntraError, unknownInstance } from "../errors";
import { sendJson, type Exchange } from "../http";

/**
 * GET /common/discovery/instance?api-version=1.1&authorization_endpoint=... — Entra's cloud instance
 * discovery, which MSAL calls before anything else for an authority it has no built-in metadata for.
 * The emulator is one cloud with one host: the host the client used is the preferred network and
 * cache host and the only alias. An authorize endpoint on another host is not one of its instances.
 */
export function instanceDiscovery(exchange: Exchange): void {
  const params = exchange.url.searchParams;
  const authorizationEndpoint = params.get("authorization_endpoint");
  if (!authorizationEndpoint) return sendEntraError(exchange, missingParameter("authorization_endpoint"));
  const tenant = tenantOf(authorizationEndpoint, exchange.url.host);
  if (tenant === undefined) return sendEntraError(exchange, unknownInstance());
  const host = exchange.url.host;
  sendJson(exchange, 200, {
    tenant_discovery_endpoint: `${exchange.origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": params.get("api-version") ?? "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

/** The tenant segment of an https authorize URL on this host (v2 or v1), or undefined. */
function tenantOf(authorizationEndpoint: string, host: string): string | undefined {
  let url: URL;
  try {
    url = new URL(authorizationEndpoint);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.host.toLowerCase() !== host.toLowerCase()) return undefined;
  return /^\/([^/]+)\/oauth2\/(?:v2\.0\/)?authorize$/.exec(url.pathname)?.[1];
}
