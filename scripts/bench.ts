// npm run bench: measures the portal against the emulator with 150 ms added to every upstream call
// (production build, its own ports and data folder) and writes BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { ensureCertificateAuthority } from "@/emulator/server";
import { getConfig } from "@/lib/config";
import { applyMigrations } from "@/lib/db/migrate";
import { forgetTenantIncidents, tenantIncidents } from "@/lib/incidents";
import { QUEUE_CONCURRENCY } from "@/lib/incidents/queue";
import { forgetTenant, getAppToken } from "@/lib/tokens";

import { counters, directRoundTrips, resetCounters } from "./bench/emulator";
import { cpuMs, load, mean, percentile, readQueue, residentMiB, staffCookie, timedGet, type LoadResult, type QueueTiming } from "./bench/http";
import { atMost, exactly, info, ms, printTables, writeMarkdown, type Row, type Section } from "./bench/report";
import { benchTenants, INCIDENTS_PER_TENANT, setConsentedTenants, writeBenchSeed, type BenchTenant } from "./bench/world";
import { cleanEnv, startStack, type Stack } from "./stack";

const BENCH = { port: 3310, emulatorPort: 4643, dataDir: resolve(".data/bench"), latencyMs: 150 };
const TENANT_COUNTS = [1, 50, 200, 1000];
const BASELINE_COUNTS = [1, 50, 200];
const RANGE = "180d"; // Every generated incident falls in it.
const LOAD = { clients: 20, seconds: 10 };
const VIEWERS = 50;
const SAMPLES = 20;
// Past the portal's minimum refresh interval (5 s) and the emulator's keep-alive (Node's default, 5 s).
const REFRESH_AFTER_MS = 6_000;

const caFile = join(BENCH.dataDir, "emulator", "ca.crt");

// Node reads NODE_EXTRA_CA_CERTS only at start: wipe the bench folder, create the emulator's CA, then
// run again trusting it (this process calls the emulator itself, through lib/tokens and fetch).
if (process.env.NODE_EXTRA_CA_CERTS !== caFile) {
  rmSync(BENCH.dataDir, { recursive: true, force: true });
  await ensureCertificateAuthority(join(BENCH.dataDir, "emulator"));
  const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: benchEnvironment(),
  });
  process.exit(run.status ?? 1);
}

const tenants = benchTenants(1000);
const emulatorUrl = `https://localhost:${BENCH.emulatorPort}`;
const cookie = await staffCookie(process.env.NEXTAUTH_SECRET!);
const queuePath = `/api/incidents/queue?range=${RANGE}`;
const pagePath = (tenant: BenchTenant) => `/tenants/${tenant.id}/incidents?range=${RANGE}`;

// Tenants by role: the queue reads the first N; the others are registered but not in the queue.
const VIEWED = tenants[950];
const COLD_PAGES = tenants.slice(900, 900 + SAMPLES);
const DIRECT = tenants.slice(920, 920 + SAMPLES);
const TOKEN_STORM = tenants[999];

interface QueueStep {
  count: number;
  cold: QueueTiming;
  warm: QueueTiming;
  /** Refreshed after the upstream's keep-alive ran out: tokens cached, lists and connections not. */
  refreshed: QueueTiming;
  /** CPU time spent during the cold queue by the portal and by the emulator (they share the cores). */
  coldCpu: { portalMs: number; emulatorMs: number };
}
const queueSteps: QueueStep[] = [];
const baselines = new Map<number, { firstRowsMs: number; completeMs: number; failed: number; cpuMs: number }>();

console.log(`Benchmark: ${tenants.length} tenants, ${BENCH.latencyMs} ms upstream latency, portal on :${BENCH.port}, emulator on :${BENCH.emulatorPort}`);
writeBenchSeed(process.env.EMULATOR_SEED!, tenants);

let http: { warmPage: number[]; coldPage: number[]; direct: { tokenMs: number; listMs: number }[]; queue: LoadResult; page: LoadResult } | undefined;
let viewers: { graphCalls: number; tokenCalls: number; pagesOk: number; throttledPages: number } | undefined;
let tokens: { stormRequests: number; cachedMean: number; cachedP95: number } | undefined;
let memory: { idle: number; filled: number } | undefined;

