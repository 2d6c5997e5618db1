import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { Incident } from "@/lib/incidents/model";
import { readPages } from "@/lib/incidents/source";
import { syncTenant } from "@/lib/incidents/sync";
import { tenantSyncStatus } from "@/lib/incidents/sync-status";
import { TestClock } from "@/tests/integration/emulator/incidents-fixture";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { upstreamIncidents } from "@/tests/support/upstream";
import {
  ADATUM_TENANT_ID as ADATUM,
  PORTAL_APP_ID as APP,
  FABRIKAM_TENANT_ID as FABRIKAM,
  LITWARE_TENANT_ID as LITWARE,
  TAILSPIN_TENANT_ID as TAILSPIN,
  WOODGROVE_TENANT_ID as WOODGROVE,
} from "@/tests/support/seed-ids";

const TENANTS = [FABRIKAM, LITWARE, TAILSPIN, WOODGROVE, ADATUM];

let world: PortalWorld;
const clock = new TestClock();
const control = () => world.emulator.control;
const graphCalls = (tenantId: string) => control().counters().byEndpoint.graph?.[tenantId] ?? 0;

/** A sync of the tenant now, whatever its schedule says. */
async function syncNow(tenantId: string) {
  await world.database.client.tenantSync.updateMany({ where: { tenantId }, data: { nextAttemptAt: new Date(0) } });
  return syncTenant(tenantId, 60_000);
}

function stored(tenantId: string) {
  return world.database.client.incident.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
}

async function expectStoreEqualsUpstream(tenantId: string) {
  const rows = await stored(tenantId);
  const expected = await upstreamIncidents(tenantId, clock.now);
  expect(rows.map((row) => [row.id, row.status, row.assignedTo, row.lastUpdatedAt.toISOString()])).toEqual(
    expected.map((incident) => [incident.id, incident.status, incident.assignedTo, new Date(incident.lastUpdatedAt).toISOString()]),
  );
}

