// Store queries: the store filled directly (1,000 tenants, 50 then 500 incidents each), read through
// a production portal's pages with staff cookies (an analyst who sees every tenant, an admin, and two
// scoped analysts), on one database; the portal's memory at each size.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

import { parse } from "csv-parse";

import type { DatabaseConfig, Environment } from "@/lib/config";
import { withDatabase } from "@/lib/db/adapter";
import type { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";

import { startStack } from "../stack";
import { benchSessions, percentile, residentMiB, sampleRounds, timedGet, type IncidentsPage, type Samples } from "./http";
import { consentTenants, FILL, fillStore, incidentId, markSynced, registerTenants, type BenchTenant } from "./world";

/** Incidents per tenant at each measured size: 50,000 and 500,000 stored. */
export const SIZES = [50, 500];
const PAGE_SIZE = 50;

/** Who reads a page: an analyst who sees every tenant, an admin, or an analyst scoped to part of them. */
export const BENCH_STAFF = {
  analyst: { upn: "analyst@northwind-partners.example", role: "analyst" },
  admin: { upn: "admin@northwind-partners.example", role: "admin" },
  group: { upn: "region-analyst@northwind-partners.example", role: "analyst" },
  allButGroup: { upn: "other-analyst@northwind-partners.example", role: "analyst" },
} as const;
export type Viewer = keyof typeof BENCH_STAFF;

/** The tenant group the scoped analysts' rules name: the first SCOPE_GROUP_TENANTS bench tenants. */
export const SCOPE_GROUP_TENANTS = 100;
const GROUP_TENANTS = `"tenantId" IN (SELECT m."tenantId" FROM tenant_group_member m JOIN tenant_group g ON g.id = m."groupId" WHERE g.name = 'Bench region')`;

interface StorePage {
  name: string;
  path: string;
  /** The rows the page should count, as SQL over `incident`: the page's total is checked against it. */
  where: string;
  page?: number;
  /** Who reads it: the analyst who sees every tenant unless told. */
  viewer?: Viewer;
}

export const TENANT_PAGE = "Tenant page with counts by severity";
const OPEN = "status IN ('active', 'inProgress', 'awaitingAction')";

/** The pages measured; the queue's first page comes first. */
export function storePages(tenants: BenchTenant[]): StorePage[] {
  // Tenant numbers start at 1: the 500th tenant's 250th incident.
  const tenant = tenants[499];
  const id = incidentId(500, 250);
  const queue = "/incidents?range=180d";
  return [
    { name: "Queue, first page", path: queue, where: "true" },
    { name: "Severity filter (high)", path: `${queue}&severity=high`, where: "severity = 'high'" },
    { name: "Status filter (active)", path: `${queue}&status=active`, where: "status = 'active'" },
    { name: "Sort by severity", path: `${queue}&sort=severity`, where: "true" },
    { name: "Sort by created", path: `${queue}&sort=created`, where: "true" },
    { name: `Search by title word ("${FILL.titleWord}")`, path: `${queue}&q=${FILL.titleWord}`, where: `title ILIKE '%${FILL.titleWord}%'` },
    { name: "Search by incident id", path: `${queue}&q=${id}`, where: `id = '${id}'` },
    { name: "Assignee filter (one person)", path: `${queue}&assignedTo=${encodeURIComponent(FILL.assignee.toUpperCase())}`, where: `lower("assignedTo") = '${FILL.assignee}'` },
    { name: "Deep page (page 200)", path: `${queue}&page=200`, where: "true", page: 200 },
    { name: TENANT_PAGE, path: `/tenants/${tenant.id}/incidents?range=180d`, where: `"tenantId" = '${tenant.id}'` },
    { name: "Queue, first page, as an admin", path: queue, where: "true", viewer: "admin" },
    { name: `Queue, first page, analyst scoped to a group of ${SCOPE_GROUP_TENANTS} tenants`, path: queue, where: GROUP_TENANTS, viewer: "group" },
    { name: `Queue, first page, analyst scoped to all tenants but that group`, path: queue, where: `NOT ${GROUP_TENANTS}`, viewer: "allButGroup" },
    // The staff home: its counts of open incidents (checked), trends over 30 days and every tenant's health.
    { name: "Dashboard (30 days)", path: "/dashboard", where: OPEN },
  ];
}

export interface StoreSize {
  stored: number;
  /** VmRSS of the portal server after every page was sampled. */
  residentMiB: number;
  /** The queue's first page in SQL, run by the bench straight on the database: the page's floor. */
  queueSqlMs: number;
  samples: Map<string, Samples>;
  export: ExportRuns;
}

/** The queue's CSV export of every stored incident, downloaded as an admin. */
export interface ExportRuns {
  runs: number;
  /** p50 seconds from the request to the last byte. */
  seconds: number;
  /** The portal's VmRSS just before the first download, and the most it reached during the downloads (sampled every 20 ms). */
  beforeMiB: number;
  peakMiB: number;
  failures: number;
  problem?: string;
}

const EXPORT_RUNS = 3;

/**
 * Fills the database to each size in turn and, for each, starts a fresh portal (the one under
 * `env`), samples every page and reads the portal's memory.
 */
export async function measureStore(
  database: DatabaseConfig,
  env: Environment,
  { port, cookies, tenants, samples }: { port: number; cookies: Record<Viewer, string>; tenants: BenchTenant[]; samples: number },
): Promise<StoreSize[]> {
  const pages = storePages(tenants);
  await applyMigrations(database);
  await withDatabase(database, async (prisma) => {
    await registerTenants(prisma, tenants);
    await consentTenants(prisma, tenants);
    await markSynced(prisma);
    await scopeAnalysts(prisma, tenants.slice(0, SCOPE_GROUP_TENANTS));
    await benchSessions(prisma, Object.values(BENCH_STAFF));
  });
  const sizes: StoreSize[] = [];
  let filled = 0;
  for (const perTenant of SIZES) {
    // An embedded database has one owner: the bench fills it before the portal opens it.
    const expected = await withDatabase(database, async (prisma) => {
      await fillStore(prisma, filled + 1, perTenant);
      // What PostgreSQL's autovacuum does shortly after a bulk insert, and the portal's maintenance
      // on PGlite (at its start and every ten minutes), done now so no sample waits for it.
      await prisma.$executeRawUnsafe("VACUUM ANALYZE");
      return { totals: await expectedTotals(prisma, pages), queueSqlMs: await queueSqlMs(prisma) };
    });
    filled = perTenant;
    const stack = await startStack({ port, env, output: "files" });
    try {
      // One request of every page first: a production build compiles nothing, but a fresh server's
      // first requests warm its JavaScript, routes and query plans, and its start-up maintenance runs.
      for (const page of pages) await timedGet(`${stack.url}${page.path}`, cookies[page.viewer ?? "analyst"]);
      const results = await sampleRounds(
        pages.map((page) => ({ url: `${stack.url}${page.path}`, cookie: cookies[page.viewer ?? "analyst"], check: (shown: IncidentsPage) => pageProblem(page, shown, expected.totals.get(page.name)!) })),
        samples,
      );
      const measured = new Map<string, Samples>();
      for (const [index, result] of results.entries()) {
        if (result.problem) console.log(`  ${result.failures} failed, first: ${result.problem}`);
        measured.set(pages[index].name, result);
      }
      const residentAfterPages = residentMiB(stack.portalPid);
      const exported = await measureExport(`${stack.url}/api/incidents/export?range=180d`, cookies.admin, stack.portalPid, expected.totals.get(pages[0].name)!);
      if (exported.problem) console.log(`  export: ${exported.failures} failed, first: ${exported.problem}`);
      sizes.push({ stored: perTenant * tenants.length, residentMiB: residentAfterPages, queueSqlMs: expected.queueSqlMs, samples: measured, export: exported });
    } finally {
      await stack.stop();
    }
    const queue = sizes.at(-1)!.samples.get(pages[0].name)!;
    const { export: csv } = sizes.at(-1)!;
    console.log(`  ${database.kind}, ${(perTenant * tenants.length).toLocaleString("en")} stored: queue p50 ${percentile(queue.ms, 50).toFixed(0)} ms, RSS ${sizes.at(-1)!.residentMiB.toFixed(0)} MiB; CSV export ${csv.seconds.toFixed(1)} s, RSS ${csv.beforeMiB.toFixed(0)} → peak ${csv.peakMiB.toFixed(0)} MiB`);
  }
  return sizes;
}

/**
 * Downloads the export EXPORT_RUNS times, counting its records with a CSV parser (every download
 * must hold one per stored incident), while sampling the portal's memory.
 */
async function measureExport(url: string, cookie: string, pid: number, expectedRows: number): Promise<ExportRuns> {
  const seconds: number[] = [];
  let failures = 0;
  let problem: string | undefined;
  const beforeMiB = residentMiB(pid);
  let peakMiB = beforeMiB;
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, residentMiB(pid))), 20);
  try {
    for (let run = 0; run < EXPORT_RUNS; run++) {
      const started = performance.now();
      const response = await fetch(url, { headers: { cookie } });
      const rows = response.body ? await Readable.fromWeb(response.body as NodeReadableStream).pipe(parse({ bom: true, from_line: 2 })).reduce((count: number) => count + 1, 0) : 0;
      seconds.push((performance.now() - started) / 1000);
      if (response.status !== 200 || rows !== expectedRows) {
        failures++;
        problem ??= `answered ${response.status} with ${rows} rows; the store holds ${expectedRows}`;
      }
    }
  } finally {
    clearInterval(sampler);
  }
  return { runs: EXPORT_RUNS, seconds: percentile(seconds, 50), beforeMiB, peakMiB, failures, problem };
}

