import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { graphSource } from "@/lib/incidents/graph";
import { syncTenant } from "@/lib/incidents/sync";
import { triageIncidents } from "@/lib/incidents/triage";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM, TAILSPIN_TENANT_ID as TAILSPIN, WOODGROVE_TENANT_ID as WOODGROVE } from "@/tests/support/seed-ids";

const READ_WRITE = ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"];
const ANALYST = "analyst@northwind-partners.example";
// An analyst who sees every tenant.
const BY = { email: ANALYST, scope: "everyTenant" as const };

let world: PortalWorld;
const control = () => world.emulator.control;

describe("bulk triage across tenants", () => {
  beforeAll(async () => {
    world = await startPortalWorld();
    await control().grantConsent(FABRIKAM, APP, { graph: READ_WRITE, defender: [] });
    await control().grantConsent(WOODGROVE, APP, { graph: READ_WRITE, defender: [] });
    await control().grantConsent(TAILSPIN, APP, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await resetConsentedTenants(world, [FABRIKAM, WOODGROVE], READ_WRITE);
    await world.database.client.tenant.create({ data: { id: TAILSPIN, displayName: "Tailspin", addedBy: "test", status: "consented", grantedRoles: ["SecurityIncident.Read.All"] } });
    for (const tenant of [FABRIKAM, WOODGROVE, TAILSPIN]) await syncTenant(tenant, 60_000);
  });
  afterAll(() => world.close());

  it("resolves incidents of three tenants, each with its own result: done, refused (read-only), failed (throttled)", async () => {
    const rows = await world.database.client.incident.findMany({ where: { status: "active" }, orderBy: [{ tenantId: "asc" }, { id: "asc" }] });
    const pick = (tenantId: string) => rows.filter((row) => row.tenantId === tenantId).slice(0, 2);
    const items = [FABRIKAM, WOODGROVE, TAILSPIN].flatMap(pick).map((row) => ({
      tenantId: row.tenantId,
      incidentId: row.id,
      seen: { assignedTo: row.assignedTo, status: row.status, classification: row.classification, lastUpdatedAt: row.lastUpdatedAt.toISOString() },
    }));
    control().setFaults(WOODGROVE, { forceStatus: 429, retryAfterSeconds: 60, endpoints: ["graph"] });
    const results = await triageIncidents(BY, items, { status: "resolved", classification: "truePositive", determination: "malware" });
    control().clearFaults(WOODGROVE);

    const outcomes = Object.fromEntries([FABRIKAM, WOODGROVE, TAILSPIN].map((tenant) => [tenant, results.filter((item) => item.tenantId === tenant).map((item) => item.result.outcome)]));
    expect(outcomes).toEqual({ [FABRIKAM]: ["done", "done"], [WOODGROVE]: ["failed", "failed"], [TAILSPIN]: ["refused", "refused"] });
    for (const item of items.filter((candidate) => candidate.tenantId === FABRIKAM)) {
      expect(await graphSource.get(FABRIKAM, item.incidentId)).toMatchObject({ status: "resolved", determination: "malware" });
    }
    for (const item of items.filter((candidate) => candidate.tenantId !== FABRIKAM)) {
      expect((await graphSource.get(item.tenantId, item.incidentId)).status).toBe("active");
    }
  });

  it("writes each incident with one call to Microsoft, and shows a change another analyst made since (in the store) as a conflict", async () => {
    const rows = (await world.database.client.incident.findMany({ where: { tenantId: FABRIKAM, status: "active" }, orderBy: { id: "asc" } })).slice(0, 3);
    expect(rows).toHaveLength(3);
    const items = rows.map((row) => ({
      tenantId: row.tenantId,
      incidentId: row.id,
      seen: { assignedTo: row.assignedTo, status: row.status, classification: row.classification, lastUpdatedAt: row.lastUpdatedAt.toISOString() },
    }));
    // A colleague takes the third incident in Microsoft's portal; the next sync stores it.
    await control().updateIncident(FABRIKAM, rows[2].id, { assignedTo: "soc@fabrikam.example" });
    await world.database.client.tenantSync.update({ where: { tenantId: FABRIKAM }, data: { nextAttemptAt: new Date() } });
    expect(await syncTenant(FABRIKAM, 60_000)).toMatchObject({ ok: true });
    control().resetCounters();

    const results = await triageIncidents(BY, items, { assignedTo: ANALYST });

    expect(Object.fromEntries(results.map((item) => [item.incidentId, item.result.outcome]))).toEqual({ [rows[0].id]: "done", [rows[1].id]: "done", [rows[2].id]: "conflict" });
    expect(control().counters().byEndpoint.graph?.[FABRIKAM]).toBe(2);
    expect(control().counters().byEndpoint.token).toBeUndefined();
    expect((await graphSource.get(FABRIKAM, rows[2].id)).assignedTo).toBe("soc@fabrikam.example");
  });
});
