import { setTimeout as sleep } from "node:timers/promises";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { requestSync, stopIncidentSync, syncsFinished, type RefreshLine } from "@/lib/incidents/sync-jobs";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM, TAILSPIN_TENANT_ID as TAILSPIN } from "@/tests/support/seed-ids";

let world: PortalWorld;
const control = () => world.emulator.control;

async function refresh(tenantIds: string[]): Promise<RefreshLine[]> {
  const since = await requestSync(tenantIds);
  const lines: RefreshLine[] = [];
  for await (const line of syncsFinished(tenantIds, since, new AbortController().signal)) lines.push(line);
  return lines;
}

describe("Refresh", () => {
  beforeAll(async () => {
    world = await startPortalWorld({ SYNC_INTERVAL_SECONDS: "600" });
    for (const tenant of [FABRIKAM, TAILSPIN]) await control().grantConsent(tenant, APP, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await resetConsentedTenants(world, [FABRIKAM, TAILSPIN]);
  });
  afterAll(async () => {
    await stopIncidentSync();
    await world.close();
  });

  it("syncs the tenants now and answers each as its sync ends; a throttled tenant answers at once, unasked", async () => {
    control().setFaults(TAILSPIN, { forceStatus: 429, retryAfterSeconds: 120, endpoints: ["graph"] });
    expect(await refresh([FABRIKAM, TAILSPIN])).toEqual(
      expect.arrayContaining([{ type: "tenant", tenantId: FABRIKAM, ok: true }, { type: "tenant", tenantId: TAILSPIN, ok: false }, { type: "done", waiting: 0 }]),
    );
    const tailspinCalls = control().counters().byEndpoint.graph?.[TAILSPIN];
    expect(tailspinCalls).toBe(1);

    // Past the few seconds in which a click reuses the last answer, a new incident comes in.
    const created = await control().createIncident(FABRIKAM, { displayName: "Refresh brings me in" });
    await sleep(5_100);
    expect(await refresh([FABRIKAM, TAILSPIN])).toEqual(expect.arrayContaining([{ type: "tenant", tenantId: FABRIKAM, ok: true }]));
    expect(await world.database.client.incident.findUnique({ where: { tenantId_id: { tenantId: FABRIKAM, id: created.id } } })).toMatchObject({ title: "Refresh brings me in" });
    expect(control().counters().byEndpoint.graph?.[TAILSPIN]).toBe(tailspinCalls);
  });
});
