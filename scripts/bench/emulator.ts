// The emulator's control API (request counters) and the upstream round trips measured without the portal.
import { DEMO } from "@/lib/config/demo";

interface Counters {
  total: number;
  byEndpoint: Partial<Record<"token" | "graph" | "defender" | "authorize" | "discovery", Record<string, number>>>;
}

export async function counters(emulatorUrl: string): Promise<Counters> {
  const response = await fetch(`${emulatorUrl}/_emulator/control/counters`);
  if (!response.ok) throw new Error(`The emulator's counters answered HTTP ${response.status}: is --control on?`);
  return (await response.json()) as Counters;
}

export async function resetCounters(emulatorUrl: string): Promise<void> {
  const response = await fetch(`${emulatorUrl}/_emulator/control/counters`, { method: "DELETE" });
  if (response.status !== 204) throw new Error(`Resetting the emulator's counters answered HTTP ${response.status}`);
}

/** What the portal does for a cold tenant, done directly: one token POST, then one incident list GET. */
export async function directRoundTrips(emulatorUrl: string, tenantId: string, since: Date): Promise<{ tokenMs: number; listMs: number }> {
  let started = performance.now();
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
  const tokenMs = performance.now() - started;
  if (!accessToken) throw new Error(`No token for ${tenantId}: HTTP ${tokenResponse.status}`);

  const query = new URLSearchParams({ $filter: `lastUpdateDateTime ge ${since.toISOString()}`, $orderby: "lastUpdateDateTime desc", $top: "50" });
  started = performance.now();
  const listResponse = await fetch(`${emulatorUrl}/graph/v1.0/security/incidents?${query}`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
  });
  await listResponse.json();
  const listMs = performance.now() - started;
  if (!listResponse.ok) throw new Error(`Listing ${tenantId}'s incidents answered HTTP ${listResponse.status}`);
  return { tokenMs, listMs };
}
