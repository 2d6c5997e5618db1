// The sync through the emulator (150 ms added to every call), on PostgreSQL: the first cycle over
// 1,000 tenants, full and steady-state cycles with their upstream calls, a new incident reaching the
// queue, two instances sharing the work and pages that never call Microsoft; one large backfill.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import type { Environment, IncidentApi } from "@/lib/config";
import { withDatabase } from "@/lib/db/adapter";
import type { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";

import { portalEnv, startPortal, startStack, stopChild } from "../stack";
import { countedBetween, counters, createIncident, listedSince, sum } from "./emulator";
import { BENCH_ANALYST, benchSessions, cpuMs, readIncidentsPage, timedGet } from "./http";
import { idleMoment, SyncLog, syncRows, waitFor, type IdleMoment } from "./observe";
import { consentTenants, LARGE_TENANT, registerTenants, type BenchTenant } from "./world";

export const SYNC_INTERVAL_SECONDS = 10;
export const STEADY_CYCLES = 3;
export const VIEWERS = 50;
const RANGE_MS = 180 * 24 * 3600_000; // INCIDENT_RETENTION_DAYS' default: the backfill's range.
const CYCLE_TIMEOUT_MS = 60_000;
const STORE_CHECKS = 10;

export interface Cycles {
  /** Every tenant finished the cycles asked for in time. */
  complete: boolean;
  syncs: number;
  /** List calls the emulator counted, and tenants whose list calls equal their syncs. */
  calls: number;
  exact: number;
  tokens: number;
  /** Each round of syncs (every tenant's first, second, ...): first start to last finish, ms. */
  rounds: { start: number; end: number }[];
  /** Between a tenant's consecutive sync starts, ms. */
  gaps: number[];
  /** From every tenant made due at once to the end of the first round. */
  firstRoundSeconds: number;
}

/** Page views, those that failed (and the first one's problem), upstream calls counted meanwhile. */
interface PagesWithoutUpstream {
  pages: number;
  failures: number;
  problem?: string;
  upstreamCalls: number;
}

export interface SyncFigures {
  tenants: number;
  backfill: { seconds: number; complete: boolean; calls: number; tokens: number; problems: number; stored: number };
  /** Every tenant due at once (the first round: a full cycle), then as the portal schedules them. */
  steady: Cycles;
  /** CPU time used during those cycles by the portal and by the emulator (they share the cores with PostgreSQL). */
  steadyCpuMs: { portal: number; emulator: number };
  newIncident: { seconds: number; failures: number };
  twoInstances: {
    joining: Cycles;
    shared: Cycles;
    cpuMs: [number, number];
    /** Both instances' queue and tenant pages, and viewers of one tenant page on both, with syncs held back. */
    pages: PagesWithoutUpstream;
  };
  /** Tenants whose store equals what the emulator lists, of those checked. */
  storeMatches: { matching: number; checked: number };
}

interface Ports {
  port: number;
  secondPort: number;
  cookie: string;
  emulatorUrl: string;
}

/** Everything but the large backfill, on one PostgreSQL database and one emulator seeded with `tenants`. */
export async function measureSync(url: string, env: Environment, tenants: BenchTenant[], ports: Ports): Promise<SyncFigures> {
  const database = { kind: "postgres" as const, url };
  await applyMigrations(database);
  const ids = tenants.map((tenant) => tenant.id);
  return withDatabase(database, async (prisma) => {
    await registerTenants(prisma, tenants);
    await benchSessions(prisma, [BENCH_ANALYST]);
    const stack = await startStack({ port: ports.port, env: { ...env, DATABASE_URL: url }, output: "files" });
    try {
      const consentedAt = Date.now();
      const backfill = await firstCycle(prisma, ports.emulatorUrl, tenants);
      console.log(`  first cycle (backfill) of ${tenants.length} tenants: ${backfill.seconds.toFixed(1)} s`);
      const cpuBefore = { portal: cpuMs(stack.portalPid), emulator: cpuMs(stack.emulatorPid!) };
      const steady = await observeCycles(prisma, ports.emulatorUrl, ids, STEADY_CYCLES);
      const steadyCpuMs = { portal: cpuMs(stack.portalPid) - cpuBefore.portal, emulator: cpuMs(stack.emulatorPid!) - cpuBefore.emulator };
      console.log(`  full cycle: ${steady.firstRoundSeconds.toFixed(1)} s; steady: ${steady.calls} list calls for ${steady.syncs} syncs, ${steady.tokens} token requests`);
      const newIncident = await newIncidentDelay(prisma, stack.url, ports, tenants[123]);
      console.log(`  a new incident visible after ${newIncident.seconds.toFixed(1)} s`);
      const twoInstances = await withSecondInstance(prisma, url, env, ports, stack.portalPid, tenants[42]);
      console.log(`  two instances: ${twoInstances.shared.calls} list calls for ${twoInstances.shared.syncs} syncs; pages caused ${twoInstances.pages.upstreamCalls} upstream calls ${twoInstances.pages.problem ?? ""}`);
      const checked = ids.filter((_, index) => index % (ids.length / STORE_CHECKS) === 0);
      const storeMatches = await storeMatchesEmulator(prisma, ports.emulatorUrl, checked, new Date(consentedAt - RANGE_MS));
      return { tenants: tenants.length, backfill, steady, steadyCpuMs, newIncident, twoInstances, storeMatches };
    } finally {
      await stack.stop();
    }
  });
}

/** From consent to every tenant's first successful sync, which reads its whole range. */
async function firstCycle(prisma: PrismaClient, emulatorUrl: string, tenants: BenchTenant[]): Promise<SyncFigures["backfill"]> {
  const before = await idleMoment(prisma, emulatorUrl);
  const firstSuccess = new Map<string, number>();
  const started = Date.now();
  await consentTenants(prisma, tenants);
  const rows = await waitFor(async () => {
    const rows = await syncRows(prisma);
    // Polled far more often than the interval: the first success seen is the backfill's, not a later sync's.
    for (const row of rows) if (row.lastSuccessAt && !firstSuccess.has(row.tenantId)) firstSuccess.set(row.tenantId, row.lastSuccessAt.getTime());
    return firstSuccess.size === tenants.length ? rows : undefined;
  }, 300_000);
  // Not an idle moment: tenants that finished early are already syncing again, one list call each.
  const after = await counters(emulatorUrl);
  const [{ stored }] = await prisma.$queryRaw<{ stored: number }[]>`SELECT count(*)::int AS stored FROM incident`;
  return {
    seconds: (Math.max(...firstSuccess.values()) - started) / 1000,
    complete: rows !== undefined,
    calls: sum(countedBetween(before.counters, after, "graph")),
    tokens: sum(countedBetween(before.counters, after, "token")),
    problems: (rows ?? []).filter((row) => row.problem !== null).length,
    stored,
  };
}

/**
 * Every tenant made due at once, as after a pause longer than the interval (the first round is a
 * full cycle), then their next syncs as the instances schedule them until each has done `count`.
 * Begins and ends with syncs paused, so every upstream call counted belongs to a sync observed.
 */
async function observeCycles(prisma: PrismaClient, emulatorUrl: string, tenantIds: string[], count: number): Promise<Cycles> {
  const before = await pauseSyncs(prisma, emulatorUrl);
  const log = new SyncLog(before);
  const released = Date.now();
  await prisma.$executeRaw`UPDATE tenant_sync SET "nextAttemptAt" = now()`;
  const complete = await log.waitForEach(prisma, tenantIds, count, count * CYCLE_TIMEOUT_MS);
  const cycles = cycleFigures(log, before, await pauseSyncs(prisma, emulatorUrl, log), tenantIds, complete);
  return { ...cycles, firstRoundSeconds: ((cycles.rounds[0]?.end ?? NaN) - released) / 1000 };
}

/**
 * No tenant due for a day, and no sync running. Holding every tenant back and letting the syncs in
 * flight end leaves none running, but each sets its own next attempt as it ends: hold them again.
 */
export async function pauseSyncs(prisma: PrismaClient, emulatorUrl: string, log?: SyncLog): Promise<IdleMoment> {
  const hold = () => prisma.$executeRaw`UPDATE tenant_sync SET "nextAttemptAt" = now() + interval '1 day'`;
  await hold();
  await idleMoment(prisma, emulatorUrl, log);
  await hold();
  return idleMoment(prisma, emulatorUrl, log);
}

function cycleFigures(log: SyncLog, before: IdleMoment, after: IdleMoment, tenantIds: string[], complete: boolean): Omit<Cycles, "firstRoundSeconds"> {
  const calls = countedBetween(before.counters, after.counters, "graph");
  return {
    complete,
    syncs: tenantIds.reduce((total, tenantId) => total + log.finished(tenantId).length, 0),
    calls: sum(calls),
    exact: tenantIds.filter((tenantId) => (calls.get(tenantId) ?? 0) === log.finished(tenantId).length).length,
    tokens: sum(countedBetween(before.counters, after.counters, "token")),
    rounds: log.rounds(tenantIds),
    gaps: log.gaps(),
  };
}

/**
 * Releases the paused syncs, raises an incident in the tenant just after its sync ended (the longest
 * wait for the next one), then searches the queue for its title until the page shows it.
 */
async function newIncidentDelay(prisma: PrismaClient, portalUrl: string, { cookie, emulatorUrl }: Ports, tenant: BenchTenant): Promise<SyncFigures["newIncident"]> {
  const released = new Date();
  await prisma.$executeRaw`UPDATE tenant_sync SET "nextAttemptAt" = now()`;
  await waitFor(async () => {
    const row = await prisma.tenantSync.findUnique({ where: { tenantId: tenant.id } });
    return row?.lastStartedAt && row.lastStartedAt >= released && row.lastFinishedAt && row.lastFinishedAt >= row.lastStartedAt ? true : undefined;
  }, CYCLE_TIMEOUT_MS);
  const title = `Bench canary ${randomBytes(4).toString("hex")}`;
  await createIncident(emulatorUrl, tenant.id, { displayName: title, severity: "high" });
  const created = performance.now();
  let failures = 0;
  while (performance.now() - created < 60_000) {
    const { status, body } = await timedGet(`${portalUrl}/incidents?range=24h&q=${encodeURIComponent(title)}`, cookie);
    const page = readIncidentsPage(body);
    // Until the sync stores it, the search shows 0 incidents: anything else is a failure.
    if (status !== 200 || page.total === null) failures++;
    else if (page.total === 1 && page.rows.length === 1 && page.text.includes(`>${title}<`)) return { seconds: (performance.now() - created) / 1000, failures };
    await sleep(250);
  }
  return { seconds: NaN, failures };
}

/** A second portal on the same database and emulator: its first cycles, shared cycles, and pages on both. */
async function withSecondInstance(prisma: PrismaClient, url: string, env: Environment, ports: Ports, firstPid: number, viewed: BenchTenant): Promise<SyncFigures["twoInstances"]> {
  const secondUrl = `http://localhost:${ports.secondPort}`;
  const second = await startPortal(ports.secondPort, portalEnv(ports.secondPort, { ...env, DATABASE_URL: url, NEXTAUTH_URL: secondUrl }), "files");
  try {
    const tenantIds = (await syncRows(prisma)).map((row) => row.tenantId);
    // Its token cache starts empty: a token request for each tenant it syncs first.
    const joining = await observeCycles(prisma, ports.emulatorUrl, tenantIds, 2);
    const cpuBefore = [cpuMs(firstPid), cpuMs(second.pid!)];
    const shared = await observeCycles(prisma, ports.emulatorUrl, tenantIds, STEADY_CYCLES);
    const cpu: [number, number] = [cpuMs(firstPid) - cpuBefore[0], cpuMs(second.pid!) - cpuBefore[1]];
    const pages = await pagesWithoutUpstream(prisma, ports, [`http://localhost:${ports.port}`, secondUrl], viewed);
    return { joining, shared, cpuMs: cpu, pages };
  } finally {
    await stopChild(second);
  }
}

/**
 * The queue and a tenant's page on each instance, then many viewers of that page on both, with
 * syncs paused: the emulator's counters must not move.
 */
async function pagesWithoutUpstream(prisma: PrismaClient, { cookie, emulatorUrl }: Ports, portals: string[], tenant: BenchTenant): Promise<PagesWithoutUpstream> {
  const before = await pauseSyncs(prisma, emulatorUrl);
  const [{ all, mine }] = await prisma.$queryRaw<{ all: number; mine: number }[]>`
    SELECT count(*)::int AS all, (count(*) FILTER (WHERE "tenantId" = ${tenant.id}::uuid))::int AS mine
    FROM incident WHERE "lastUpdatedAt" >= now() - interval '180 days'`;
  const queue = (portal: string) => ({ url: `${portal}/incidents?range=180d`, total: all });
  const tenantPage = (portal: string) => ({ url: `${portal}/tenants/${tenant.id}/incidents?range=180d`, total: mine });
  const views = [
    ...portals.flatMap((portal) => [queue(portal), tenantPage(portal)]),
    ...Array.from({ length: VIEWERS }, (_, index) => tenantPage(portals[index % portals.length])),
  ];
  const problems = await Promise.all(
    views.map(async ({ url, total }) => {
      const { status, body } = await timedGet(url, cookie);
      const page = readIncidentsPage(body);
      if (status !== 200) return `${url}: HTTP ${status}`;
      if (page.total !== total || page.rows.length !== Math.min(50, total)) return `${url}: shows ${page.total} incidents in ${page.rows.length} rows, the store holds ${total}`;
      return undefined;
    }),
  );
  const after = await idleMoment(prisma, emulatorUrl);
  const failed = problems.filter((problem) => problem !== undefined);
  return { pages: views.length, failures: failed.length, problem: failed[0], upstreamCalls: after.counters.total - before.counters.total };
}

/**
 * Tenants whose stored incidents number what Graph lists for them: at most those updated since
 * `since` (before their first sync began, so a superset of its range), at least those updated within
 * the range now.
 */
async function storeMatchesEmulator(prisma: PrismaClient, emulatorUrl: string, tenantIds: string[], since: Date): Promise<{ matching: number; checked: number }> {
  let matching = 0;
  for (const tenantId of tenantIds) {
    const stored = await prisma.incident.count({ where: { tenantId } });
    const atMost = await listedSince(emulatorUrl, tenantId, since);
    const atLeast = await listedSince(emulatorUrl, tenantId, new Date(Date.now() - RANGE_MS));
    if (stored >= atLeast && stored <= atMost) matching++;
    else console.log(`  tenant ${tenantId}: ${stored} stored, the emulator lists ${atLeast} to ${atMost}`);
  }
  return { matching, checked: tenantIds.length };
}

export interface LargeBackfill {
  api: IncidentApi;
  seconds: number;
  complete: boolean;
  stored: number;
  listed: { atLeast: number; atMost: number };
  calls: number;
  tokens: number;
  lastError: string | null;
}

/** One 10,000-incident tenant consenting while the portal runs, with no other tenant: until its first sync succeeds. */
export async function measureLargeBackfill(url: string, env: Environment, api: IncidentApi, { port, emulatorUrl }: Ports, timeoutMs: number): Promise<LargeBackfill> {
  const database = { kind: "postgres" as const, url };
  await applyMigrations(database);
  return withDatabase(database, async (prisma) => {
    await registerTenants(prisma, [LARGE_TENANT]);
    const stack = await startStack({ port, env: { ...env, DATABASE_URL: url, INCIDENT_API: api }, output: "files" });
    try {
      // Asked before the sync starts: the emulator generates the incidents now, not during the measurement.
      const atMost = await listedSince(emulatorUrl, LARGE_TENANT.id, new Date(Date.now() - RANGE_MS));
      const before = await idleMoment(prisma, emulatorUrl);
      const started = Date.now();
      await consentTenants(prisma, [LARGE_TENANT]);
      const done = await waitFor(async () => (await syncRows(prisma)).find((row) => row.lastSuccessAt !== null), timeoutMs);
      const after = await counters(emulatorUrl);
      const [row] = await prisma.tenantSync.findMany({ where: { tenantId: LARGE_TENANT.id } });
      return {
        api,
        seconds: done ? (done.lastSuccessAt!.getTime() - started) / 1000 : NaN,
        complete: done !== undefined,
        stored: await prisma.incident.count({ where: { tenantId: LARGE_TENANT.id } }),
        listed: { atLeast: await listedSince(emulatorUrl, LARGE_TENANT.id, new Date(Date.now() - RANGE_MS)), atMost },
        calls: sum(countedBetween(before.counters, after, api)),
        tokens: sum(countedBetween(before.counters, after, "token")),
        lastError: row?.lastError ?? null,
      };
    } finally {
      await stack.stop();
    }
  });
}