/** A tenant group of these tenants, one analyst given only that group and another every tenant but it, as an admin would in Staff access. */
async function scopeAnalysts(prisma: PrismaClient, tenants: BenchTenant[]): Promise<void> {
  const group = await prisma.tenantGroup.create({ data: { name: "Bench region", createdBy: "bench", members: { createMany: { data: tenants.map((tenant) => ({ tenantId: tenant.id })) } } } });
  await prisma.accessRule.createMany({
    data: [
      { principal: `user:${BENCH_STAFF.group.upn}`, label: BENCH_STAFF.group.upn, kind: "only", groupIds: [group.id], updatedBy: "bench" },
      { principal: `user:${BENCH_STAFF.allButGroup.upn}`, label: BENCH_STAFF.allButGroup.upn, kind: "allBut", groupIds: [group.id], updatedBy: "bench" },
    ],
  });
}

/** Each page's total, counted by the bench's own SQL rather than the portal's query code. */
async function expectedTotals(prisma: PrismaClient, pages: StorePage[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const page of pages) {
    const [{ count }] = await prisma.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM incident WHERE ${page.where}`);
    totals.set(page.name, count);
  }
  return totals;
}

/**
 * The two statements behind the queue's first page — the count of every matching row and the 50
 * newest — as the bench writes them, run straight on the database: p50 of five runs, in ms.
 */
async function queueSqlMs(prisma: PrismaClient): Promise<number> {
  // The queue asks for every stored incident, as the portal does.
  const where = `"lastUpdatedAt" >= now() - interval '180 days'`;
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    await prisma.$queryRawUnsafe(`SELECT count(*) FROM incident WHERE ${where}`);
    await prisma.$queryRawUnsafe(`SELECT * FROM incident WHERE ${where} ORDER BY "lastUpdatedAt" DESC, "tenantId", id DESC LIMIT 50`);
    runs.push(performance.now() - started);
  }
  return percentile(runs, 50);
}

/** What is wrong with a page that should show `total` incidents, a full page of rows (or the last, shorter one), at its page number. */
function pageProblem(page: StorePage, shown: IncidentsPage, total: number): string | undefined {
  if (page.path === "/dashboard") {
    const open = /Open incidents<\/span><span[^>]*>([\d,]+)</.exec(shown.text)?.[1];
    return open !== undefined && Number(open.replaceAll(",", "")) === total ? undefined : `shows ${open ?? "no"} open incidents, the store holds ${total}`;
  }
  const number = page.page ?? 1;
  const rows = Math.max(0, Math.min(PAGE_SIZE, total - (number - 1) * PAGE_SIZE));
  if (shown.total !== total) return `shows ${shown.total} incidents, the store holds ${total}`;
  if (shown.rows.length !== rows) return `shows ${shown.rows.length} rows, expected ${rows}`;
  if (number > 1 && shown.page !== number) return `shows page ${shown.page}, asked for ${number}`;
  if (page.path.startsWith("/tenants/") && !shown.text.includes("Counts by severity")) return "shows no counts by severity";
  return undefined;
}
