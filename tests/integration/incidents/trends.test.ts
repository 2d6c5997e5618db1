import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Incident } from "@/lib/incidents/model";
import { syncTenant } from "@/lib/incidents/sync";
import { incidentTrends, OPEN_STATUSES, tenantHealth } from "@/lib/incidents/trends";
import type { PortalWorld } from "@/tests/support/portal";
import { FABRIKAM_TENANT_ID as FABRIKAM, LITWARE_TENANT_ID as LITWARE, PROSEWARE_TENANT_ID as PROSEWARE } from "@/tests/support/seed-ids";
import { syncedWorld } from "@/tests/support/upstream";

const TENANTS = [FABRIKAM, LITWARE, PROSEWARE];
// Far from UTC, so a day boundary there is not one in UTC.
const ZONE = "Pacific/Auckland";
const dayIn = (time: string) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(time));

let world: PortalWorld;
let upstream: Incident[];

describe("the dashboard's numbers, over incidents synced from the emulator", () => {
  beforeAll(async () => {
    ({ world, upstream } = await syncedWorld(TENANTS));
  });
  afterAll(() => world.close());

  it("counts incidents created and resolved on each day of the viewer's time zone, and the mean time to resolve", async () => {
    const trends = await incidentTrends("everyTenant", 30, ZONE);
    expect(trends.days).toHaveLength(30);
    expect(trends.days.at(-1)).toBe(dayIn(new Date().toISOString()));
    const inPeriod = (time: string) => trends.days.includes(dayIn(time));
    for (const [position, day] of trends.days.entries()) {
      for (const severity of ["high", "medium", "low"] as const) {
        const created = upstream.filter((incident) => incident.severity === severity && dayIn(incident.createdAt) === day).length;
        expect(trends.created[severity][position], `${severity} created on ${day}`).toBe(created);
      }
      const resolved = upstream.filter((incident) => incident.status === "resolved" && dayIn(incident.lastUpdatedAt) === day).length;
      expect(trends.resolved[position], `resolved on ${day}`).toBe(resolved);
    }
    expect(trends.created.high.reduce((a, b) => a + b)).toBeGreaterThan(0);
    const resolved = upstream.filter((incident) => incident.status === "resolved" && inPeriod(incident.lastUpdatedAt));
    expect(resolved.length).toBeGreaterThan(0);
    const mean = resolved.reduce((sum, incident) => sum + Date.parse(incident.lastUpdatedAt) - Date.parse(incident.createdAt), 0) / resolved.length;
    expect(trends.meanTimeToResolveMs).toBeCloseTo(mean, -1);
  });

  it("counts only the tenants in the staff member's scope", async () => {
    const scoped = await incidentTrends({ only: new Set([LITWARE]) }, 90, ZONE);
    const total = Object.values(scoped.created).flat().reduce((a, b) => a + b);
    expect(total).toBe(upstream.filter((incident) => incident.tenantId === LITWARE && scoped.days.includes(dayIn(incident.createdAt))).length);
  });

  it("names each tenant's open incidents, the most open high-severity first", async () => {
    const health = await tenantHealth("everyTenant");
    const open = (tenant: string, high = false) =>
      upstream.filter((incident) => incident.tenantId === tenant && (OPEN_STATUSES as readonly string[]).includes(incident.status) && (!high || incident.severity === "high")).length;
    for (const tenant of TENANTS) {
      expect(health.find((row) => row.tenantId === tenant)).toMatchObject({ consent: "consented", open: open(tenant), openHigh: open(tenant, true) });
    }
    const highs = health.map((row) => row.openHigh);
    expect(highs).toEqual([...highs].sort((a, b) => b - a));
    expect((await tenantHealth({ only: new Set([PROSEWARE]) })).map((row) => row.tenantId)).toEqual([PROSEWARE]);
  });

  it("says why a tenant's last read failed in words the page shows in either language", async () => {
    world.emulator.control.setFaults(PROSEWARE, { forceStatus: 429, retryAfterSeconds: 30, endpoints: ["graph"] });
    try {
      // Due now, as when its next sync comes round.
      await world.database.client.tenantSync.updateMany({ where: { tenantId: PROSEWARE }, data: { nextAttemptAt: new Date(0) } });
      expect(await syncTenant(PROSEWARE, 60_000)).toMatchObject({ ok: false });
      expect((await tenantHealth("everyTenant")).find((row) => row.tenantId === PROSEWARE)).toMatchObject({
        state: "problem",
        problem: { kind: "throttled", text: { key: "throttled", values: { seconds: "30" } } },
      });
    } finally {
      world.emulator.control.clearFaults(PROSEWARE);
    }
  });
});