// The portal's database, created once: each step rewrites its tenants before starting the portal.
await applyMigrations(getConfig().database);
for (const count of TENANT_COUNTS) {
  await withPortal(count, async (stack) => {
    const idle = residentMiB(stack.portalPid);
    const cpuBefore = { portal: cpuMs(stack.portalPid), emulator: cpuMs(stack.emulatorPid!) };
    const cold = await readQueue(`${stack.url}${queuePath}`, cookie);
    const coldCpu = { portalMs: cpuMs(stack.portalPid) - cpuBefore.portal, emulatorMs: cpuMs(stack.emulatorPid!) - cpuBefore.emulator };
    const warm = await readQueue(`${stack.url}${queuePath}`, cookie);
    await sleep(REFRESH_AFTER_MS);
    const refreshed = await readQueue(`${stack.url}${queuePath}&refresh=1`, cookie);
    for (const timing of [cold, warm, refreshed]) {
      if (timing.tenants !== count || timing.failedTenants > 0) {
        throw new Error(`The ${count}-tenant queue covered ${timing.tenants} tenants, ${timing.failedTenants} failed: see ${BENCH.dataDir}/portal.log`);
      }
    }
    queueSteps.push({ count, cold, warm, refreshed, coldCpu });
    console.log(`  queue ${count}: cold ${ms(cold.completeMs)}, warm ${ms(warm.completeMs)}, refreshed ${ms(refreshed.completeMs)}, ${cold.incidents} incidents`);
    if (count === 50) {
      viewers = await upstreamBudget(stack);
      http = await httpCosts(stack);
    }
    if (count === 1000) memory = { idle, filled: residentMiB(stack.portalPid) };
    // In this process, against the same emulator, while the portal sits idle.
    if (BASELINE_COUNTS.includes(count)) {
      const baseline = await sequentialBaseline(tenants.slice(0, count));
      baselines.set(count, baseline);
      console.log(`  sequential ${count}: ${ms(baseline.completeMs)}`);
    }
    if (count === 200) tokens = await tokenCosts();
  });
}

const report = buildReport();
printTables(report.sections);
writeMarkdown("BENCHMARKS.md", report);
console.log("\nWrote BENCHMARKS.md");

/** Restarts the stack with exactly `consented` tenants in the queue, runs `measure`, stops the stack. */
async function withPortal(consented: number, measure: (stack: Stack) => Promise<void>): Promise<void> {
  await setConsentedTenants(getConfig().database, tenants, consented);
  const stack = await startStack({ port: BENCH.port, env: process.env, output: "files" });
  try {
    // Load the route modules, the session and database code once, with no upstream call, so "cold" means cold data.
    await fetch(`${stack.url}${queuePath}`).then((response) => response.text());
    await fetch(`${stack.url}${pagePath(VIEWED)}`, { redirect: "manual" }).then((response) => response.text());
    await timedGet(`${stack.url}/tenants`, cookie);
    await measure(stack);
  } finally {
    await stack.stop();
  }
}

