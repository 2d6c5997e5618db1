import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { deliver } from "@/lib/alerts/delivery-jobs";
import { verifyTenant } from "@/lib/consent/proof";
import { raiseSyncFailingAlerts } from "@/lib/incidents/alerts";
import { raiseAlerts } from "@/lib/alerts/events";
import { saveAlertRule } from "@/lib/alerts/rules";
import { createTarget, type AlertTarget } from "@/lib/alerts/targets";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifySignature } from "@/lib/alerts/webhook";
import { syncTenant } from "@/lib/incidents/sync";
import { createGroup, setGroupTenants } from "@/lib/scopes/groups";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { ADMIN, FABRIKAM_TENANT_ID as FABRIKAM, PORTAL_APP_ID, TAILSPIN_TENANT_ID as TAILSPIN } from "@/tests/support/seed-ids";

interface Received {
  eventId: string;
  body: { type: string; tenant: { id: string; name: string }; incident?: { id: string; severity: string; title: string }; reason?: string; minutes?: number };
  signed: boolean;
}

let world: PortalWorld;
let receiver: Server;
let received: Received[] = [];
/** What the receiver answers next, then 200. */
let answers: number[] = [];
let target: AlertTarget;

async function syncBoth() {
  for (const tenantId of [FABRIKAM, TAILSPIN]) {
    await world.database.client.tenantSync.updateMany({ where: { tenantId }, data: { nextAttemptAt: new Date() } });
    await syncTenant(tenantId, 60_000);
  }
}

async function deliverDue() {
  await world.database.client.alertDelivery.updateMany({ where: { status: "pending" }, data: { nextAttemptAt: new Date() } });
  for (const { id } of await world.database.client.alertDelivery.findMany({ where: { status: "pending" } })) await deliver(id);
}

