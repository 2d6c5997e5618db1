// Alerts: 1,000 new incidents in one sync cycle of 50 tenants, each delivered to a signed webhook by
// a rule on every tenant, and the high ones of a tenant group also by a second rule to a second
// path: every matching delivery made once, and how long after the sync stored the incident.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifySignature } from "@/lib/alerts/webhook";
import type { Environment } from "@/lib/config";
import { withDatabase } from "@/lib/db/adapter";
import { applyMigrations } from "@/lib/db/migrate";

import { startStack } from "../stack";
import { createIncident } from "./emulator";
import { syncRows, waitFor } from "./observe";
import { pauseSyncs } from "./sync";
import { consentTenants, registerTenants, type BenchTenant } from "./world";

export const ALERT_INCIDENTS_PER_TENANT = 20;
/** Every fourth incident is high; the group is the first half of the tenants. */
const HIGH_EVERY = 4;

export interface AlertFigures {
  incidents: number;
  tenants: number;
  /** Deliveries expected and received (distinct events per path), repeats and bad signatures. */
  expected: { all: number; group: number };
  received: { all: number; group: number };
  repeats: number;
  badSignatures: number;
  /** Deliveries to /group of an incident the group rule does not match. */
  unmatched: number;
  /** Seconds from the moment the sync stored an incident to its delivery, per delivery. */
  latencyS: number[];
  /** Seconds from making every tenant due to the last delivery. */
  totalS: number;
}

export async function measureAlerts(url: string, env: Environment, tenants: BenchTenant[], { port, emulatorUrl }: { port: number; emulatorUrl: string }): Promise<AlertFigures> {
  const database = { kind: "postgres" as const, url };
  await applyMigrations(database);
  const secret = randomBytes(32).toString("base64url");
  const arrivals: { path: string; eventId: string; at: number; signed: boolean; body: { incident?: { id: string; severity: string }; tenant: { id: string } } }[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const signed = verifySignature(secret, request.headers[SIGNATURE_HEADER] as string | undefined, raw, { toleranceSeconds: 300 });
      arrivals.push({ path: request.url ?? "", eventId: String(request.headers[EVENT_ID_HEADER]), at: Date.now(), signed, body: JSON.parse(raw) });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const group = tenants.slice(0, tenants.length / 2);
  try {
    return await withDatabase(database, async (prisma) => {
      await registerTenants(prisma, tenants);
      // As an admin would in Alerts (the demo accepts http:// to this machine).
      const [all, inGroup] = await Promise.all(
        ["all", "group"].map((path) => prisma.alertTarget.create({ data: { name: `Bench ${path}`, channel: "webhook", address: `${base}/${path}`, secret, createdBy: "bench" } })),
      );
      const tenantGroup = await prisma.tenantGroup.create({ data: { name: "Bench alerts", createdBy: "bench", members: { createMany: { data: group.map((tenant) => ({ tenantId: tenant.id })) } } } });
      await prisma.alertRule.createMany({
        data: [
          { name: "Every new incident", trigger: "newIncident", tenants: "all", targetIds: [all.id], updatedBy: "bench" },
          { name: "High in the group", trigger: "newIncident", minSeverity: "high", tenants: "only", groupIds: [tenantGroup.id], targetIds: [inGroup.id], updatedBy: "bench" },
        ],
      });
      const stack = await startStack({ port, env: { ...env, DATABASE_URL: url }, output: "files" });
      try {
        await consentTenants(prisma, tenants);
        // The first sync is each tenant's backfill, which raises nothing.
        const backfilled = await waitFor(async () => {
          const rows = await syncRows(prisma);
          return rows.length === tenants.length && rows.every((row) => row.lastSuccessAt) ? true : undefined;
        }, 120_000);
        if (!backfilled) throw new Error(`The portal did not backfill the ${tenants.length} tenants within two minutes`);
        await pauseSyncs(prisma, emulatorUrl);

        const high = new Set<string>();
        for (const tenant of tenants) {
          for (let number = 1; number <= ALERT_INCIDENTS_PER_TENANT; number++) {
            const severity = number % HIGH_EVERY === 0 ? "high" : "medium";
            const { id } = await createIncident(emulatorUrl, tenant.id, { displayName: `Alert bench ${number}`, severity });
            if (severity === "high") high.add(`${tenant.id}:${id}`);
          }
        }
        const incidents = tenants.length * ALERT_INCIDENTS_PER_TENANT;
        const expected = { all: incidents, group: (group.length * ALERT_INCIDENTS_PER_TENANT) / HIGH_EVERY };
        const released = Date.now();
        await prisma.$executeRaw`UPDATE tenant_sync SET "nextAttemptAt" = now()`;
        const distinct = (path: string) => new Set(arrivals.filter((arrival) => arrival.path === `/${path}`).map((arrival) => arrival.eventId)).size;
        await waitFor(async () => (distinct("all") >= expected.all && distinct("group") >= expected.group ? true : undefined), 120_000);
        // Anything more would be a repeat: give it a moment to show.
        await new Promise((resolve) => setTimeout(resolve, 3_000));

        const stored = new Map((await prisma.incident.findMany({ select: { tenantId: true, id: true, syncedAt: true } })).map((row) => [`${row.tenantId}:${row.id}`, row.syncedAt.getTime()]));
        const latencyS = arrivals.flatMap((arrival) => {
          const syncedAt = arrival.body.incident && stored.get(`${arrival.body.tenant.id}:${arrival.body.incident.id}`);
          return syncedAt ? [(arrival.at - syncedAt) / 1000] : [];
        });
        const groupIds = new Set(group.map((tenant) => tenant.id));
        return {
          incidents,
          tenants: tenants.length,
          expected,
          received: { all: distinct("all"), group: distinct("group") },
          repeats: arrivals.length - distinct("all") - distinct("group"),
          badSignatures: arrivals.filter((arrival) => !arrival.signed).length,
          unmatched: arrivals.filter((arrival) => arrival.path === "/group" && !(groupIds.has(arrival.body.tenant.id) && high.has(`${arrival.body.tenant.id}:${arrival.body.incident?.id}`))).length,
          latencyS,
          totalS: (Math.max(...arrivals.map((arrival) => arrival.at)) - released) / 1000,
        };
      } finally {
        await stack.stop();
      }
    });
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
}

