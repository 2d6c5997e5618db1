import "server-only";

import { getConfig } from "@/lib/config";
import { jsonOf, send, type HttpResponse } from "@/lib/http";

export type TenantLookup = { found: true; tenantId: string } | { found: false; message: string };

/**
 * Finds a tenant's id from its id or one of its verified domains, through the authority's OpenID
 * discovery document: its issuer names the tenant id. Also catches a mistyped tenant id.
 */
export async function lookUpTenant(idOrDomain: string): Promise<TenantLookup> {
  const { microsoft, upstreamTimeoutMs } = getConfig();
  let response: HttpResponse;
  try {
    response = await send(`${microsoft.authorityHost}/${encodeURIComponent(idOrDomain)}/v2.0/.well-known/openid-configuration`, {
      timeoutMs: upstreamTimeoutMs,
    });
  } catch {
    return { found: false, message: "Could not reach Microsoft to look up the tenant. Try again in a minute." };
  }
  if (response.status === 400 || response.status === 404) {
    return { found: false, message: `Microsoft knows no tenant with the id or verified domain "${idOrDomain}".` };
  }
  const issuer = response.status === 200 ? (jsonOf(response) as { issuer?: unknown } | undefined)?.issuer : undefined;
  const tenantId = typeof issuer === "string" ? /\/([0-9a-f-]{36})\/v2\.0$/i.exec(issuer)?.[1] : undefined;
  if (!tenantId) return { found: false, message: `Microsoft gave an unexpected answer (HTTP ${response.status}). Try again later.` };
  return { found: true, tenantId: tenantId.toLowerCase() };
}
