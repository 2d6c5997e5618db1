import { setTimeout as sleep } from "node:timers/promises";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { syncTenant } from "@/lib/incidents/sync";
import { Instances } from "@/tests/support/instances";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { upstreamIncidents } from "@/tests/support/upstream";
import {
  PORTAL_APP_ID as APP,
  FABRIKAM_TENANT_ID as FABRIKAM,
  LITWARE_TENANT_ID as LITWARE,
  PROSEWARE_TENANT_ID as PROSEWARE,
  TAILSPIN_TENANT_ID as TAILSPIN,
  WOODGROVE_TENANT_ID as WOODGROVE,
} from "@/tests/support/seed-ids";

const STEADY = [FABRIKAM, TAILSPIN, WOODGROVE, PROSEWARE];
const INTERVAL_SECONDS = 2;
const LEASE_SECONDS = 4;

let world: PortalWorld;
const instances = new Instances({ SYNC_INTERVAL_SECONDS: String(INTERVAL_SECONDS), SYNC_LEASE_SECONDS: String(LEASE_SECONDS), UPSTREAM_TIMEOUT_SECONDS: "10" });
const control = () => world.emulator.control;
const graphCalls = (tenantId: string) => control().counters().byEndpoint.graph?.[tenantId] ?? 0;
const syncState = (tenantId: string) => world.database.client.tenantSync.findUnique({ where: { tenantId } });

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, seconds = 60): Promise<T> {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await sleep(100)) {
    const value = await read();
    if (done(value)) return value;
  }
  throw new Error(`Gave up waiting for ${what}`);
}

// Several instances share one queue only on PostgreSQL (the embedded database has one process).
describe.skipIf(!process.env.TEST_DATABASE_URL)("several portal instances on one PostgreSQL", () => {
  beforeAll(async () => {
    world = await startPortalWorld();
    for (const tenant of [...STEADY, LITWARE]) await control().grantConsent(tenant, APP, { graph: ["SecurityIncident.Read.All"], defender: [] });
  });
  afterAll(async () => {
    instances.killAll();
    await world.close();
  });

  it("resumes a backfill cut short by SIGKILL from its cursor, on the other instance, after the lease", async () => {
    await resetConsentedTenants(world, [LITWARE]);
    control().resetCounters();
    await syncTenant(LITWARE, 60_000);
    const fullBackfill = graphCalls(LITWARE);

    await resetConsentedTenants(world, [LITWARE]);
    // Slow enough that the backfill of 1,200 incidents outlives the moment its instance dies.
    control().setFaults(LITWARE, { latencyMs: 300, endpoints: ["graph"] });
    const first = await instances.start();
    const started = await waitFor("a saved backfill cursor", () => syncState(LITWARE), (state) => state?.cursor != null);
    // Killed mid-slice (a slice is half the lease), before the other instance starts: the tenant stays claimed.
    first.kill("SIGKILL");
    control().resetCounters();
    await instances.start();
    control().clearFaults(LITWARE);

    const done = await waitFor("the backfill to finish", () => syncState(LITWARE), (state) => state?.lastSuccessAt != null);
    // The other instance waited out the dead one's lease, then went on from the saved cursor.
    expect(done!.lastStartedAt!.getTime() - started!.lastStartedAt!.getTime()).toBeGreaterThanOrEqual(LEASE_SECONDS * 1000);
    expect(graphCalls(LITWARE)).toBeLessThan(fullBackfill);
    const rows = await world.database.client.incident.findMany({ where: { tenantId: LITWARE }, orderBy: { id: "asc" } });
    expect(rows.map((row) => row.id)).toEqual((await upstreamIncidents(LITWARE)).map((incident) => incident.id));
  });

  it("reads each tenant once per interval in total, however many instances share the work", async () => {
    instances.killAll();
    await resetConsentedTenants(world, STEADY);
    await Promise.all([instances.start(), instances.start()]);
    for (const tenant of STEADY) await waitFor(`${tenant}'s first sync`, () => syncState(tenant), (state) => state?.lastSuccessAt != null);
    control().resetCounters();
    await sleep(3 * INTERVAL_SECONDS * 1000 + 500);
    // Three intervals: three list calls per tenant (one more if a sync was under way at either edge), not six.
    for (const tenant of STEADY) {
      expect(graphCalls(tenant), tenant).toBeGreaterThanOrEqual(2);
      expect(graphCalls(tenant), tenant).toBeLessThanOrEqual(4);
    }
  });
});
