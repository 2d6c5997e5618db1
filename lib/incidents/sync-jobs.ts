import "server-only";
import { setTimeout as sleep } from "node:timers/promises";

import { purgeAlertEvents } from "@/lib/alerts/events";
import { getConfig } from "@/lib/config";
import { purgeExpiredSessions } from "@/lib/auth/staff-sessions";
import { purgeUnmatchedConsentEvents } from "@/lib/consent/events";
import { db } from "@/lib/db";
import { leaseFree, openJobQueue, runWorkers, type JobQueue, type Workers } from "@/lib/jobs";
import { processState } from "@/lib/process-state";
import { log, reason } from "@/lib/log";

import { raiseSyncFailingAlerts } from "./alerts";
import { purgeIncidents } from "./store";
import { syncTenant } from "./sync";

const QUEUE = "incident-sync";
// Tenant syncs running at once per portal instance: each mostly waits for Microsoft.
const CONCURRENCY = 64;
const POLL_MS = 1_000;
// How often each instance looks for tenants whose next sync is due.
const DISPATCH_EVERY_MS = 1_000;
const PURGE_EVERY_MS = 10 * 60_000;
// A refresh click right after a tenant's last sync reuses it: clicking cannot cause throttling.
const MIN_REFRESH_SECONDS = 5;

export type RefreshLine =
  | { type: "requested"; tenants: number }
  | { type: "tenant"; tenantId: string; ok: boolean }
  | { type: "done"; waiting: number };

interface Runner {
  queue: JobQueue;
  workers: Workers;
  stop(): Promise<void>;
}

const state = processState("incident-sync", () => ({ runner: null as Promise<Runner> | null }));

/** Starts this instance's share of the incident sync: dispatching due tenants and working their jobs. */
export function startIncidentSync(): Promise<Runner> {
  state.runner ??= start();
  return state.runner;
}

/** Stops fetching jobs, has the syncs in hand save their cursor and hand their tenant back, and closes the queue. */
export async function stopIncidentSync(): Promise<void> {
  const runner = state.runner;
  state.runner = null;
  if (runner) await (await runner).stop();
}

async function start(): Promise<Runner> {
  const config = getConfig();
  const leaseSeconds = config.syncLeaseSeconds;
  const queue = await openJobQueue(config.database, QUEUE, { leaseSeconds });
  const stopping = new AbortController();
  const workers = runWorkers(queue, { concurrency: CONCURRENCY, pollMs: POLL_MS }, async (tenantId) => {
    // Half the lease: a long backfill hands over with its cursor saved before anyone takes it over.
    await syncTenant(tenantId, (leaseSeconds * 1000) / 2, stopping.signal);
  });
  let stopped = false;
  const dispatcher = (async () => {
    let purgedAt = 0;
    while (!stopped) {
      try {
        await addNewTenants();
        await queue.send(await dueTenants());
        workers.wake();
        await raiseSyncFailingAlerts();
        if (Date.now() - purgedAt > PURGE_EVERY_MS) {
          purgedAt = Date.now();
          await purgeAlertEvents(config.incidentRetentionDays);
          await purgeIncidents(config.incidentRetentionDays);
          await purgeUnmatchedConsentEvents();
          await purgeExpiredSessions();
        }
      } catch (error) {
        log.error({ err: reason(error) }, "Incident sync dispatch failed");
      }
      await sleep(DISPATCH_EVERY_MS);
    }
  })();
  return {
    queue,
    workers,
    stop: async () => {
      stopped = true;
      stopping.abort();
      await dispatcher;
      await workers.stop();
      await queue.stop();
    },
  };
}

/** A sync state for every consented tenant: a newly consented one is due at once. */
async function addNewTenants(): Promise<void> {
  await db().$executeRaw`
    INSERT INTO tenant_sync ("tenantId", api) SELECT id, ${getConfig().incidentApi} FROM tenant WHERE status = 'consented'
    ON CONFLICT ("tenantId") DO NOTHING`;
}

/** Consented tenants whose next sync is due and that no instance is syncing (or whose sync outlived its lease). */
async function dueTenants(): Promise<string[]> {
  const { syncLeaseSeconds } = getConfig();
  const rows = await db().$queryRaw<{ tenantId: string }[]>`
    SELECT s."tenantId" FROM tenant_sync s JOIN tenant t ON t.id = s."tenantId"
    WHERE t.status = 'consented' AND s."nextAttemptAt" <= now()
      AND ${leaseFree(syncLeaseSeconds)}
    ORDER BY s."nextAttemptAt"`;
  return rows.map((row) => row.tenantId);
}

/**
 * "Refresh": the tenants' next sync is now, unless Microsoft asked the portal to wait or the last
 * sync ended moments ago. Returns the moment after which a finished sync answers the request.
 */
export async function requestSync(tenantIds: string[]): Promise<Date> {
  await addNewTenants();
  const [{ now }] = await db().$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  await db().$executeRaw`
    UPDATE tenant_sync SET "nextAttemptAt" = ${now}
    WHERE "tenantId" = ANY(${tenantIds}::uuid[]) AND "nextAttemptAt" > now()
      AND problem IS DISTINCT FROM 'throttled'
      AND ("lastFinishedAt" IS NULL OR "lastFinishedAt" < now() - make_interval(secs => ${MIN_REFRESH_SECONDS}))`;
  const runner = await startIncidentSync();
  await runner.queue.send(await dueTenants());
  runner.workers.wake();
  return now;
}

/**
 * Yields each tenant once its sync ended after `since` (or at once when it is not going to sync
 * now: Microsoft is throttling it, or it was synced moments ago), then a last line with how many
 * are still waiting when the wait runs out.
 */
export async function* syncsFinished(tenantIds: string[], since: Date, signal: AbortSignal): AsyncGenerator<RefreshLine> {
  const waiting = new Set(tenantIds);
  const deadline = Date.now() + Math.max(30_000, getConfig().upstreamTimeoutMs * 3);
  while (waiting.size > 0 && Date.now() < deadline && !signal.aborted) {
    const rows = await db().tenantSync.findMany({ where: { tenantId: { in: [...waiting] } } });
    for (const row of rows) {
      const finished = row.lastFinishedAt !== null && row.lastFinishedAt >= since;
      const notNow = row.nextAttemptAt > since && !(row.lastStartedAt && row.lastStartedAt >= since);
      if (finished || notNow) {
        waiting.delete(row.tenantId);
        yield { type: "tenant", tenantId: row.tenantId, ok: row.problem === null };
      }
    }
    if (waiting.size > 0) await sleep(250);
  }
  yield { type: "done", waiting: waiting.size };
}
