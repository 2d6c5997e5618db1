import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { forgetTenantIncidents, tenantIncidents } from "@/lib/incidents";
import { forgetTenant } from "@/lib/tokens";
import { resetConsentedTenants, startPortalWorld, type PortalWorld, type TestEmulator } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM, WOODGROVE_TENANT_ID as WOODGROVE } from "@/tests/support/seed-ids";

const GRANT = { graph: ["SecurityIncident.Read.All"], defender: [] };

let world: PortalWorld;
let emulator: TestEmulator;

/** Counts the requests that reach the emulator for a tenant, from now on. */
function countRequests(tenantId: string) {
  emulator.control.resetCounters();
  const to = (endpoint: "graph" | "token") => emulator.control.counters().byEndpoint[endpoint]?.[tenantId] ?? 0;
  return { incidents: () => to("graph"), tokens: () => to("token") };
}

describe("a tenant's incidents in the portal", () => {
  beforeAll(async () => {
    world = await startPortalWorld({ INCIDENT_CACHE_SECONDS: "1" });
    emulator = world.emulator;
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    for (const tenant of [FABRIKAM, WOODGROVE]) await emulator.world.grantConsent(tenant, APP, GRANT);
    await resetConsentedTenants(world, [FABRIKAM, WOODGROVE]);
  });

  it("answers 20 concurrent identical requests with one token request and one upstream read", async () => {
    const requests = countRequests(FABRIKAM);
    const results = await Promise.all(Array.from({ length: 20 }, () => tenantIncidents(FABRIKAM, "180d")));
    expect(results.every((result) => result.ok && result.incidents.length > 0)).toBe(true);
    expect(requests.tokens()).toBe(1);
    expect(requests.incidents()).toBe(Math.ceil((results[0].ok ? results[0].incidents.length : 0) / 50) || 1);
  });

  it("serves the list from memory within the freshness window, then asks Microsoft again", async () => {
    const requests = countRequests(FABRIKAM);
    const first = await tenantIncidents(FABRIKAM, "7d");
    expect(await tenantIncidents(FABRIKAM, "7d")).toBe(first);
    const reads = requests.incidents();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const later = await tenantIncidents(FABRIKAM, "7d");
    expect(later.fetchedAt).toBeGreaterThan(first.fetchedAt);
    expect(requests.incidents()).toBeGreaterThan(reads);
  });

  it("flags the tenant as Consent lost when the customer removes the app mid-session", async () => {
    const before = await tenantIncidents(FABRIKAM, "30d");
    expect(before.ok).toBe(true);
    await emulator.world.revokeConsent(FABRIKAM, APP);
    // A refresh click right after an answer reuses it: clicking cannot cause throttling.
    expect(await tenantIncidents(FABRIKAM, "30d", { refresh: true })).toBe(before);
    // Later, the cached token expires (as at Microsoft it outlives the consent) and Entra refuses a new one.
    forgetTenant(FABRIKAM);
    forgetTenantIncidents(FABRIKAM);
    const result = await tenantIncidents(FABRIKAM, "30d");
    expect(result).toMatchObject({ ok: false, problem: { kind: "lost" } });
    expect(await world.database.client.tenant.findUniqueOrThrow({ where: { id: FABRIKAM } })).toMatchObject({ status: "lost" });
    expect((await tenantIncidents(WOODGROVE, "30d")).ok).toBe(true);
  });

  it("flags the tenant when the incident permission is removed and the API refuses the token", async () => {
    await emulator.world.removeAppRole(FABRIKAM, APP, "graph", "SecurityIncident.Read.All");
    const result = await tenantIncidents(FABRIKAM, "30d");
    expect(result).toMatchObject({ ok: false, problem: { kind: "lost", message: expect.stringContaining("403") } });
    expect(await world.database.client.tenant.findUniqueOrThrow({ where: { id: FABRIKAM } })).toMatchObject({
      status: "lost",
      lastError: expect.stringContaining("403"),
    });
  });
});
