import { setTimeout as sleep } from "node:timers/promises";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startIncidentSync, stopIncidentSync } from "@/lib/incidents/sync-jobs";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM, TAILSPIN_TENANT_ID as TAILSPIN, WOODGROVE_TENANT_ID as WOODGROVE } from "@/tests/support/seed-ids";

const TENANTS = [FABRIKAM, WOODGROVE, TAILSPIN];

let world: PortalWorld;
const control = () => world.emulator.control;
const graphCalls = (tenantId: string) => control().counters().byEndpoint.graph?.[tenantId] ?? 0;
const syncState = (tenantId: string) => world.database.client.tenantSync.findUnique({ where: { tenantId } });

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(100);
  }
  throw new Error(`Gave up waiting for ${what}`);
}

describe("the sync runner", () => {
  beforeAll(async () => {
    world = await startPortalWorld({ SYNC_INTERVAL_SECONDS: "2", UPSTREAM_TIMEOUT_SECONDS: "1", SYNC_LEASE_SECONDS: "10" });
    for (const tenant of TENANTS) await control().grantConsent(tenant, APP, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await resetConsentedTenants(world, TENANTS);
  });
  afterAll(async () => {
    await stopIncidentSync();
    await world.close();
  });

  it("syncs every consented tenant once per interval; a hanging or throttled tenant holds back no other", async () => {
    control().setFaults(WOODGROVE, { hang: true, endpoints: ["graph"] });
    control().setFaults(TAILSPIN, { forceStatus: 429, retryAfterSeconds: 60, endpoints: ["graph"] });
    await startIncidentSync();
    const first = await waitFor("Fabrikam's first sync", () => syncState(FABRIKAM), (state) => state?.lastSuccessAt != null);
    await waitFor("Fabrikam's next sync", () => syncState(FABRIKAM), (state) => state!.lastSuccessAt! > first!.lastSuccessAt!);
    const calls = graphCalls(FABRIKAM);
    await sleep(4_200);
    // Two more intervals of 2 s: two more list calls, give or take the one under way.
    expect(graphCalls(FABRIKAM) - calls).toBeGreaterThanOrEqual(1);
    expect(graphCalls(FABRIKAM) - calls).toBeLessThanOrEqual(3);

    expect(await syncState(WOODGROVE)).toMatchObject({ problem: "timeout", lastSuccessAt: null });
    expect(await syncState(TAILSPIN)).toMatchObject({ problem: "throttled" });
    // Microsoft said to come back in 60 s: the tenant was asked once.
    expect(graphCalls(TAILSPIN)).toBe(1);
    expect((await world.database.client.incident.count({ where: { tenantId: FABRIKAM } })) > 0).toBe(true);
    // The jobs went through pg-boss, in the portal's own database (PGlite or PostgreSQL).
    const [{ jobs }] = await world.database.client.$queryRaw<{ jobs: bigint }[]>`SELECT count(*) AS jobs FROM pgboss.job WHERE name = 'incident-sync'`;
    expect(Number(jobs)).toBeGreaterThan(0);
  });
});
