// Watching the portal's sync from outside: its tenant_sync rows, polled, and moments when no sync
// runs, at which the emulator's counters are read so upstream calls can be matched to syncs.
import { setTimeout as sleep } from "node:timers/promises";

import type { PrismaClient } from "@/lib/db/generated/client";

import { counters, type Counters } from "./emulator";

// Far shorter than the sync interval: no tenant can start two syncs between two polls.
const POLL_MS = 200;

export interface SyncRow {
  tenantId: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastSuccessAt: Date | null;
  problem: string | null;
}

export function syncRows(prisma: PrismaClient): Promise<SyncRow[]> {
  return prisma.tenantSync.findMany({ select: { tenantId: true, lastStartedAt: true, lastFinishedAt: true, lastSuccessAt: true, problem: true } });
}

const running = (row: SyncRow) => row.lastStartedAt !== null && (row.lastFinishedAt === null || row.lastFinishedAt < row.lastStartedAt);
const latestStart = (rows: SyncRow[]) => Math.max(0, ...rows.map((row) => row.lastStartedAt?.getTime() ?? 0));

/** Polls `probe` until it returns a value, or gives up after `timeoutMs` and returns undefined. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(POLL_MS);
  }
  return undefined;
}

export interface IdleMoment {
  counters: Counters;
  rows: SyncRow[];
}

/**
 * The emulator's counters read while no sync runs, and no sync started while they were read: every
 * upstream call counted belongs to a sync that had finished, every later one to a later sync.
 */
export async function idleMoment(prisma: PrismaClient, emulatorUrl: string, log?: SyncLog, timeoutMs = 120_000): Promise<IdleMoment> {
  const moment = await waitFor(async () => {
    const before = await syncRows(prisma);
    log?.record(before);
    if (before.some(running)) return undefined;
    const seen = await counters(emulatorUrl);
    const after = await syncRows(prisma);
    log?.record(after);
    return after.some(running) || latestStart(after) !== latestStart(before) ? undefined : { counters: seen, rows: after };
  }, timeoutMs);
  if (!moment) throw new Error(`No moment without a running sync within ${timeoutMs / 1000} s: a cycle takes longer than the interval`);
  return moment;
}

/** The syncs that started after an idle moment, per tenant: start → finish (null while running). */
export class SyncLog {
  private readonly syncs = new Map<string, Map<number, number | null>>();
  private readonly since: number;

  constructor(from: IdleMoment) {
    this.since = latestStart(from.rows) + 1;
  }

  record(rows: SyncRow[]): void {
    for (const row of rows) {
      const started = row.lastStartedAt?.getTime();
      if (started === undefined || started < this.since) continue;
      const tenant = this.syncs.get(row.tenantId) ?? new Map<number, number | null>();
      this.syncs.set(row.tenantId, tenant);
      const finished = row.lastFinishedAt && row.lastFinishedAt.getTime() >= started ? row.lastFinishedAt.getTime() : null;
      tenant.set(started, finished ?? tenant.get(started) ?? null);
    }
  }

  /** Polls until every one of `tenantIds` has finished `syncs` syncs; false when that takes over `timeoutMs`. */
  async waitForEach(prisma: PrismaClient, tenantIds: string[], syncs: number, timeoutMs: number): Promise<boolean> {
    const done = await waitFor(async () => {
      this.record(await syncRows(prisma));
      return tenantIds.every((tenantId) => this.finished(tenantId).length >= syncs) || undefined;
    }, timeoutMs);
    return done === true;
  }

  /** A tenant's finished syncs, in order: [start, finish]. */
  finished(tenantId: string): [number, number][] {
    return [...(this.syncs.get(tenantId) ?? [])].filter((sync): sync is [number, number] => sync[1] !== null).sort((a, b) => a[0] - b[0]);
  }

  /** For each round (every tenant's first sync, then every second, ...): from the first start to the last finish, in ms. */
  rounds(tenantIds: string[]): { start: number; end: number }[] {
    const perTenant = tenantIds.map((tenantId) => this.finished(tenantId));
    const count = Math.min(...perTenant.map((syncs) => syncs.length));
    return Array.from({ length: count }, (_, round) => ({
      start: Math.min(...perTenant.map((syncs) => syncs[round][0])),
      end: Math.max(...perTenant.map((syncs) => syncs[round][1])),
    }));
  }

  /** The time between a tenant's consecutive sync starts, over every tenant, in ms. */
  gaps(): number[] {
    return [...this.syncs.keys()].flatMap((tenantId) => {
      const starts = this.finished(tenantId).map(([start]) => start);
      return starts.slice(1).map((start, index) => start - starts[index]);
    });
  }
}
