import { describe, expect, it } from "vitest";
import { generateIncidents, referenceMoment } from "@/emulator/incidents/generator";
import { determinationFits } from "@/emulator/incidents/model";
import { IncidentStore } from "@/emulator/incidents/store";
import { InvalidSeedError } from "@/emulator/world/seed";
import { World } from "@/emulator/world/world";
import { LITWARE_TENANT_ID, TAILSPIN_TENANT_ID } from "@/tests/support/seed-ids";

const EPOCH = Date.UTC(2026, 10, 20);
const DAY = 24 * 3600_000;
const TENANT = { id: "0f0e0d0c-0b0a-4908-8706-050403020100", domains: ["contoso.example"], users: [{ userPrincipalName: "admin@contoso.example", displayName: "Admin" }] };

describe("incident generator and store", () => {
  it("generates the same incidents, byte for byte, from the same seed", () => {
    const first = JSON.stringify(generateIncidents(TENANT, { generate: 200, seed: 7 }, EPOCH));
    expect(JSON.stringify(generateIncidents(TENANT, { generate: 200, seed: 7 }, EPOCH))).toBe(first);
    expect(JSON.stringify(generateIncidents(TENANT, { generate: 200, seed: 8 }, EPOCH))).not.toBe(first);
  });

  it("keeps times within 180 days before the seed's reference moment, ids ascending with creation", () => {
    const incidents = generateIncidents(TENANT, { generate: 300, seed: 5 }, EPOCH);
    const reference = referenceMoment(5, EPOCH);
    for (const [index, incident] of incidents.entries()) {
      expect(incident.createdAt).toBeGreaterThan(reference - 180 * 24 * 3600_000);
      expect(incident.lastUpdatedAt).toBeLessThanOrEqual(reference);
      expect(incident.lastUpdatedAt).toBeGreaterThanOrEqual(incident.createdAt);
      if (index > 0) expect(incident.id).toBeGreaterThan(incidents[index - 1].id);
    }
    // Incidents still open at the reference moment are not all stamped with that same minute.
    const minutes = incidents.map(({ lastUpdatedAt }) => Math.floor(lastUpdatedAt / 60_000));
    expect(Math.max(...minutes.map((minute) => minutes.filter((other) => other === minute).length))).toBeLessThanOrEqual(2);
  });

  it("leads a store's incidents up to the day before it started, whatever the date", async () => {
    const world = await World.load("emulator/seeds/default.json");
    const litware = LITWARE_TENANT_ID;
    for (const now of [Date.UTC(2026, 10, 27, 8, 30), Date.UTC(2027, 5, 1, 23, 59)]) {
      const updated = new IncidentStore(world, now).incidents(litware).map((incident) => incident.lastUpdatedAt);
      expect(Math.max(...updated)).toBeLessThan(now);
      expect(Math.max(...updated)).toBeGreaterThan(now - 2 * DAY);
      expect(updated.filter((at) => at > now - 30 * DAY).length).toBeGreaterThan(100);
    }
  });

  it("keeps classification and determination consistent with status", () => {
    for (const incident of generateIncidents(TENANT, { generate: 500, seed: 9 }, EPOCH)) {
      expect(determinationFits(incident.classification, incident.determination)).toBe(true);
      if (incident.status === "active") expect(incident.classification).toBe("unknown");
      if (incident.status === "resolved") expect(incident.classification).not.toBe("unknown");
      expect(incident.redirectIncidentId !== null).toBe(incident.status === "redirected");
      expect(incident.alerts.length).toBeGreaterThan(0);
    }
  });

  it("puts a small share of open incidents in awaitingAction, unclassified and worked by Defender Experts", () => {
    const incidents = generateIncidents(TENANT, { generate: 500, seed: 9 }, EPOCH);
    const open = incidents.filter((incident) => incident.status !== "resolved" && incident.status !== "redirected");
    const awaiting = incidents.filter((incident) => incident.status === "awaitingAction");
    expect(awaiting.length).toBeGreaterThan(0);
    expect(awaiting.length).toBeLessThan(open.length * 0.15);
    for (const incident of awaiting) {
      expect(incident).toMatchObject({ classification: "unknown", determination: "unknown", systemTags: ["Defender Experts"] });
      expect(incident.alerts.every((alert) => alert.status === "new")).toBe(true);
    }
  });

  it("rebuilds an incident raised while running from the world's record, and edits replayed over it", async () => {
    const world = await World.load("emulator/seeds/default.json");
    const tenant = world.tenant(TAILSPIN_TENANT_ID)!;
    const store = new IncidentStore(world, EPOCH);
    const highest = Math.max(...store.incidents(tenant.id).map((incident) => incident.id));
    const raised = await store.create(tenant, { status: "inProgress", customTags: ["Live"] }, "test", EPOCH + DAY);
    expect(raised).toMatchObject({ id: highest + 1, status: "inProgress", customTags: ["Live"], createdAt: EPOCH + DAY, lastUpdatedAt: EPOCH + DAY });
    expect(raised.alerts.length).toBeGreaterThan(0);
    await store.update({ tenantId: tenant.id, incidentId: raised.id, changes: { severity: "informational" }, actor: "test", at: EPOCH + 2 * DAY });
    const rebuilt = new IncidentStore(world, EPOCH).incident(tenant.id, raised.id);
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(raised));
    expect(rebuilt).toMatchObject({ severity: "informational", lastUpdatedAt: EPOCH + 2 * DAY });
  });

  it("replays the world's recorded edits when a store is rebuilt", async () => {
    const world = await World.load("emulator/seeds/default.json");
    const tenantId = TAILSPIN_TENANT_ID;
    const store = new IncidentStore(world);
    const [incident] = store.incidents(tenantId);
    const edit = { tenantId, incidentId: incident.id, changes: { status: "resolved", classification: "truePositive", determination: "malware" }, actor: "a@tailspin.example", at: 1 } as const;
    expect(await store.update(edit)).toHaveProperty("incident");
    expect(world.incidentEdits.editsFor(tenantId)).toEqual([edit]);
    const rebuilt = new IncidentStore(world).incident(tenantId, incident.id);
    expect(rebuilt).toMatchObject({ status: "resolved", classification: "truePositive", determination: "malware", lastUpdatedAt: 1 });
  });

  it("reads an explicit incident list in Graph's shape", async () => {
    const world = await World.load({
      tenants: [{ ...TENANT, users: [], displayName: "Contoso", incidents: [{ id: "42", displayName: "Phishing", createdDateTime: "2026-10-01T10:00:00Z", status: "active" }] }],
      applications: [],
    });
    expect(new IncidentStore(world).incidents(TENANT.id)).toMatchObject([{ id: 42, displayName: "Phishing", status: "active", severity: "medium", alerts: [] }]);
  });

  it("refuses a listed incident with an invalid value when the store is built", async () => {
    const world = await World.load({
      tenants: [{ ...TENANT, users: [], displayName: "Contoso", incidents: [{ id: "42", displayName: "Phishing", createdDateTime: "2026-10-01T10:00:00Z", status: "sleeping" }] }],
      applications: [],
    });
    expect(() => new IncidentStore(world)).toThrow(InvalidSeedError);
  });
});