describe("the incident sync", () => {
  beforeAll(async () => {
    world = await startPortalWorld({ UPSTREAM_TIMEOUT_SECONDS: "1" }, { clock: clock.read });
    for (const tenant of TENANTS) await control().grantConsent(tenant, APP, { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] });
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    control().clearFaults();
    control().resetCounters();
    await resetConsentedTenants(world, TENANTS);
  });

  it("backfills a tenant of 1,200 incidents in windows Graph can page, and stores exactly what Microsoft lists", async () => {
    const result = await syncNow(LITWARE);
    expect(result).toMatchObject({ ok: true, complete: true });
    await expectStoreEqualsUpstream(LITWARE);
    const state = await world.database.client.tenantSync.findUniqueOrThrow({ where: { tenantId: LITWARE } });
    expect(state).toMatchObject({ problem: null, failures: 0 });
    expect(state.lastSuccessAt).not.toBeNull();
  });

  it("then reads only what changed: new, updated and resolved incidents, in one list call", async () => {
    await syncNow(FABRIKAM);
    const [open] = (await stored(FABRIKAM)).filter((row) => row.status === "active");
    clock.advance(60_000);
    const created = await control().createIncident(FABRIKAM, { displayName: "Suspicious sign-in from a new country", severity: "high" });
    await control().updateIncident(FABRIKAM, open.id, { status: "resolved", classification: "truePositive", determination: "phishing", assignedTo: "sam@northwind-partners.example" });
    control().resetCounters();

    expect(await syncNow(FABRIKAM)).toMatchObject({ ok: true, complete: true });
    expect(graphCalls(FABRIKAM)).toBe(1);
    const rows = await stored(FABRIKAM);
    expect(rows.find((row) => row.id === created.id)).toMatchObject({ title: "Suspicious sign-in from a new country", severity: "high" });
    expect(rows.find((row) => row.id === open.id)).toMatchObject({ status: "resolved", classification: "truePositive", assignedTo: "sam@northwind-partners.example" });
    await expectStoreEqualsUpstream(FABRIKAM);
  });

  it("keeps updates made in the same second as the last sync, neither lost nor duplicated", async () => {
    await syncNow(TAILSPIN);
    const [first, second] = (await stored(TAILSPIN)).filter((row) => row.status === "active");
    clock.advance(60_000);
    await control().updateIncident(TAILSPIN, first.id, { status: "inProgress" });
    await syncNow(TAILSPIN);
    // Same clock reading: both changes carry the lastUpdateDateTime the cursor now points at.
    await control().updateIncident(TAILSPIN, first.id, { status: "resolved", classification: "falsePositive" });
    await control().updateIncident(TAILSPIN, second.id, { assignedTo: "avery@northwind-partners.example" });
    await syncNow(TAILSPIN);
    const rows = await stored(TAILSPIN);
    expect(rows.find((row) => row.id === first.id)?.status).toBe("resolved");
    expect(rows.find((row) => row.id === second.id)?.assignedTo).toBe("avery@northwind-partners.example");
    await expectStoreEqualsUpstream(TAILSPIN);
  });

  it("reads again the minutes before its cursor: an update Microsoft shows late is not lost", async () => {
    await syncNow(TAILSPIN);
    clock.advance(60_000);
    const [late] = (await stored(TAILSPIN)).filter((row) => row.status !== "resolved");
    await control().createIncident(TAILSPIN, { displayName: "Moves the cursor" });
    await syncNow(TAILSPIN);
    // An update stamped two minutes before the cursor, listed only now (Microsoft's lag).
    clock.advance(-2 * 60_000);
    await control().updateIncident(TAILSPIN, late.id, { assignedTo: "late@northwind-partners.example" });
    clock.advance(2 * 60_000);
    await syncNow(TAILSPIN);
    expect((await stored(TAILSPIN)).find((row) => row.id === late.id)?.assignedTo).toBe("late@northwind-partners.example");
  });

  it("records throttling with Microsoft's Retry-After as the tenant's next attempt, and skips it until then", async () => {
    control().setFaults(WOODGROVE, { forceStatus: 429, retryAfterSeconds: 30, endpoints: ["graph"] });
    const before = Date.now();
    expect(await syncNow(WOODGROVE)).toMatchObject({ ok: false, problem: { kind: "throttled", retryAfterSeconds: 30 } });
    const state = await world.database.client.tenantSync.findUniqueOrThrow({ where: { tenantId: WOODGROVE } });
    expect(state).toMatchObject({ problem: "throttled", failures: 1 });
    expect(state.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 29_000);
    expect(await syncTenant(WOODGROVE, 60_000)).toEqual({ ok: "skipped" });
    expect(graphCalls(WOODGROVE)).toBe(1);
    // Pages show the problem in the viewer's language: kept in words as well as in English.
    expect(await tenantSyncStatus({ id: WOODGROVE })).toMatchObject({
      state: "problem",
      problem: { kind: "throttled", message: "Microsoft is throttling requests for this tenant; retry in 30 s.", text: { key: "throttled", values: { seconds: "30" } } },
    });
  });

  it("flags the tenant as Consent lost when the customer removes the app, and stops syncing it", async () => {
    await syncNow(FABRIKAM);
    await control().revokeConsent(FABRIKAM, APP);
    // The cached token outlives the consent, as at Microsoft; the API refuses it and Entra issues no other.
    control().setFaults(FABRIKAM, { forceStatus: 401, endpoints: ["graph"] });
    expect(await syncNow(FABRIKAM)).toMatchObject({ ok: false, problem: { kind: "lost" } });
    expect(await world.database.client.tenant.findUniqueOrThrow({ where: { id: FABRIKAM } })).toMatchObject({ status: "lost" });
    expect(await tenantSyncStatus({ id: FABRIKAM })).toMatchObject({ state: "problem", problem: { kind: "lost", text: { key: "tokenConsentMissing" } } });
    expect(await syncNow(FABRIKAM)).toEqual({ ok: "skipped" });
    expect((await stored(FABRIKAM)).length).toBeGreaterThan(0);
    await control().grantConsent(FABRIKAM, APP, { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] });
  });

  it("flags the tenant as Consent lost when the incident permission is removed and the API refuses the token", async () => {
    await syncNow(WOODGROVE);
    await control().removeAppRole(WOODGROVE, APP, "graph", "SecurityIncident.Read.All");
    clock.advance(70 * 60_000); // The cached token expires (an hour, plus five minutes of skew): the next carries no role.
    expect(await syncNow(WOODGROVE)).toMatchObject({ ok: false, problem: { kind: "lost", message: expect.stringContaining("403") } });
    expect(await world.database.client.tenant.findUniqueOrThrow({ where: { id: WOODGROVE } })).toMatchObject({ status: "lost" });
    await control().grantConsent(WOODGROVE, APP, { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] });
  });

  it("reads an empty tenant as no incidents, and a tenant without consent not at all", async () => {
    expect(await syncNow(ADATUM)).toMatchObject({ ok: true, saved: 0 });
    await world.database.client.tenant.update({ where: { id: ADATUM }, data: { status: "lost" } });
    expect(await syncNow(ADATUM)).toEqual({ ok: "skipped" });
  });

  it("never follows a next-page link to another host: the tenant's token stays home", async () => {
    const leaked: string[] = [];
    const thief = createServer((request, response) => {
      leaked.push(request.headers.authorization ?? "");
      response.end("{}");
    });
    const api = createServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ value: [], "@odata.nextLink": `http://127.0.0.1:${(thief.address() as AddressInfo).port}/v1.0/security/incidents?$skip=50` }));
    });
    await Promise.all([new Promise<void>((resolve) => thief.listen(0, "127.0.0.1", resolve)), new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve))]);
    const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    try {
      const pages = readPages(FABRIKAM, "graph", { base, first: `${base}/v1.0/security/incidents`, toIncident: () => ({}) as Incident });
      await expect(async () => {
        for await (const page of pages) void page;
      }).rejects.toMatchObject({ problem: { kind: "failed", message: expect.stringContaining("outside its API") } });
      expect(leaked).toEqual([]);
    } finally {
      thief.close();
      api.close();
    }
  });
});
