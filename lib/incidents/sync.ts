import "server-only";

import { getConfig } from "@/lib/config";
import { recordConsentEvent } from "@/lib/consent/status";
import { db } from "@/lib/db";
import { leaseFree } from "@/lib/jobs";
import { log, reason } from "@/lib/log";

import { incidentSource } from "./sources";
import { WindowTooLarge } from "./source";
import { raiseIncidentAlerts } from "./alerts";
import { saveIncidents } from "./store";
import { UpstreamError, upstreamProblem, type UpstreamProblem } from "./upstream";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
// Each sync reads again what changed in the last minutes before its cursor: Microsoft's list can
// show an update a little after its lastUpdateDateTime, and same-second updates must not be missed.
export const OVERLAP_MS = 5 * MINUTE_MS;
// The backfill reads the range in windows of this size, saving its cursor after each one, so an
// interrupted backfill resumes where it stopped instead of from the start.
const BACKFILL_WINDOW_MS = 15 * DAY_MS;
// A window with more incidents than the API pages through is halved, down to this.
const MIN_WINDOW_MS = MINUTE_MS;
const MAX_BACKOFF_SECONDS = 15 * 60;

export type SyncResult =
  | { ok: true; saved: number; complete: boolean }
  | { ok: false; problem: UpstreamProblem }
  | { ok: "skipped" };

/**
 * Brings a consented tenant's stored incidents up to date with Microsoft: from its cursor (less an
 * overlap), or for a new tenant from the start of the retention range, window by window. Stops
 * after `budgetMs`, or when `stopping` is aborted (the instance shuts down), with the cursor saved
 * and the tenant due again at once (the next sync, on any instance, continues), and records the
 * outcome and the next attempt on the tenant's sync state.
 */
export async function syncTenant(tenantId: string, budgetMs: number, stopping?: AbortSignal): Promise<SyncResult> {
  const config = getConfig();
  const claim = await claimSync(tenantId);
  if (!claim) return { ok: "skipped" };
  // Switching incident API starts over: cursors are per API.
  const cursor = claim.api === config.incidentApi ? claim.cursor : null;
  const backfilled = claim.backfilled && claim.api === config.incidentApi;
  if (claim.api !== config.incidentApi) {
    await db().tenantSync.update({ where: { tenantId }, data: { api: config.incidentApi, cursor: null, lastSuccessAt: null } });
  }
  const started = Date.now();

  const floor = started - config.incidentRetentionDays * DAY_MS;
  let from = Math.max(cursor ? cursor.getTime() - OVERLAP_MS : floor, floor);
  let size = BACKFILL_WINDOW_MS;
  let saved = 0;
  // Where the last, open window ended: saved with the outcome, in the same statement.
  let reached = new Date(from);
  try {
    for (;;) {
      const to = from + size < Date.now() ? from + size : null;
      let newest = from;
      try {
        for await (const page of incidentSource().updated(tenantId, { from: new Date(from), to: to === null ? null : new Date(to) })) {
          const changes = await saveIncidents(page);
          // A backfill finds what existed before the tenant consented: nothing new to tell anyone.
          if (backfilled) await raiseIncidentAlerts(changes);
          saved += page.length;
          for (const incident of page) newest = Math.max(newest, Date.parse(incident.lastUpdatedAt) || from);
        }
      } catch (error) {
        if (!(error instanceof WindowTooLarge)) throw error;
        if (size / 2 < MIN_WINDOW_MS) throw new UpstreamError(upstreamProblem("failed", { key: "tooManyInAMinute", values: { count: String(error.count) } }));
        size = Math.max(MIN_WINDOW_MS, Math.floor(((to ?? Date.now()) - from) / 2));
        continue;
      }
      // The open window ends at the newest update Microsoft showed: nothing before it is missing.
      if (to === null) {
        reached = new Date(newest);
        break;
      }
      await advanceCursor(tenantId, new Date(to));
      from = to;
      size = Math.min(size * 2, BACKFILL_WINDOW_MS);
      if (Date.now() - started > budgetMs || stopping?.aborted) {
        await db().tenantSync.update({ where: { tenantId }, data: { lastFinishedAt: new Date(), nextAttemptAt: new Date() } });
        return { ok: true, saved, complete: false };
      }
    }
  } catch (error) {
    const problem = await problemOf(tenantId, error);
    await recordFailure(tenantId, problem, claim.failures + 1);
    return { ok: false, problem };
  }
  await db().$executeRaw`
    UPDATE tenant_sync SET cursor = GREATEST(cursor, ${reached}::timestamptz), "lastSuccessAt" = now(), "lastFinishedAt" = now(), problem = NULL, "lastError" = NULL, "problemText" = NULL, failures = 0,
      "nextAttemptAt" = ${new Date(started + config.syncIntervalSeconds * 1000)}::timestamptz
    WHERE "tenantId" = ${tenantId}::uuid`;
  return { ok: true, saved, complete: true };
}

