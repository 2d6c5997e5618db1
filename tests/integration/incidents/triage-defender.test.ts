import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { defenderSource } from "@/lib/incidents/defender";
import { graphSource } from "@/lib/incidents/graph";
import { syncTenant } from "@/lib/incidents/sync";
import { triageIncident } from "@/lib/incidents/triage";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM } from "@/tests/support/seed-ids";

const READ_WRITE = ["Incident.Read.All", "Incident.ReadWrite.All"];
const ANALYST = "analyst@northwind-partners.example";
// An analyst who sees every tenant.
const BY = { email: ANALYST, scope: "everyTenant" as const };
// Single-incident writes read the incident from Microsoft first, as the incident page does.
const LIVE = { check: "microsoft" } as const;

let world: PortalWorld;

describe("triage written back through the Defender API", () => {
  beforeAll(async () => {
    world = await startPortalWorld({ INCIDENT_API: "defender" });
    await world.emulator.control.grantConsent(FABRIKAM, APP, { graph: ["SecurityIncident.Read.All"], defender: READ_WRITE });
    await resetConsentedTenants(world, [FABRIKAM], READ_WRITE);
    await syncTenant(FABRIKAM, 60_000);
  });
  afterAll(() => world.close());

  it("sets In progress, a false-positive classification, tags and a comment in one incident, as Defender and Graph then show it", async () => {
    const row = await world.database.client.incident.findFirstOrThrow({ where: { tenantId: FABRIKAM, status: "active" }, orderBy: { id: "asc" } });
    let incident = await defenderSource.get(FABRIKAM, row.id);
    const seen = () => ({ assignedTo: incident.assignedTo, status: incident.status, classification: incident.classification, lastUpdatedAt: incident.lastUpdatedAt });
    expect(await triageIncident(BY, FABRIKAM, row.id, { status: "inProgress", tags: ["vip", "Escalated"] }, seen(), LIVE)).toMatchObject({ outcome: "done" });
    incident = await defenderSource.get(FABRIKAM, row.id);
    const change = { classification: "falsePositive", determination: "notMalicious", comment: "Test phishing run by the customer's own security team." } as const;
    expect(await triageIncident(BY, FABRIKAM, row.id, change, seen(), LIVE)).toMatchObject({ outcome: "done" });

    const after = await defenderSource.get(FABRIKAM, row.id);
    expect(after).toMatchObject({ status: "inProgress", classification: "falsePositive", determination: "notMalicious", tags: ["vip", "Escalated"] });
    expect(after.comments.at(-1)?.text).toBe(change.comment);
    // Microsoft's other API shows the same incident.
    expect(await graphSource.get(FABRIKAM, row.id)).toMatchObject({ classification: "falsePositive", determination: "notMalicious" });
    expect(await world.database.client.incident.findUniqueOrThrow({ where: { tenantId_id: { tenantId: FABRIKAM, id: row.id } } })).toMatchObject({ status: "inProgress", classification: "falsePositive", tags: ["vip", "Escalated"] });
  });
});
