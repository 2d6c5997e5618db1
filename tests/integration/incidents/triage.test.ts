import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { graphSource } from "@/lib/incidents/graph";
import type { Incident } from "@/lib/incidents/model";
import { syncTenant } from "@/lib/incidents/sync";
import { triageIncident, type Seen } from "@/lib/incidents/triage";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM, TAILSPIN_TENANT_ID as TAILSPIN } from "@/tests/support/seed-ids";

const READ_WRITE = ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"];
const ANALYST = "analyst@northwind-partners.example";
// An analyst who sees every tenant.
const BY = { email: ANALYST, scope: "everyTenant" as const };
// Single-incident writes read the incident from Microsoft first, as the incident page does.
const LIVE = { check: "microsoft" } as const;

let world: PortalWorld;
const control = () => world.emulator.control;
const patches = (tenantId: string) => control().counters().byEndpoint.graph?.[tenantId] ?? 0;

const seenOf = (incident: Incident): Seen => ({ assignedTo: incident.assignedTo, status: incident.status, classification: incident.classification, lastUpdatedAt: incident.lastUpdatedAt });

async function openIncident(tenantId: string): Promise<Incident> {
  const row = await world.database.client.incident.findFirstOrThrow({ where: { tenantId, status: "active" }, orderBy: { id: "asc" } });
  return graphSource.get(tenantId, row.id);
}

describe("triage written back through Microsoft Graph", () => {
  beforeAll(async () => {
    world = await startPortalWorld();
    await control().grantConsent(FABRIKAM, APP, { graph: READ_WRITE, defender: [] });
    await control().grantConsent(TAILSPIN, APP, { graph: ["SecurityIncident.Read.All"], defender: [] });
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    await resetConsentedTenants(world, [FABRIKAM], READ_WRITE);
    await world.database.client.tenant.create({ data: { id: TAILSPIN, displayName: "Tailspin", addedBy: "test", status: "consented", grantedRoles: ["SecurityIncident.Read.All"] } });
    for (const tenant of [FABRIKAM, TAILSPIN]) await syncTenant(tenant, 60_000);
  });

  it("assigns, classifies and resolves an incident in Microsoft, updates the stored copy and audits each write", async () => {
    let incident = await openIncident(FABRIKAM);
    expect(await triageIncident(BY, FABRIKAM, incident.id, { assignedTo: ANALYST }, seenOf(incident), LIVE)).toMatchObject({ outcome: "done" });
    incident = await graphSource.get(FABRIKAM, incident.id);
    expect(incident.assignedTo).toBe(ANALYST);
    const change = { status: "resolved", classification: "truePositive", determination: "phishing" } as const;
    expect(await triageIncident(BY, FABRIKAM, incident.id, change, seenOf(incident), LIVE)).toMatchObject({ outcome: "done" });

    expect(await graphSource.get(FABRIKAM, incident.id)).toMatchObject({ status: "resolved", classification: "truePositive", determination: "phishing", assignedTo: ANALYST });
    expect(await world.database.client.incident.findUniqueOrThrow({ where: { tenantId_id: { tenantId: FABRIKAM, id: incident.id } } })).toMatchObject({ status: "resolved", assignedTo: ANALYST });
    const trail = await world.database.client.auditEvent.findMany({ where: { action: "incident.changed", target: FABRIKAM }, orderBy: { id: "asc" } });
    expect(trail.map((event) => event.details)).toEqual([
      expect.objectContaining({ incidentId: incident.id, result: "done", before: expect.objectContaining({ assignedTo: null }), after: { assignedTo: ANALYST } }),
      expect.objectContaining({ incidentId: incident.id, result: "done", after: change }),
    ]);
  });

  it("never overwrites a change made in Microsoft meanwhile: shows it, and writes only when told to", async () => {
    const seen = await openIncident(FABRIKAM);
    await control().updateIncident(FABRIKAM, seen.id, { assignedTo: "someone.else@customer.example", status: "inProgress" });
    const result = await triageIncident(BY, FABRIKAM, seen.id, { assignedTo: ANALYST }, seenOf(seen), LIVE);
    expect(result).toMatchObject({ outcome: "conflict", current: { assignedTo: "someone.else@customer.example", status: "inProgress" } });
    expect((await graphSource.get(FABRIKAM, seen.id)).assignedTo).toBe("someone.else@customer.example");

    expect(await triageIncident(BY, FABRIKAM, seen.id, { assignedTo: ANALYST }, seenOf(seen), { ...LIVE, overwrite: true })).toMatchObject({ outcome: "done" });
    expect((await graphSource.get(FABRIKAM, seen.id)).assignedTo).toBe(ANALYST);
  });

  it("refuses, without calling Microsoft, a tenant that granted read access only", async () => {
    const incident = await openIncident(TAILSPIN);
    control().resetCounters();
    const result = await triageIncident(BY, TAILSPIN, incident.id, { assignedTo: ANALYST }, seenOf(incident), LIVE);
    expect(result).toMatchObject({ outcome: "refused", message: expect.stringContaining("SecurityIncident.ReadWrite.All") });
    expect(patches(TAILSPIN)).toBe(0);
  });

  it("reports Microsoft's refusal of a bad value and leaves the incident as it was", async () => {
    const incident = await openIncident(FABRIKAM);
    const result = await triageIncident(BY, FABRIKAM, incident.id, { classification: "falsePositive", determination: "phishing" }, seenOf(incident), LIVE);
    expect(result).toMatchObject({ outcome: "refused", message: expect.stringContaining("Microsoft refused the change") });
    expect(await graphSource.get(FABRIKAM, incident.id)).toMatchObject({ classification: incident.classification, lastUpdatedAt: incident.lastUpdatedAt });
  });

  it("keeps merged incidents read-only", async () => {
    const merged = await world.database.client.incident.findFirst({ where: { tenantId: FABRIKAM, status: "redirected" } });
    expect(merged).not.toBeNull();
    const incident = await graphSource.get(FABRIKAM, merged!.id);
    expect(await triageIncident(BY, FABRIKAM, incident.id, { assignedTo: ANALYST }, seenOf(incident), LIVE)).toMatchObject({ outcome: "refused", message: expect.stringContaining("merged") });
  });
});
