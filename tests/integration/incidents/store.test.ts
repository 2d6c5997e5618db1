import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { incidentDetail } from "@/lib/incidents";
import type { Incident } from "@/lib/incidents/model";
import { IncidentQuery } from "@/lib/incidents/query";
import { PAGE_SIZES } from "@/lib/incidents/query";
import { allIncidents, countBySeverity, findIncidents, purgeIncidents, storeVersion } from "@/lib/incidents/store";
import { syncTenant } from "@/lib/incidents/sync";
import type { PortalWorld } from "@/tests/support/portal";
import { FABRIKAM_TENANT_ID as FABRIKAM, LITWARE_TENANT_ID as LITWARE, PROSEWARE_TENANT_ID as PROSEWARE } from "@/tests/support/seed-ids";
import { syncedWorld } from "@/tests/support/upstream";

const TENANTS = [FABRIKAM, LITWARE, PROSEWARE];
const DAY = 24 * 60 * 60 * 1000;
const EVERY_TENANT = "everyTenant";

let world: PortalWorld;
let upstream: Incident[];

const query = (params: Record<string, string>) => IncidentQuery.parse({ range: "180d", ...params });
/** What the store should answer, worked out from Microsoft's own list. */
const expected = (keep: (incident: Incident) => boolean) => upstream.filter((incident) => keep(incident) && Date.parse(incident.lastUpdatedAt) >= Date.now() - 180 * DAY);

