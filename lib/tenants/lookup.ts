import "server-only";

import { getConfig } from "@/lib/config";
import { jsonOf, send, type HttpResponse } from "@/lib/http";

/** Why Microsoft named no tenant, for the form to say in the viewer's language. */
export type LookupProblem = { code: "unreachable" } | { code: "unknown"; tenant: string } | { code: "unexpected"; status: number };

export type TenantLookup = { found: true; tenantId: string } | { found: false; problem: LookupProblem };

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
    return { found: false, problem: { code: "unreachable" } };
  }
  if (response.status === 400 || response.status === 404) {
    return { found: false, problem: { code: "unknown", tenant: idOrDomain } };
  }
  const issuer = response.status === 200 ? (jsonOf(response) as { issuer?: unknown } | undefined)?.issuer : undefined;
  const tenantId = typeof issuer === "string" ? /\/([0-9a-f-]{36})\/v2\.0$/i.exec(issuer)?.[1] : undefined;
  if (!tenantId) return { found: false, problem: { code: "unexpected", status: response.status } };
  return { found: true, tenantId: tenantId.toLowerCase() };
}
