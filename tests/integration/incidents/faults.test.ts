import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { tenantIncidents, type TenantIncidents } from "@/lib/incidents";
import { incidentsAcrossTenants } from "@/lib/incidents/queue";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import {
  PORTAL_APP_ID as APP,
  FABRIKAM_TENANT_ID as FABRIKAM,
  TAILSPIN_TENANT_ID as TAILSPIN,
  WOODGROVE_TENANT_ID as WOODGROVE,
} from "@/tests/support/seed-ids";

const TENANTS = [FABRIKAM, WOODGROVE, TAILSPIN];

let world: PortalWorld;
const control = () => world.emulator.control;
const graphCalls = (tenantId: string) => control().counters().byEndpoint.graph?.[tenantId] ?? 0;

describe("incidents when customers' tenants misbehave", () => {
  beforeAll(async () => {
    world = await startPortalWorld({ UPSTREAM_TIMEOUT_SECONDS: "1" });
    for (const tenant of TENANTS) await control().grantConsent(tenant, APP, { graph: ["SecurityIncident.Read.All"], defender: [] });
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    control().clearFaults();
    control().resetCounters();
    await resetConsentedTenants(world, TENANTS);
  });

  it("reports throttling with Microsoft's Retry-After instead of holding the page", async () => {
    control().setFaults(FABRIKAM, { forceStatus: 429, retryAfterSeconds: 30, endpoints: ["graph"] });
    const result = await tenantIncidents(FABRIKAM, "30d");
    expect(result).toMatchObject({ ok: false, problem: { kind: "throttled", retryAfterSeconds: 30 } });
    expect(graphCalls(FABRIKAM)).toBe(1);
    // The throttled answer is kept until Retry-After: viewers do not hammer the tenant meanwhile.
    expect(await tenantIncidents(FABRIKAM, "30d")).toBe(result);
    expect(graphCalls(FABRIKAM)).toBe(1);
  });

  it("waits out a short Retry-After once, then succeeds", async () => {
    control().setFaults(FABRIKAM, { forceStatus: 429, retryAfterSeconds: 1, endpoints: ["graph"] });
    setTimeout(() => control().clearFaults(FABRIKAM), 300);
    const started = Date.now();
    const result = await tenantIncidents(FABRIKAM, "30d");
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("retries a failing API a bounded number of times, then reports the failure", async () => {
    control().setFaults(FABRIKAM, { errorRate: 1, errorStatus: 503, endpoints: ["graph"] });
    const result = await tenantIncidents(FABRIKAM, "30d");
    expect(result).toMatchObject({ ok: false, problem: { kind: "failed", message: expect.stringContaining("503") } });
    expect(graphCalls(FABRIKAM)).toBe(3);
    expect((await world.database.client.tenant.findUniqueOrThrow({ where: { id: FABRIKAM } })).status).toBe("consented");
  });

  it("times out a hanging tenant while the other tenants' rows arrive first", async () => {
    control().setFaults(WOODGROVE, { hang: true, endpoints: ["graph"] });
    const order: TenantIncidents[] = [];
    const started = Date.now();
    for await (const result of incidentsAcrossTenants([WOODGROVE, FABRIKAM, TAILSPIN], "180d")) order.push(result);
    expect(order.map((r) => r.tenantId).slice(0, 2).sort()).toEqual([FABRIKAM, TAILSPIN].sort());
    expect(order[2]).toMatchObject({ tenantId: WOODGROVE, ok: false, problem: { kind: "timeout" } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("keeps other tenants readable when one tenant's sign-in endpoint fails", async () => {
    control().setFaults(TAILSPIN, { forceStatus: 503, endpoints: ["token"] });
    const results = new Map<string, TenantIncidents>();
    for await (const result of incidentsAcrossTenants(TENANTS, "180d")) results.set(result.tenantId, result);
    expect(results.get(TAILSPIN)).toMatchObject({ ok: false, problem: { kind: "failed" } });
    expect(results.get(FABRIKAM)?.ok && results.get(WOODGROVE)?.ok).toBe(true);
    expect((await world.database.client.tenant.findUniqueOrThrow({ where: { id: TAILSPIN } })).status).toBe("consented");
  });
});