describe("the incident store's queries, over incidents synced from the emulator", () => {
  beforeAll(async () => {
    ({ world, upstream } = await syncedWorld(TENANTS));
  });
  afterAll(() => world.close());

  it("hands every match over once, newest update first, in batches that continue where the last one ended", async () => {
    const key = (incident: Incident) => `${incident.tenantId}/${incident.id}`;
    for (const params of [{}, { severity: "high,medium" }] as Record<string, string>[]) {
      const seen: Incident[] = [];
      for await (const batch of allIncidents(EVERY_TENANT, query(params), 7)) {
        expect(batch.length).toBeLessThanOrEqual(7);
        seen.push(...batch);
      }
      const wanted = expected((incident) => !("severity" in params) || ["high", "medium"].includes(incident.severity));
      expect(seen.map(key).sort()).toEqual(wanted.map(key).sort());
      const updates = seen.map((incident) => incident.lastUpdatedAt);
      expect(updates).toEqual([...updates].sort().reverse());
    }
  });

  it("pages every tenant's incidents newest update first, with the total", async () => {
    const all = expected(() => true);
    const PAGE_SIZE = PAGE_SIZES[0];
    const first = await findIncidents(EVERY_TENANT, query({}));
    expect(first.total).toBe(all.length);
    expect(first.pages).toBe(Math.ceil(all.length / PAGE_SIZE));
    const newest = [...all].sort((a, b) => b.lastUpdatedAt.localeCompare(a.lastUpdatedAt)).slice(0, PAGE_SIZE);
    expect(first.incidents.map((incident) => incident.lastUpdatedAt)).toEqual(newest.map((incident) => new Date(incident.lastUpdatedAt).toISOString()));
    const last = await findIncidents(EVERY_TENANT, query({ page: "999" }));
    expect(last.page).toBe(first.pages);
    expect(last.incidents.length).toBe(all.length - (first.pages - 1) * PAGE_SIZE);
    const second = await findIncidents(EVERY_TENANT, query({ page: "2" }));
    const larger = await findIncidents(EVERY_TENANT, query({ size: "200" }));
    expect(larger.incidents.length).toBe(Math.min(200, all.length));
    expect(larger.incidents.slice(0, 2 * PAGE_SIZE)).toEqual([...first.incidents, ...second.incidents]);
    expect(larger.pages).toBe(Math.ceil(all.length / 200));
  });

  it("filters by severity, status, assignee and range, and counts by severity", async () => {
    expect((await findIncidents(EVERY_TENANT, query({ severity: "high", status: "active,awaitingAction" }))).total).toBe(
      expected((incident) => incident.severity === "high" && ["active", "awaitingAction"].includes(incident.status)).length,
    );
    expect((await findIncidents(EVERY_TENANT, query({ assignedTo: "unassigned" }))).total).toBe(expected((incident) => !incident.assignedTo).length);
    const someone = upstream.find((incident) => incident.assignedTo)!.assignedTo!;
    const theirs = await findIncidents(EVERY_TENANT, query({ assignedTo: someone.toUpperCase() }));
    expect(theirs.total).toBe(expected((incident) => incident.assignedTo?.toLowerCase() === someone.toLowerCase()).length);
    expect(theirs.total).toBeGreaterThan(0);
    expect((await findIncidents(EVERY_TENANT, query({ range: "7d" }))).total).toBe(upstream.filter((incident) => Date.parse(incident.lastUpdatedAt) >= Date.now() - 7 * DAY).length);
    const counts = await countBySeverity({ only: new Set([LITWARE]) }, query({}));
    expect(counts.high).toBe(expected((incident) => incident.tenantId === LITWARE && incident.severity === "high").length);
    expect(Object.values(counts).reduce((a, b) => a + b)).toBe(expected((incident) => incident.tenantId === LITWARE).length);
  });

  it("sorts by severity, most severe first", async () => {
    const { incidents } = await findIncidents(EVERY_TENANT, query({ sort: "severity", page: "1" }));
    const ranks = incidents.map((incident) => ["high", "medium", "low", "informational", "unknown"].indexOf(incident.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(incidents[0].severity).toBe("high");
  });

  it("sorts by each column either way: least severe first, statuses in order, assignees by name with nobody last", async () => {
    const severities = ["high", "medium", "low", "informational", "unknown"];
    const leastFirst = (await findIncidents(EVERY_TENANT, query({ sort: "severity", dir: "asc", size: "200" }))).incidents.map((incident) => severities.indexOf(incident.severity));
    expect(leastFirst).toEqual([...leastFirst].sort((a, b) => b - a));
    const statuses = ["active", "inProgress", "awaitingAction", "resolved", "redirected", "unknown"];
    const byStatus = (await findIncidents(EVERY_TENANT, query({ sort: "status", size: "200" }))).incidents.map((incident) => statuses.indexOf(incident.status));
    expect(byStatus).toEqual([...byStatus].sort((a, b) => a - b));
    for (const dir of ["asc", "desc"]) {
      const assignees = (await findIncidents(EVERY_TENANT, query({ sort: "assignedTo", dir, size: "200" }))).incidents.map((incident) => incident.assignedTo?.toLowerCase() ?? null);
      const named = assignees.filter((assignee) => assignee !== null);
      expect(named.length).toBeGreaterThan(0);
      expect(named).toEqual([...named].sort((a, b) => (dir === "asc" ? a.localeCompare(b, "en", { sensitivity: "base" }) : b.localeCompare(a, "en", { sensitivity: "base" }))));
      expect(assignees.slice(named.length).every((assignee) => assignee === null)).toBe(true);
    }
    const oldestFirst = (await findIncidents(EVERY_TENANT, query({ sort: "lastUpdated", dir: "asc" }))).incidents.map((incident) => incident.lastUpdatedAt);
    expect(oldestFirst).toEqual([...oldestFirst].sort());
  });

  it("searches titles, incident ids, assignees and tags, case-insensitively where text", async () => {
    const word = upstream.find((incident) => incident.tenantId === LITWARE)!.title.split(" ")[0];
    expect((await findIncidents(EVERY_TENANT, query({ q: word.toUpperCase() }))).total).toBe(expected((incident) => incident.title.toLowerCase().includes(word.toLowerCase()) || (incident.assignedTo ?? "").toLowerCase().includes(word.toLowerCase()) || incident.tags.includes(word.toUpperCase())).length);
    const one = upstream[7];
    expect((await findIncidents(EVERY_TENANT, query({ q: one.id }))).incidents.map((incident) => incident.id)).toContain(one.id);
    const tagged = upstream.find((incident) => incident.tags.length > 0 && Date.parse(incident.lastUpdatedAt) >= Date.now() - 180 * DAY)!;
    expect((await findIncidents(EVERY_TENANT, query({ q: tagged.tags[0] }))).incidents.length).toBeGreaterThan(0);
    // Customer text goes to the database as a value, never as SQL.
    expect((await findIncidents(EVERY_TENANT, query({ q: "'; DROP TABLE incident; --" }))).total).toBe(0);
    expect(await world.database.client.incident.count()).toBeGreaterThan(0);
  });

  it("shows the stored copy, marked stale, when Microsoft cannot be asked for an incident", async () => {
    const { incidents } = await findIncidents({ only: new Set([FABRIKAM]) }, query({}));
    world.emulator.control.setFaults(FABRIKAM, { errorRate: 1, errorStatus: 503, endpoints: ["graph"] });
    try {
      const result = await incidentDetail(FABRIKAM, incidents[0].id);
      expect(result).toMatchObject({ ok: false, problem: { kind: "failed" }, stored: { id: incidents[0].id, title: incidents[0].title } });
    } finally {
      world.emulator.control.clearFaults(FABRIKAM);
    }
    expect(await incidentDetail(FABRIKAM, incidents[0].id)).toMatchObject({ ok: true, incident: { id: incidents[0].id } });
  });

  it("moves the store's version, which open pages poll, only when a read brings a change", async () => {
    const syncNow = async () => {
      await world.database.client.tenantSync.update({ where: { tenantId: FABRIKAM }, data: { nextAttemptAt: new Date() } });
      expect(await syncTenant(FABRIKAM, 60_000)).toMatchObject({ ok: true });
    };
    const { incidents } = await findIncidents({ only: new Set([FABRIKAM]) }, query({}));
    const [changed, untouched] = incidents;
    const versions = async () => [await storeVersion(EVERY_TENANT), await storeVersion(EVERY_TENANT, { tenantId: FABRIKAM }), await storeVersion(EVERY_TENANT, { tenantId: FABRIKAM, incidentId: changed.id }), await storeVersion(EVERY_TENANT, { tenantId: FABRIKAM, incidentId: untouched.id })];
    const before = await versions();

    await world.emulator.control.updateIncident(FABRIKAM, changed.id, { assignedTo: "soc@fabrikam.example" });
    await syncNow();
    const after = await versions();
    expect(after.slice(0, 3).every((version, index) => version !== null && version > (before[index] ?? ""))).toBe(true);
    expect(after[3]).toBe(before[3]);

    // The next read lists the changed incident again (its update is within the overlap): same copy, nothing moves.
    await syncNow();
    expect(await versions()).toEqual(after);
  });

  it("purges incidents last updated before the retention range", async () => {
    const before = await world.database.client.incident.count();
    const old = await world.database.client.incident.count({ where: { lastUpdatedAt: { lt: new Date(Date.now() - 30 * DAY) } } });
    expect(old).toBeGreaterThan(0);
    expect(await purgeIncidents(30)).toBe(old);
    expect(await world.database.client.incident.count()).toBe(before - old);
  });
});