/** The naive way: one tenant after another, cold, through the same lib functions, in this process. */
async function sequentialBaseline(subset: BenchTenant[]) {
  for (const tenant of subset) {
    forgetTenant(tenant.id);
    forgetTenantIncidents(tenant.id);
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let firstRowsMs = NaN;
  let failed = 0;
  for (const tenant of subset) {
    const result = await tenantIncidents(tenant.id, RANGE);
    if (Number.isNaN(firstRowsMs)) firstRowsMs = performance.now() - started;
    if (!result.ok) failed++;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { firstRowsMs, completeMs: performance.now() - started, failed, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Many viewers of one cold tenant: how many incident API calls reach Microsoft within one freshness window. */
async function upstreamBudget(stack: Stack) {
  await resetCounters(emulatorUrl);
  const url = `${stack.url}${pagePath(VIEWED)}`;
  const burst = () => Promise.all(Array.from({ length: VIEWERS }, () => timedGet(url, cookie)));
  const pages = [...(await burst()), ...(await sleep(2_000).then(burst))];
  const seen = await counters(emulatorUrl);
  const shown = (body: string) => body.includes(VIEWED.name) && body.includes("Counts by severity");
  return {
    graphCalls: seen.byEndpoint.graph?.[VIEWED.id] ?? 0,
    tokenCalls: seen.byEndpoint.token?.[VIEWED.id] ?? 0,
    pagesOk: pages.filter((page) => page.status === 200 && shown(page.body)).length,
    throttledPages: pages.filter((page) => /Throttled|throttling/.test(page.body)).length,
  };
}

/** Latency of single requests (warm and cold) against the upstream's own, then throughput under load. */
async function httpCosts(stack: Stack) {
  const warmUrl = `${stack.url}${pagePath(tenants[0])}`;
  const warmPage: number[] = [];
  for (let i = 0; i < SAMPLES; i++) warmPage.push((await timedGet(warmUrl, cookie)).ms);
  const coldPage: number[] = [];
  for (const tenant of COLD_PAGES) coldPage.push((await timedGet(`${stack.url}${pagePath(tenant)}`, cookie)).ms);
  const since = new Date(Date.now() - 180 * 24 * 3600_000);
  const direct: { tokenMs: number; listMs: number }[] = [];
  for (const tenant of DIRECT) direct.push(await directRoundTrips(emulatorUrl, tenant.id, since));
  const queue = await load(`${stack.url}${queuePath}`, cookie, LOAD.clients, LOAD.seconds);
  const page = await load(warmUrl, cookie, LOAD.clients, LOAD.seconds);
  return { warmPage, coldPage, direct, queue, page };
}

/** lib/tokens in this process: concurrent cold calls for one tenant, then cached lookups across 1,000. */
async function tokenCosts() {
  await resetCounters(emulatorUrl);
  await Promise.all(Array.from({ length: 100 }, () => getAppToken(TOKEN_STORM.id, "graph")));
  const stormRequests = (await counters(emulatorUrl)).byEndpoint.token?.[TOKEN_STORM.id] ?? 0;
  for (let i = 0; i < tenants.length; i += 100) {
    await Promise.all(tenants.slice(i, i + 100).map((tenant) => getAppToken(tenant.id, "graph")));
  }
  const lookups: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const tenant of tenants) {
      const started = performance.now();
      await getAppToken(tenant.id, "graph");
      lookups.push(performance.now() - started);
    }
  }
  return { stormRequests, cachedMean: mean(lookups), cachedP95: percentile(lookups, 95) };
}

/** The queue measurements with `count` consented tenants. */
function step(count: number): QueueStep {
  return queueSteps.find((s) => s.count === count)!;
}

function buildReport() {
  const one = step(1);
  const twoHundred = step(200);
  const queueRows: Row[] = queueSteps.flatMap(({ count, cold, warm, refreshed, coldCpu }) => [
    info(`${count} tenants, cold: first rows`, ms(cold.firstRowsMs)),
    info(`${count} tenants, cold: CPU time portal / emulator`, `${ms(coldCpu.portalMs)} / ${ms(coldCpu.emulatorMs)}`),
    count === 200 ? atMost(`${count} tenants, cold: complete`, cold.completeMs, 1500, ms) : info(`${count} tenants, cold: complete`, ms(cold.completeMs)),
    info(`${count} tenants, warm: first rows`, ms(warm.firstRowsMs)),
    count === 200 ? atMost(`${count} tenants, warm: complete`, warm.completeMs, 1500, ms) : info(`${count} tenants, warm: complete`, ms(warm.completeMs)),
    info(`${count} tenants, refreshed ${REFRESH_AFTER_MS / 1000} s later: complete`, ms(refreshed.completeMs)),
  ]);
  const ratio = twoHundred.cold.completeMs / one.cold.completeMs;
  const baselineRows: Row[] = [...baselines].flatMap(([count, baseline]) => [
    info(`${count} tenants, sequential (cold): first rows / complete`, `${ms(baseline.firstRowsMs)} / ${ms(baseline.completeMs)}`),
    info(`${count} tenants: sequential ÷ queue (cold, complete)`, `${(baseline.completeMs / step(count).cold.completeMs).toFixed(1)}×`),
  ]);
  const directTotal = http!.direct.map((d) => d.tokenMs + d.listMs);
  const coldOverhead = percentile(http!.coldPage, 50) - percentile(directTotal, 50);
  const loadRow = (name: string, result: LoadResult) =>
    info(name, `${result.perSecond.toFixed(0)} req/s, p50 ${ms(result.p50)}, p95 ${ms(result.p95)}${result.failures ? `, ${result.failures} failed` : ""}`);

  const sections: Section[] = [
    {
      title: "1. All-tenants queue (/api/incidents/queue, NDJSON)",
      rows: [...queueRows, atMost("200 tenants ÷ 1 tenant (cold, complete)", ratio, 3, (v) => `${v.toFixed(2)}×`), ...baselineRows],
    },
    {
      title: "2. Token acquisition (lib/tokens, in-process)",
      rows: [
        atMost("Cached token lookup at 1,000 tenants: mean", tokens!.cachedMean, 0.3, ms),
        info("Cached token lookup at 1,000 tenants: p95", ms(tokens!.cachedP95)),
        exactly("Token requests from 100 concurrent cold getAppToken (one tenant)", tokens!.stormRequests, 1),
      ],
    },
    {
      title: `3. Upstream budget (${VIEWERS} concurrent viewers of one tenant's incidents page, twice, 2 s apart)`,
      rows: [
        exactly("Incident API calls in the freshness window", viewers!.graphCalls, 1),
        info("Token requests for that tenant", String(viewers!.tokenCalls)),
        exactly("Pages showing the incidents (of 100)", viewers!.pagesOk, 2 * VIEWERS),
        exactly("Pages showing throttling", viewers!.throttledPages, 0),
      ],
    },
    {
      title: `4. HTTP (${LOAD.clients} concurrent clients for ${LOAD.seconds} s, warm cache; single requests one after another)`,
      rows: [
        loadRow("Tenant incidents page under load", http!.page),
        loadRow("Queue, 50 tenants, under load", http!.queue),
        atMost("Warm tenant page p50 (upstream: 0 ms)", percentile(http!.warmPage, 50), 20, ms),
        info("Cold tenant page p50 (token + list)", ms(percentile(http!.coldPage, 50))),
        info("Emulator directly p50: token POST + list GET", `${ms(percentile(http!.direct.map((d) => d.tokenMs), 50))} + ${ms(percentile(http!.direct.map((d) => d.listMs), 50))} = ${ms(percentile(directTotal, 50))}`),
        atMost("Cold page overhead over the upstream (p50 − p50)", coldOverhead, 20, ms),
      ],
    },
    {
      title: "5. Memory (VmRSS of the next start process)",
      rows: [
        info("Idle (started, route modules loaded, 1,000 tenants registered)", `${memory!.idle.toFixed(0)} MiB`),
        info("After the 1,000-tenant queue (1,000 tokens and lists cached)", `${memory!.filled.toFixed(0)} MiB`),
        info("Growth per tenant", `${(((memory!.filled - memory!.idle) * 1024) / 1000).toFixed(1)} KiB`),
      ],
    },
  ];
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: [
      `CPU: ${cpuModel()}, ${cpus().length} cores`,
      `Node ${process.version}, ${process.platform} ${process.arch}`,
    ],
    setup: [
      `Emulator (\`emulator/\`) with \`--latency ${BENCH.latencyMs}\`: ${BENCH.latencyMs} ms added to every token and incident API response; the portal as a production build (\`next start\`), embedded PGlite database.`,
      `${tenants.length} customer tenants, each with ${INCIDENTS_PER_TENANT} generated incidents, consented in the emulator and registered in the portal; for each step only the first N are \`consented\` (the queue's tenants), and the portal is restarted.`,
      `Incident API: ${getConfig().incidentApi}; range ${RANGE} (every incident); freshness window (INCIDENT_CACHE_SECONDS) ${getConfig().incidentCacheSeconds} s; queue concurrency ${QUEUE_CONCURRENCY}.`,
      "Cold: the first request for tenant data after the portal starts (token acquisition included; route modules, session and database code were loaded beforehand by unauthenticated requests and the tenant list page, which call no upstream). Warm: the same request right after, within the freshness window.",
      "Staff session: a next-auth JWT cookie for an analyst, minted with the bench's NEXTAUTH_SECRET.",
    ],
    sections,
    interpretation: interpretation(ratio, coldOverhead),
    method: [
      "Load generator, portal and emulator share the machine's cores: the client's own fetch and parsing cost is in every latency.",
      `Sequential baseline: \`tenantIncidents\` awaited tenant after tenant in the bench process, tokens and cache dropped first (no HTTP, no database), for ${BASELINE_COUNTS.join(", ")} tenants; 1,000 is left out (it would take about 1,000 × 2 × ${BENCH.latencyMs} ms).`,
      "Upstream calls are read from the emulator's request counters (`/_emulator/control/counters`), which count every request, refused and throttled ones too.",
      `Cold page: ${SAMPLES} tenants never read before, one after another; directly: ${SAMPLES} other tenants, token POST then list GET from the bench process.`,
      "Cached token lookups: `getAppToken` awaited 3 × 1,000 times, one after another, after every tenant's token was acquired.",
    ],
  };
}

function interpretation(ratio: number, coldOverhead: number): string[] {
  const rounds = (count: number) => Math.ceil(count / QUEUE_CONCURRENCY);
  const perRound = step(1).cold.completeMs;
  const lines = [
    `A cold tenant costs two upstream round trips (token, then list: about ${2 * BENCH.latencyMs} ms plus the emulator's own work); the 1-tenant queue took ${ms(perRound)}. With ${QUEUE_CONCURRENCY} tenants read at once, N tenants need ${TENANT_COUNTS.map((n) => `${rounds(n)} round${rounds(n) > 1 ? "s" : ""} for ${n}`).join(", ")}: the cold 200-tenant queue took ${ratio.toFixed(2)}× the 1-tenant time, the 1,000-tenant one ${(step(1000).cold.completeMs / perRound).toFixed(1)}×.`,
    `Warm, no upstream call is made: 200 tenants stream in ${ms(step(200).warm.completeMs)} and 1,000 in ${ms(step(1000).warm.completeMs)} — serialization and the stream itself.`,
    `Refreshed ${REFRESH_AFTER_MS / 1000} s later — what an analyst's Refresh costs once the freshness window is over: tokens come from MSAL's cache, but every list is read again over new connections (the emulator closed the idle ones): 200 tenants in ${ms(step(200).refreshed.completeMs)}, 1,000 in ${ms(step(1000).refreshed.completeMs)}.`,
  ];
  const cpu = step(200).coldCpu;
  lines.push(
    `During the cold 200-tenant queue the portal used ${ms(cpu.portalMs)} of CPU (${ms(cpu.portalMs / 200)} per tenant; all its threads, mostly the one JavaScript thread) and the emulator ${ms(cpu.emulatorMs)} (${ms(cpu.emulatorMs / 200)} per tenant: TLS handshakes, RS256 token signing, incident generation) on the same ${cpus().length} cores: with ${Math.min(200, QUEUE_CONCURRENCY)} tenants in flight at once, the time beyond one round trip is mostly CPU. Most of a cold tenant's CPU in the portal is setting up its HTTPS connection, which is why every call to Microsoft shares one connection pool and one TLS context (\`lib/http\`).${cpu.portalMs > 1500 ? " Meeting 1.5 s at 200 cold tenants needs less CPU per cold tenant in the portal, not more concurrency." : ""}`,
  );
  const baseline = baselines.get(200);
  if (baseline) {
    lines.push(`For comparison, the same lib code run one tenant at a time in plain Node (the bench process, no Next.js, no HTTP) used ${ms(baseline.cpuMs / 200)} of CPU per cold tenant.`);
    lines.push(`The naive sequential loop needs ${ms(baseline.completeMs)} for 200 tenants, ${(baseline.completeMs / step(200).cold.completeMs).toFixed(0)}× the queue.`);
  }
  lines.push(`A cold tenant page costs ${ms(coldOverhead)} (p50) on top of the upstream's own time for the same two requests; a warm page ${ms(percentile(http!.warmPage, 50))}.`);
  return lines;
}

function cpuModel(): string {
  return /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown";
}

/** The bench's own configuration, whatever the shell exports: demo mode against the emulator, trusting its CA. */
function benchEnvironment(): NodeJS.ProcessEnv {
  return Object.assign(cleanEnv(), {
    DATA_DIR: BENCH.dataDir,
    EMULATOR_PORT: String(BENCH.emulatorPort),
    EMULATOR_SEED: join(BENCH.dataDir, "seed.json"),
    EMULATOR_LATENCY_MS: String(BENCH.latencyMs),
    EMULATOR_CONTROL: "1",
    NEXTAUTH_URL: `http://localhost:${BENCH.port}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NODE_EXTRA_CA_CERTS: caFile,
  });
}
