import { graphSource } from "@/lib/incidents/graph";
import type { Incident } from "@/lib/incidents/model";
import { syncTenant } from "@/lib/incidents/sync";

import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "./portal";
import { PORTAL_APP_ID } from "./seed-ids";

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/** A tenant's every incident as Microsoft Graph lists it, read in month-long windows (none beyond its $skip cap), by id. */
export async function upstreamIncidents(tenantId: string, now = Date.now()): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for (let from = now - 7 * MONTH_MS; from < now + MONTH_MS; from += MONTH_MS) {
    const last = from + MONTH_MS >= now + MONTH_MS;
    for await (const page of graphSource.updated(tenantId, { from: new Date(from), to: last ? null : new Date(from + MONTH_MS) })) incidents.push(...page);
  }
  return incidents.sort((a, b) => a.id.localeCompare(b.id));
}

/** A portal world where these tenants consented (Graph, read access) and were synced completely; their incidents as Microsoft lists them. */
export async function syncedWorld(tenantIds: string[]): Promise<{ world: PortalWorld; upstream: Incident[] }> {
  const world = await startPortalWorld({ INCIDENT_CACHE_SECONDS: "0" });
  for (const tenant of tenantIds) await world.emulator.control.grantConsent(tenant, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
  await resetConsentedTenants(world, tenantIds);
  for (const tenant of tenantIds) {
    const result = await syncTenant(tenant, 60_000);
    if (!("complete" in result && result.complete)) throw new Error(`the sync of ${tenant} did not complete: ${JSON.stringify(result)}`);
  }
  return { world, upstream: (await Promise.all(tenantIds.map((tenant) => upstreamIncidents(tenant)))).flat() };
}
