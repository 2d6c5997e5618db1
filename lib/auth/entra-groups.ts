import "server-only";

import { getConfig } from "@/lib/config";
import { jsonOf, send } from "@/lib/http";
import { log, reason } from "@/lib/log";

/** What an ID token says of the user's groups: the ids, or that there were too many to list. */
export interface GroupClaims {
  groups?: unknown;
  _claim_names?: unknown;
}

/**
 * The staff member's Entra group ids, or null when they cannot be read. Entra lists at most 200
 * groups in a token; beyond that it names a source instead (the "overage"), and the groups are read
 * from Graph with the sign-in's own Graph token: User.Read lets a user read their own memberships.
 * The legacy graph.windows.net address that source names is never called.
 */
export async function entraGroupsOf(claims: GroupClaims, graphToken: string | undefined): Promise<string[] | null> {
  if (Array.isArray(claims.groups)) return claims.groups.filter((group): group is string => typeof group === "string");
  const overage = typeof claims._claim_names === "object" && claims._claim_names !== null && "groups" in claims._claim_names;
  if (!overage) return [];
  if (!graphToken) return null;
  const { microsoft, upstreamTimeoutMs } = getConfig();
  try {
    const response = await send(`${microsoft.graphApiBase}/v1.0/me/getMemberObjects`, {
      method: "POST",
      headers: { authorization: `Bearer ${graphToken}`, "content-type": "application/json" },
      body: JSON.stringify({ securityEnabledOnly: true }),
      timeoutMs: upstreamTimeoutMs,
    });
    const value = response.status === 200 ? (jsonOf(response) as { value?: unknown } | undefined)?.value : undefined;
    if (!Array.isArray(value)) {
      log.error({ status: response.status }, "Reading a staff member's Entra groups failed");
      return null;
    }
    return value.filter((group): group is string => typeof group === "string");
  } catch (error) {
    log.error({ err: reason(error) }, "Reading a staff member's Entra groups failed");
    return null;
  }
}
