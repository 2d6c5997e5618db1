// The emulator seen from the bench: its request counters, incidents raised through its control API,
// and what its Graph API lists, asked directly with an app-only token.
import { DEMO } from "@/lib/config/demo";

export interface Counters {
  total: number;
  byEndpoint: Partial<Record<"token" | "graph" | "defender" | "authorize" | "discovery", Record<string, number>>>;
}

export async function counters(emulatorUrl: string): Promise<Counters> {
  const response = await fetch(`${emulatorUrl}/_emulator/control/counters`);
  if (!response.ok) throw new Error(`The emulator's counters answered HTTP ${response.status}: is --control on?`);
  return (await response.json()) as Counters;
}

/** Requests to one endpoint between two readings of the counters, per tenant. */
export function countedBetween(before: Counters, after: Counters, endpoint: keyof Counters["byEndpoint"]): Map<string, number> {
  const counted = new Map<string, number>();
  for (const [tenantId, count] of Object.entries(after.byEndpoint[endpoint] ?? {})) {
    const difference = count - (before.byEndpoint[endpoint]?.[tenantId] ?? 0);
    if (difference > 0) counted.set(tenantId, difference);
  }
  return counted;
}

export const sum = (counted: Map<string, number>) => [...counted.values()].reduce((total, count) => total + count, 0);

/** Raises an incident in the tenant, as Defender does while the portal runs. */
export async function createIncident(emulatorUrl: string, tenantId: string, fields: { displayName: string; severity: string }): Promise<{ id: string }> {
  const response = await fetch(`${emulatorUrl}/_emulator/control/tenants/${tenantId}/incidents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fields),
  });
  if (response.status !== 201) throw new Error(`Creating an incident in ${tenantId} answered HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/** How many of the tenant's incidents Graph lists as last updated at or after `since` (its `@odata.count`). */
export async function listedSince(emulatorUrl: string, tenantId: string, since: Date): Promise<number> {
  const tokenResponse = await fetch(`${emulatorUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: DEMO.clientId,
      client_secret: DEMO.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }),
  });
  const { access_token: accessToken } = (await tokenResponse.json()) as { access_token?: string };
  if (!accessToken) throw new Error(`No token for ${tenantId}: HTTP ${tokenResponse.status}`);
  const query = new URLSearchParams({ $filter: `lastUpdateDateTime ge ${since.toISOString()}`, $count: "true", $top: "1" });
  const response = await fetch(`${emulatorUrl}/graph/v1.0/security/incidents?${query}`, { headers: { authorization: `Bearer ${accessToken}` } });
  const body = (await response.json()) as { "@odata.count"?: number };
  if (!response.ok || typeof body["@odata.count"] !== "number") throw new Error(`Counting ${tenantId}'s incidents answered HTTP ${response.status}`);
  return body["@odata.count"];
}