/**
 * Marks a consented tenant's sync as started by this instance, if it is due and no other instance
 * is syncing it (or that one outlived its lease: its instance died). The row lock makes two
 * instances' claims take turns, so only one wins. A tenant without a sync state yet gets one.
 */
async function claimSync(tenantId: string): Promise<{ api: string; cursor: Date | null; failures: number; backfilled: boolean } | undefined> {
  const { incidentApi, syncLeaseSeconds } = getConfig();
  const claim = async () => {
    const [row] = await db().$queryRaw<{ api: string; cursor: Date | null; failures: number; backfilled: boolean }[]>`
      UPDATE tenant_sync s SET "lastStartedAt" = now() FROM tenant t
      WHERE s."tenantId" = ${tenantId}::uuid AND t.id = s."tenantId" AND t.status = 'consented' AND s."nextAttemptAt" <= now()
        AND ${leaseFree(syncLeaseSeconds)}
      RETURNING s.api, s.cursor, s.failures, s."lastSuccessAt" IS NOT NULL AS backfilled`;
    return row;
  };
  const claimed = await claim();
  if (claimed) return claimed;
  const created = await db().$executeRaw`
    INSERT INTO tenant_sync ("tenantId", api) SELECT id, ${incidentApi} FROM tenant WHERE id = ${tenantId}::uuid AND status = 'consented'
    ON CONFLICT ("tenantId") DO NOTHING`;
  return created > 0 ? claim() : undefined;
}


/** Cursors only move forward, whichever of two overlapping syncs finishes last. */
async function advanceCursor(tenantId: string, to: Date): Promise<void> {
  await db().$executeRaw`UPDATE tenant_sync SET cursor = GREATEST(cursor, ${to}::timestamptz) WHERE "tenantId" = ${tenantId}::uuid`;
}

async function recordFailure(tenantId: string, problem: UpstreamProblem, failures: number): Promise<void> {
  // Microsoft's Retry-After when it gave one; otherwise exponential backoff from the interval.
  const waitSeconds = problem.retryAfterSeconds ?? Math.min(MAX_BACKOFF_SECONDS, getConfig().syncIntervalSeconds * 2 ** Math.min(failures - 1, 10));
  await db().tenantSync.update({
    where: { tenantId },
    data: { problem: problem.kind, lastError: problem.message, problemText: { ...problem.text }, failures, lastFinishedAt: new Date(), nextAttemptAt: new Date(Date.now() + waitSeconds * 1000) },
  });
}

export async function problemOf(tenantId: string, error: unknown): Promise<UpstreamProblem> {
  if (!(error instanceof UpstreamError)) {
    log.error({ tenantId, err: reason(error) }, "Reading incidents failed");
    return upstreamProblem("failed", { key: "readFailed" });
  }
  if (error.problem.kind === "lost") await recordConsentEvent(tenantId, { kind: "gone", reason: error.problem.message });
  return error.problem;
}
