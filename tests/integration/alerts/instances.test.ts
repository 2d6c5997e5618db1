import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { saveAlertRule } from "@/lib/alerts/rules";
import { createTarget } from "@/lib/alerts/targets";
import { EVENT_ID_HEADER } from "@/lib/alerts/webhook";
import { syncTenant } from "@/lib/incidents/sync";
import { Instances } from "@/tests/support/instances";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { ADMIN, FABRIKAM_TENANT_ID as FABRIKAM, PORTAL_APP_ID } from "@/tests/support/seed-ids";

let world: PortalWorld;
let receiver: Server;
/** Every request the receiver got: the event and what it answered. */
const received: { eventId: string; status: number }[] = [];
/** What the receiver answers next, then 200. */
const answers: number[] = [];
const instances = new Instances({ SYNC_INTERVAL_SECONDS: "1" });

async function until(what: string, done: () => boolean, seconds = 60): Promise<void> {
  for (const deadline = Date.now() + seconds * 1000; !done(); await sleep(100)) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
  }
}

const deliveriesOf = (eventId: string) => received.filter((request) => request.eventId === eventId);

// Several instances share one queue only on PostgreSQL (the embedded database has one process).
describe.skipIf(!process.env.TEST_DATABASE_URL)("alert delivery with several portal instances on one PostgreSQL", { timeout: 90_000 }, () => {
  beforeAll(async () => {
    world = await startPortalWorld();
    receiver = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.statusCode = answers.shift() ?? 200;
        received.push({ eventId: String(request.headers[EVENT_ID_HEADER]), status: response.statusCode });
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    await world.emulator.control.grantConsent(FABRIKAM, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await resetConsentedTenants(world, [FABRIKAM]);
    // The backfill raises nothing; the instances then sync what is new, every second from now.
    await syncTenant(FABRIKAM, 60_000);
    await world.database.client.tenantSync.update({ where: { tenantId: FABRIKAM }, data: { nextAttemptAt: new Date() } });
    const created = await createTarget({ name: "SOC webhook", channel: "webhook", address: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts` }, ADMIN.upn);
    if (!created.ok) throw new Error(created.message);
    const rule = { name: "High anywhere", trigger: "newIncident" as const, minSeverity: "high" as const, tenants: "all" as const, groupIds: [], tenantIds: [], targetIds: [created.target.id] };
    expect(await saveAlertRule(rule, ADMIN.upn)).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    instances.killAll();
    await new Promise((resolve) => receiver.close(resolve));
    await world.close();
  });

  it("delivers a new incident once while two instances sync and deliver", async () => {
    await Promise.all([instances.start(), instances.start()]);
    const incident = await world.emulator.control.createIncident(FABRIKAM, { displayName: "Seen by two", severity: "high" });
    const eventId = `newIncident:${FABRIKAM}:${incident.id}`;
    await until("the delivery", () => deliveriesOf(eventId).length > 0);
    // Both instances read the tenant again every second and look for due deliveries: nothing more is sent.
    await sleep(4_000);
    expect(deliveriesOf(eventId)).toEqual([{ eventId, status: 200 }]);
  });

  it("tries a failed delivery again after every instance crashed and one started again, and sends it once more", async () => {
    answers.push(500);
    const incident = await world.emulator.control.createIncident(FABRIKAM, { displayName: "Across a crash", severity: "high" });
    const eventId = `newIncident:${FABRIKAM}:${incident.id}`;
    const attempted = async () => (await world.database.client.alertDelivery.findMany({ where: { event: { key: eventId }, answer: { not: null } } }))[0];
    for (const deadline = Date.now() + 60_000; !(await attempted()); await sleep(100)) if (Date.now() > deadline) throw new Error("Gave up waiting for the first attempt");
    instances.killAll();
    const pending = (await attempted())!;
    expect(pending).toMatchObject({ status: "pending", attempts: 1, answer: expect.stringContaining("500") });
    expect(deliveriesOf(eventId)).toEqual([{ eventId, status: 500 }]);

    await instances.start();
    // The retry is due 10 s after the failed attempt.
    await until("the retry", () => deliveriesOf(eventId).length > 1, 60);
    await sleep(3_000);
    expect(deliveriesOf(eventId)).toEqual([
      { eventId, status: 500 },
      { eventId, status: 200 },
    ]);
    expect(await world.database.client.alertDelivery.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: "sent", attempts: 2 });
  });
});
