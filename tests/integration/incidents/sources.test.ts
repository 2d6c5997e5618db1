import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { defenderSource } from "@/lib/incidents/defender";
import { graphSource } from "@/lib/incidents/graph";
import type { Incident, IncidentDetail } from "@/lib/incidents/model";
import { WindowTooLarge, type IncidentSource, type UpdateWindow } from "@/lib/incidents/source";
import { startTestEmulator, type TestEmulator } from "@/tests/integration/emulator/emulator-fixture";
import { pointPortalAt } from "@/tests/support/portal";
import {
  ADATUM_TENANT_ID as ADATUM,
  PORTAL_APP_ID as APP,
  FABRIKAM_TENANT_ID as FABRIKAM,
  LITWARE_TENANT_ID as LITWARE,
  PROSEWARE_TENANT_ID as PROSEWARE,
} from "@/tests/support/seed-ids";

const EVERYTHING: UpdateWindow = { from: new Date("2020-01-01T00:00:00Z"), to: null };
const BOTH = { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] };

let emulator: TestEmulator;

async function readAll(source: IncidentSource, tenantId: string, window = EVERYTHING): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for await (const page of source.updated(tenantId, window)) incidents.push(...page);
  return incidents;
}

/** What both APIs can tell about an alert; evidence shapes differ between them by design. */
function comparable(incident: IncidentDetail) {
  return {
    ...incident,
    status: incident.status === "awaitingAction" ? "active" : incident.status,
    alerts: incident.alerts.map((alert) => ({ ...alert, evidence: undefined, status: undefined })),
  };
}

// Defender has no "awaiting action" status: it lists those incidents as active.
const byId = (list: Incident[]) =>
  [...list].map((incident) => ({ ...incident, status: incident.status === "awaitingAction" ? "active" : incident.status })).sort((a, b) => a.id.localeCompare(b.id));

describe("incident sources against the emulator", () => {
  beforeAll(async () => {
    emulator = await startTestEmulator();
    pointPortalAt(emulator);
    for (const tenant of [FABRIKAM, LITWARE, PROSEWARE, ADATUM]) await emulator.world.grantConsent(tenant, APP, BOTH);
  });
  afterAll(() => emulator.close());

  it("refuses to page Graph past its $skip cap, and reads the same incidents in smaller windows", async () => {
    await expect(readAll(graphSource, LITWARE)).rejects.toBeInstanceOf(WindowTooLarge);
    const defender = await readAll(defenderSource, LITWARE);
    expect(defender.length).toBeGreaterThan(1_000);
    expect(new Set(defender.map((incident) => incident.id)).size).toBe(defender.length);

    const times = defender.map((incident) => Date.parse(incident.lastUpdatedAt)).sort((a, b) => a - b);
    const edges = [EVERYTHING.from, ...[1, 2, 3].map((quarter) => new Date(times[Math.floor((times.length * quarter) / 4)])), null];
    const quarters: Incident[] = [];
    for (let i = 0; i < 4; i++) quarters.push(...(await readAll(graphSource, LITWARE, { from: edges[i]!, to: edges[i + 1] })));
    expect(byId(quarters)).toEqual(byId(defender));
  });

  it("returns the same normalised incidents through Graph and Defender, and Graph's newer statuses as they are", async () => {
    const graph = await readAll(graphSource, FABRIKAM);
    const defender = await readAll(defenderSource, FABRIKAM);
    expect(graph.length).toBeGreaterThan(0);
    expect(graph.some((incident) => incident.status === "awaitingAction")).toBe(true);
    expect(byId(defender)).toEqual(byId(graph));

    const id = graph[0].id;
    const [fromGraph, fromDefender] = await Promise.all([graphSource.get(FABRIKAM, id), defenderSource.get(FABRIKAM, id)]);
    expect(fromGraph.alerts.length).toBeGreaterThan(0);
    expect(comparable(fromDefender)).toEqual(comparable(fromGraph));
    expect(fromGraph.alerts.flatMap((alert) => alert.evidence).length).toBeGreaterThan(0);
  });

  it("reads an empty tenant as no incidents", async () => {
    expect(await readAll(graphSource, ADATUM)).toEqual([]);
  });

  it("keeps hostile text verbatim as data and drops links that are not Microsoft's portal", async () => {
    const incidents = await readAll(graphSource, PROSEWARE);
    expect(incidents.some((incident) => incident.title.includes("<"))).toBe(true);
    for (const incident of incidents) {
      expect(incident.webUrl === null || incident.webUrl.startsWith("https://security.microsoft.com/")).toBe(true);
    }
  });

  it("refuses to fetch an incident id that is not a number", async () => {
    await expect(graphSource.get(FABRIKAM, "../../users")).rejects.toMatchObject({ problem: { kind: "not_found" } });
  });
});
