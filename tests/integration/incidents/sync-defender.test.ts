import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { syncTenant } from "@/lib/incidents/sync";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM, LITWARE_TENANT_ID as LITWARE } from "@/tests/support/seed-ids";
import { upstreamIncidents } from "@/tests/support/upstream";

let world: PortalWorld;
const control = () => world.emulator.control;

/** The store's rows against Microsoft's list; the Defender API lists "awaiting action" incidents as active. */
async function expectStoreEqualsUpstream(tenantId: string) {
  const rows = await world.database.client.incident.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
  const upstream = await upstreamIncidents(tenantId);
  expect(rows.map((row) => [row.id, row.status, row.assignedTo, row.lastUpdatedAt.toISOString()])).toEqual(
    upstream.map((incident) => [incident.id, incident.status === "awaitingAction" ? "active" : incident.status, incident.assignedTo, new Date(incident.lastUpdatedAt).toISOString()]),
  );
}

describe("the incident sync on the legacy Defender API", () => {
  beforeAll(async () => {
    world = await startPortalWorld({ INCIDENT_API: "defender" });
    for (const tenant of [FABRIKAM, LITWARE]) await control().grantConsent(tenant, APP, { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] });
    await resetConsentedTenants(world, [FABRIKAM, LITWARE]);
  });
  afterAll(() => world.close());

  it("backfills a tenant of 1,200 incidents: the store equals Microsoft's list", async () => {
    expect(await syncTenant(LITWARE, 60_000)).toMatchObject({ ok: true, complete: true });
    await expectStoreEqualsUpstream(LITWARE);
  });

  it("then brings in what changed", async () => {
    await syncTenant(FABRIKAM, 60_000);
    const [open] = await world.database.client.incident.findMany({ where: { tenantId: FABRIKAM, status: "active" } });
    const created = await control().createIncident(FABRIKAM, { displayName: "Raised after the backfill" });
    await control().updateIncident(FABRIKAM, open.id, { status: "resolved", classification: "falsePositive", determination: "notMalicious" });
    await world.database.client.tenantSync.update({ where: { tenantId: FABRIKAM }, data: { nextAttemptAt: new Date(0) } });
    expect(await syncTenant(FABRIKAM, 60_000)).toMatchObject({ ok: true, complete: true });
    expect(await world.database.client.incident.findUnique({ where: { tenantId_id: { tenantId: FABRIKAM, id: created.id } } })).toMatchObject({ title: "Raised after the backfill" });
    expect(await world.database.client.incident.findUnique({ where: { tenantId_id: { tenantId: FABRIKAM, id: open.id } } })).toMatchObject({ status: "resolved", classification: "falsePositive" });
    await expectStoreEqualsUpstream(FABRIKAM);
  });
});