describe("alert rules deliver to a signed webhook, once", () => {
  beforeAll(async () => {
    world = await startPortalWorld();
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const signed = verifySignature(target.secret!, request.headers[SIGNATURE_HEADER] as string, raw, { toleranceSeconds: 300 });
        received.push({ eventId: String(request.headers[EVENT_ID_HEADER]), body: JSON.parse(raw) as Received["body"], signed });
        response.statusCode = answers.shift() ?? 200;
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    for (const tenantId of [FABRIKAM, TAILSPIN]) await world.emulator.control.grantConsent(tenantId, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await resetConsentedTenants(world, [FABRIKAM, TAILSPIN]);
    const created = await createTarget({ name: "SOC webhook", channel: "webhook", address: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts` }, ADMIN.upn);
    if (!created.ok) throw new Error(created.message);
    target = created.target;
    const { group } = (await createGroup("Region NL", ADMIN.upn)) as { ok: true; group: { id: string } };
    await setGroupTenants(group.id, [FABRIKAM], ADMIN.upn);
    const rules = [
      { name: "High in Region NL", trigger: "newIncident" as const, minSeverity: "high" as const, tenants: "only" as const, groupIds: [group.id], tenantIds: [], targetIds: [target.id] },
      { name: "Consent lost anywhere", trigger: "consentLost" as const, tenants: "all" as const, groupIds: [], tenantIds: [], targetIds: [target.id] },
      { name: "Reopened in Region NL", trigger: "incidentReopened" as const, tenants: "only" as const, groupIds: [group.id], tenantIds: [], targetIds: [target.id] },
      { name: "Sync failing half an hour", trigger: "syncFailing" as const, afterMinutes: 30, tenants: "all" as const, groupIds: [], tenantIds: [], targetIds: [target.id] },
      { name: "Sync failing two hours", trigger: "syncFailing" as const, afterMinutes: 120, tenants: "all" as const, groupIds: [], tenantIds: [], targetIds: [target.id] },
      { name: "Read only", trigger: "writeAccessMissing" as const, tenants: "all" as const, groupIds: [], tenantIds: [], targetIds: [target.id] },
    ];
    for (const rule of rules) expect(await saveAlertRule(rule, ADMIN.upn)).toMatchObject({ ok: true });
    // The first sync is a backfill: what existed before the tenant consented raises nothing.
    await syncBoth();
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await world.close();
  });
  beforeEach(() => {
    received = [];
    answers = [];
  });

  it("raises nothing for the incidents a new tenant's backfill finds", async () => {
    expect(await world.database.client.incident.count({ where: { tenantId: FABRIKAM, severity: "high" } })).toBeGreaterThan(0);
    expect(await world.database.client.alertEvent.count()).toBe(0);
  });

  it("delivers a new high incident of a tenant in the group once, signed; not one outside the group, nor a medium one", async () => {
    const high = await world.emulator.control.createIncident(FABRIKAM, { displayName: "Ransomware on FIN-01", severity: "high" });
    await world.emulator.control.createIncident(FABRIKAM, { displayName: "Odd sign-in", severity: "medium" });
    await world.emulator.control.createIncident(TAILSPIN, { displayName: "Ransomware elsewhere", severity: "high" });
    await syncBoth();
    await deliverDue();

    expect(received).toEqual([
      { eventId: `newIncident:${FABRIKAM}:${high.id}`, signed: true, body: expect.objectContaining({ type: "newIncident", tenant: { id: FABRIKAM, name: FABRIKAM }, incident: expect.objectContaining({ id: String(high.id), severity: "high", title: "Ransomware on FIN-01" }) }) },
    ]);

    // The next sync reads the incident again (its overlap), and a second instance may notice it too: nothing more is sent.
    await syncBoth();
    expect(await raiseAlerts([{ key: `newIncident:${FABRIKAM}:${high.id}`, trigger: "newIncident", tenantId: FABRIKAM, severity: "high", details: {} }])).toBe(0);
    await deliverDue();
    expect(received).toHaveLength(1);
  });

  it("tries again when the receiver fails, and records its answers", async () => {
    answers = [500];
    const incident = await world.emulator.control.createIncident(FABRIKAM, { displayName: "Second wave", severity: "high" });
    await syncBoth();
    const [delivery] = await world.database.client.alertDelivery.findMany({ where: { event: { key: `newIncident:${FABRIKAM}:${incident.id}` } } });
    await deliver(delivery.id);
    const failed = await world.database.client.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(failed).toMatchObject({ status: "pending", attempts: 1, answer: expect.stringContaining("500") });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    await deliver(delivery.id);
    expect(received).toHaveLength(1);
    await deliverDue();
    expect(received.map((request) => request.eventId)).toEqual([`newIncident:${FABRIKAM}:${incident.id}`, `newIncident:${FABRIKAM}:${incident.id}`]);
    expect(await world.database.client.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("sends a delivery once when two instances attempt it at the same moment", async () => {
    const incident = await world.emulator.control.createIncident(FABRIKAM, { displayName: "Raced", severity: "high" });
    await syncBoth();
    const [delivery] = await world.database.client.alertDelivery.findMany({ where: { event: { key: `newIncident:${FABRIKAM}:${incident.id}` } } });
    await Promise.all([deliver(delivery.id), deliver(delivery.id)]);
    expect(received).toHaveLength(1);
  });

  it("delivers an incident resolved and reopened in Microsoft once; not one reopened outside the group", async () => {
    const mine = await world.emulator.control.createIncident(FABRIKAM, { displayName: "Back again", severity: "low" });
    const theirs = await world.emulator.control.createIncident(TAILSPIN, { displayName: "Back elsewhere", severity: "low" });
    await syncBoth();
    for (const [tenantId, incident] of [[FABRIKAM, mine], [TAILSPIN, theirs]] as const) {
      await world.emulator.control.updateIncident(tenantId, incident.id, { status: "resolved", classification: "falsePositive", determination: "notMalicious" });
    }
    await syncBoth();
    for (const [tenantId, incident] of [[FABRIKAM, mine], [TAILSPIN, theirs]] as const) await world.emulator.control.updateIncident(tenantId, incident.id, { status: "active" });
    await syncBoth();
    await syncBoth();
    await deliverDue();
    expect(received.filter((request) => request.body.type === "incidentReopened")).toEqual([
      { eventId: expect.stringMatching(`^incidentReopened:${FABRIKAM}:${mine.id}:`), signed: true, body: expect.objectContaining({ incident: expect.objectContaining({ id: String(mine.id), title: "Back again" }) }) },
    ]);
  });

  it("delivers 'sync failing' once a tenant has gone unsynced longer than a rule's minutes, once per outage", async () => {
    world.emulator.control.setFaults(FABRIKAM, { forceStatus: 429, retryAfterSeconds: 3600, endpoints: ["graph"] });
    await syncBoth();
    expect(await world.database.client.tenantSync.findUniqueOrThrow({ where: { tenantId: FABRIKAM } })).toMatchObject({ problem: "throttled" });
    await raiseSyncFailingAlerts();
    await deliverDue();
    expect(received).toEqual([]);

    // Half an hour later, as far as the sync state tells.
    const lastSuccessAt = new Date(Date.now() - 31 * 60_000);
    await world.database.client.tenantSync.update({ where: { tenantId: FABRIKAM }, data: { lastSuccessAt } });
    await raiseSyncFailingAlerts();
    await raiseSyncFailingAlerts();
    await deliverDue();
    expect(received).toEqual([
      {
        eventId: `syncFailing:${FABRIKAM}:${lastSuccessAt.toISOString()}:30`,
        signed: true,
        body: expect.objectContaining({ type: "syncFailing", minutes: 30, reason: expect.stringContaining("throttling") }),
      },
    ]);

    world.emulator.control.clearFaults(FABRIKAM);
    await syncBoth();
    await raiseSyncFailingAlerts();
    await deliverDue();
    expect(received).toHaveLength(1);
  });

  it("delivers 'write access missing' once when a consent is proven without write access", async () => {
    expect(await verifyTenant(FABRIKAM, ADMIN.upn)).toMatchObject({ proven: true });
    expect(await verifyTenant(FABRIKAM, ADMIN.upn)).toMatchObject({ proven: true });
    await deliverDue();
    expect(received).toEqual([
      { eventId: expect.stringMatching(`^writeAccessMissing:${FABRIKAM}:`), signed: true, body: expect.objectContaining({ type: "writeAccessMissing", reason: expect.stringContaining("SecurityIncident.ReadWrite.All") }) },
    ]);
  });

  it("delivers 'consent lost' when a customer removes the portal's access", async () => {
    await world.emulator.control.revokeConsent(TAILSPIN, PORTAL_APP_ID);
    // The cached token outlives the consent, as at Microsoft; the API refuses it and Entra issues no other.
    world.emulator.control.setFaults(TAILSPIN, { forceStatus: 401, endpoints: ["graph"] });
    await syncBoth();
    expect(await world.database.client.tenant.findUniqueOrThrow({ where: { id: TAILSPIN } })).toMatchObject({ status: "lost" });
    await deliverDue();
    expect(received).toEqual([{ eventId: expect.stringMatching(`^consentLost:${TAILSPIN}:`), signed: true, body: expect.objectContaining({ type: "consentLost", tenant: { id: TAILSPIN, name: TAILSPIN } }) }]);
  });
});
