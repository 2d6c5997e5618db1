import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { defenderSource } from "@/lib/incidents/defender";
import { graphSource } from "@/lib/incidents/graph";
import type { IncidentDetail } from "@/lib/incidents/model";
import { startTestEmulator, type TestEmulator } from "@/tests/integration/emulator/emulator-fixture";
import { pointPortalAt } from "@/tests/support/portal";
import {
  ADATUM_TENANT_ID as ADATUM,
  PORTAL_APP_ID as APP,
  FABRIKAM_TENANT_ID as FABRIKAM,
  LITWARE_TENANT_ID as LITWARE,
  PROSEWARE_TENANT_ID as PROSEWARE,
} from "@/tests/support/seed-ids";

const SINCE = new Date("2026-01-01T00:00:00Z");
const BOTH = { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] };

let emulator: TestEmulator;

/** What both APIs can tell about an alert; evidence shapes differ between them by design. */
function comparable(incident: IncidentDetail) {
  return {
    ...incident,
    alerts: incident.alerts.map((alert) => ({ ...alert, evidence: undefined, status: undefined })),
  };
}

describe("incident sources against the emulator", () => {
  beforeAll(async () => {
    emulator = await startTestEmulator();
    pointPortalAt(emulator);
    for (const tenant of [FABRIKAM, LITWARE, PROSEWARE, ADATUM]) await emulator.world.grantConsent(tenant, APP, BOTH);
  });
  afterAll(() => emulator.close());

  it("pages through more than 1,000 incidents, each exactly once, on both APIs", async () => {
    const graph = await graphSource.list(LITWARE, SINCE);
    const defender = await defenderSource.list(LITWARE, SINCE);
    expect(graph.incidents.length).toBeGreaterThan(1_000);
    expect(graph.truncated).toBe(false);
    expect(new Set(graph.incidents.map((i) => i.id)).size).toBe(graph.incidents.length);
    expect(new Set(defender.incidents.map((i) => i.id))).toEqual(new Set(graph.incidents.map((i) => i.id)));
  });

  it("returns the same normalised incidents through Graph and Defender", async () => {
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    const graph = await graphSource.list(FABRIKAM, SINCE);
    const defender = await defenderSource.list(FABRIKAM, SINCE);
    expect(graph.incidents.length).toBeGreaterThan(0);
    expect(byId(defender.incidents)).toEqual(byId(graph.incidents));

    const id = graph.incidents[0].id;
    const [fromGraph, fromDefender] = await Promise.all([graphSource.get(FABRIKAM, id), defenderSource.get(FABRIKAM, id)]);
    expect(fromGraph.alerts.length).toBeGreaterThan(0);
    expect(comparable(fromDefender)).toEqual(comparable(fromGraph));
    expect(fromGraph.alerts.flatMap((alert) => alert.evidence).length).toBeGreaterThan(0);
  });

  it("reads an empty tenant as no incidents", async () => {
    expect(await graphSource.list(ADATUM, SINCE)).toEqual({ incidents: [], truncated: false });
  });

  it("keeps hostile text verbatim as data and drops links that are not Microsoft's portal", async () => {
    const { incidents } = await graphSource.list(PROSEWARE, SINCE);
    expect(incidents.some((incident) => incident.title.includes("<"))).toBe(true);
    for (const incident of incidents) {
      expect(incident.webUrl === null || incident.webUrl.startsWith("https://security.microsoft.com/")).toBe(true);
    }
  });

  it("refuses to fetch an incident id that is not a number", async () => {
    await expect(graphSource.get(FABRIKAM, "../../users")).rejects.toMatchObject({ problem: { kind: "not_found" } });
  });
});
