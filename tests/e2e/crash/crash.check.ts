import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

import { expect, test } from "@playwright/test";

import { parseConfig, type DatabaseConfig, type Environment } from "@/lib/config";
import { hashState, newState } from "@/lib/consent/links";
import { withDatabase } from "@/lib/db/adapter";
import type { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";
import { cleanEnv, portalEnv, startPortal, stopChild } from "@/scripts/stack";
import { createPostgresDatabase } from "@/tests/support/database";
import { FABRIKAM_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import { grantConsent } from "../support/incidents";
import { signInAs } from "../support/sign-in";

// A second portal on the same build, killed with SIGKILL while customers' admins come back from
// consent. It uses the end-to-end run's emulator; its tenants are unknown there, so each proof ends
// quickly in "could not be proven" instead of retrying for minutes.
const PORT = 3299;
const TENANTS = 120;
const CONCURRENCY = 16;
/** Answers received before the kill: the rest are in flight or never sent. */
const KILL_AFTER = 60;

interface Callback {
  tenantId: string;
  query: string;
  /** The outcome the customer's admin sees when this is the tenant's first answer. */
  expected: "granted" | "cancelled";
}

const databases: { kind: string; open(): Promise<{ env: Environment; drop(): Promise<void> }> }[] = [
  {
    kind: "the embedded database (PGlite)",
    open: async () => {
      const dataDir = resolve(".data/crash");
      rmSync(dataDir, { recursive: true, force: true });
      return { env: { DATA_DIR: dataDir }, drop: async () => {} };
    },
  },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          kind: "PostgreSQL",
          open: async () => {
            const { url, drop } = await createPostgresDatabase(process.env.TEST_DATABASE_URL!);
            return { env: { DATA_DIR: resolve(".data/crash"), DATABASE_URL: url }, drop };
          },
        },
      ]
    : []),
];

for (const database of databases) {
  test(`a server killed during consent callbacks loses no answered event and no tenant is half-updated: ${database.kind}`, async ({ page }) => {
    test.setTimeout(180_000);
    const { env: databaseEnv, drop } = await database.open();
    const env = secondPortalEnv(databaseEnv);
    const config = parseConfig(env).database;
    let portal: ChildProcess | undefined;
    try {
      const callbacks = await registerTenants(config, TENANTS);

      // Round 1: callbacks pour in, and the server is killed after KILL_AFTER of them are answered.
      portal = await startPortal(PORT, env, "files");
      const exited = new Promise((done) => portal!.once("exit", done));
      const round1 = await sendCallbacks(callbacks, "before", { after: KILL_AFTER, stop: () => portal!.kill("SIGKILL") });
      await exited;
      expect(portal.signalCode).toBe("SIGKILL");
      expect(round1.inFlightAtStop, "requests were being processed when the server was killed").toBeGreaterThan(0);

      // After the crash: every answer given was recorded, and each tenant is wholly before or after its callback.
      await withDatabase(config, async (client) => {
        const events = await client.consentEvent.findMany();
        const byAgent = new Map(events.map((event) => [event.userAgent, event]));
        for (const { agent, outcome } of round1.answers) {
          expect(byAgent.get(agent)?.outcome, `the event answered to ${agent}`).toBe(EVENT_OF[outcome]);
        }
        // A granted tenant's proof may or may not have run before the kill.
        await expectConsistentTenants(client, callbacks, ["verifying", "error"]);
      });

      // Restarted: the admins who saw an error try again, and every answer is now recorded.
      portal = await startPortal(PORT, env, "files");
      const answered = new Set(round1.answers.map(({ index }) => index));
      const retries = callbacks.filter((_, index) => !answered.has(index));
      const round2 = await sendCallbacks(retries, "after");
      expect(round2.answers).toHaveLength(retries.length);
      for (const { index, outcome } of round2.answers) {
        // A callback cut off mid-flight may have been committed: the retry is then told the link was used.
        expect([retries[index].expected, "used"], `the retry of ${retries[index].tenantId}`).toContain(outcome);
      }

      // Proofs cut short by the kill are resumed: no tenant stays "Verifying consent".
      await signInAs(page, "Avery Admin", `http://localhost:${PORT}/tenants`);
      await expect(page.getByRole("row").filter({ hasText: "Crash tenant" })).toHaveCount(TENANTS);
      await expect
        .poll(async () => {
          await page.reload();
          return page.getByText("Verifying consent").count();
        }, { timeout: 30_000 })
        .toBe(0);
      await stopChild(portal);

      await withDatabase(config, async (client) => {
        const events = await client.consentEvent.findMany();
        const agents = new Set(events.map((event) => event.userAgent));
        for (const { agent } of [...round1.answers, ...round2.answers]) expect(agents, agent).toContain(agent);
        await expectConsistentTenants(client, callbacks, ["error"]);
        const requests = await client.consentRequest.findMany();
        expect(requests.every((request) => request.usedAt !== null), "every link was used once").toBe(true);
      });
    } finally {
      if (portal) await stopChild(portal);
      await drop();
    }
  });
}

test("a server stopped with SIGTERM during 20 consent callbacks and a sync answers the callbacks under way, hands the sync back and loses no job", async ({ request }) => {
  // The test watches the sync in the database while the server runs: only PostgreSQL takes two processes.
  test.skip(!process.env.TEST_DATABASE_URL, "needs PostgreSQL: set TEST_DATABASE_URL");
  test.setTimeout(180_000);
  const { env: databaseEnv, drop } = await databases.at(-1)!.open();
  const env = secondPortalEnv(databaseEnv);
  const config = parseConfig(env).database;
  const faults = `https://localhost:${E2E.emulatorPort}/_emulator/control/tenants/${FABRIKAM_TENANT_ID}/faults`;
  let portal: ChildProcess | undefined;
  try {
    const callbacks = await registerTenants(config, 20);
    // Fabrikam, consented, with Microsoft answering slowly: its first sync (a backfill of many windows) is under way at the signal.
    await withDatabase(config, (client) => client.tenant.create({ data: { id: FABRIKAM_TENANT_ID, displayName: "Fabrikam", addedBy: "crash test", status: "consented", consentedAt: new Date() } }));
    await grantConsent(request, FABRIKAM_TENANT_ID, { graph: ["SecurityIncident.ReadWrite.All"] });
    expect((await request.put(faults, { data: { latencyMs: 1500, endpoints: ["graph"] }, ignoreHTTPSErrors: true })).ok()).toBe(true);
    const fabrikamSync = () => withDatabase(config, (client) => client.tenantSync.findUnique({ where: { tenantId: FABRIKAM_TENANT_ID } }));

    const log = join(env.DATA_DIR!, "portal.log");
    const logStart = existsSync(log) ? statSync(log).size : 0;
    portal = await startPortal(PORT, env, "files");
    await expect.poll(async () => (await fabrikamSync())?.cursor ?? null, { timeout: 30_000 }).not.toBeNull();
    const exited = new Promise((done) => portal!.once("exit", done));
    const round1 = await sendCallbacks(callbacks, "sigterm", { after: 1, stop: () => portal!.kill("SIGTERM") }, callbacks.length);
    await exited;
    expect(portal.exitCode, "the server stopped by itself, in time").toBe(0);
    // The server's own account: callbacks it was serving when the signal came were finished, and every one it finished was answered.
    const events = readFileSync(log).subarray(logStart).toString("utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as { msg: string; path?: string });
    const signalled = events.findIndex((event) => event.msg.startsWith("Stopping"));
    const served = events.filter((event) => event.msg === "request" && event.path === "/consent/callback");
    expect(events.slice(signalled).filter((event) => served.includes(event)).length, "callbacks finished after the signal").toBeGreaterThan(0);
    expect(served).toHaveLength(round1.answers.length);

    await withDatabase(config, async (client) => {
      const events = await client.consentEvent.findMany();
      for (const { agent, outcome } of round1.answers) expect(events.find((event) => event.userAgent === agent)?.outcome, agent).toBe(EVENT_OF[outcome]);
      // The sync saved its place and let go of the tenant; no job is left claimed by the stopped server.
      const sync = (await fabrikamSync())!;
      expect(sync.lastSuccessAt).toBeNull();
      expect(sync.lastFinishedAt!.getTime()).toBeGreaterThanOrEqual(sync.lastStartedAt!.getTime());
      expect(sync.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
      const [{ active }] = await client.$queryRaw<{ active: number }[]>`SELECT count(*)::int AS active FROM pgboss.job WHERE state = 'active'`;
      expect(active).toBe(0);
    });

    // Restarted: the admins whose browser got no answer try again; the backfill continues where it stopped.
    expect((await request.delete(faults, { ignoreHTTPSErrors: true })).ok()).toBe(true);
    portal = await startPortal(PORT, env, "files");
    const answered = new Set(round1.answers.map(({ index }) => index));
    const retries = callbacks.filter((_, index) => !answered.has(index));
    const round2 = await sendCallbacks(retries, "after-sigterm");
    expect(round2.answers).toHaveLength(retries.length);
    // None was half-done: each is recorded now, for the first time.
    for (const { index, outcome } of round2.answers) expect(outcome, retries[index].tenantId).toBe(retries[index].expected);
    await expect.poll(async () => (await fabrikamSync())?.lastSuccessAt ?? null, { timeout: 60_000 }).not.toBeNull();
    await stopChild(portal);
    await withDatabase(config, (client) => expectConsistentTenants(client, callbacks, ["verifying", "error"]));
  } finally {
    await request.delete(faults, { ignoreHTTPSErrors: true });
    if (portal) await stopChild(portal);
    await drop();
  }
});

const EVENT_OF: Record<string, string> = { granted: "granted", cancelled: "denied", used: "replayed_state" };

/** The second portal's environment on the given database, against the end-to-end run's emulator. */
function secondPortalEnv(databaseEnv: Environment): Environment {
  return portalEnv(PORT, {
    ...cleanEnv(),
    ...databaseEnv,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    EMULATOR_PORT: String(E2E.emulatorPort),
    NODE_EXTRA_CA_CERTS: resolve(E2E.dataDir, "emulator", "ca.crt"),
    // The test stands for many customers' browsers behind a proxy: each callback names its own address.
    TRUSTED_PROXIES: "127.0.0.1, ::1",
  });
}

/** Tenants, each with one consent link; the admins of most grant it, the rest cancel. */
async function registerTenants(database: DatabaseConfig, count: number): Promise<Callback[]> {
  await applyMigrations(database);
  return withDatabase(database, async (client) => {
    const callbacks: Callback[] = [];
    for (let i = 0; i < count; i++) {
      const tenantId = randomUUID();
      const state = newState();
      await client.tenant.create({
        data: {
          id: tenantId,
          displayName: `Crash tenant ${i}`,
          addedBy: "crash test",
          consentRequests: { create: { stateHash: hashState(state), createdBy: "crash test", expiresAt: new Date(Date.now() + 86_400_000) } },
        },
      });
      const grant = i % 4 !== 0;
      const query = grant
        ? new URLSearchParams({ admin_consent: "True", tenant: tenantId, scope: "https://graph.microsoft.com/.default", state })
        : new URLSearchParams({ error: "access_denied", error_subcode: "cancel", error_description: "AADSTS65004: User declined to consent.", state });
      callbacks.push({ tenantId, query: query.toString(), expected: grant ? "granted" : "cancelled" });
    }
    return callbacks;
  });
}

interface Answer {
  index: number;
  agent: string;
  outcome: string;
}

/**
 * Sends each callback as the admin's browser would, `concurrency` at a time, until the server stops
 * answering; `stopping.stop` is called once `stopping.after` answers came back.
 */
async function sendCallbacks(callbacks: Callback[], round: string, stopping?: { after: number; stop: () => void }, concurrency = CONCURRENCY) {
  const answers: Answer[] = [];
  let next = 0;
  let inFlight = 0;
  let inFlightAtStop = 0;
  let answeredAfterStop = 0;
  let down = false;
  const worker = async () => {
    while (!down && next < callbacks.length) {
      const index = next++;
      const agent = `crash-test/${round}/${index}`;
      inFlight++;
      try {
        const response = await fetch(`http://localhost:${PORT}/consent/callback?${callbacks[index].query}`, {
          redirect: "manual",
          headers: { "user-agent": agent, "x-forwarded-for": `198.51.${100 + (index >> 8)}.${index & 255}` },
        });
        const outcome = response.headers.get("location")?.match(/\/consent\/result\/(\w+)$/)?.[1];
        expect(response.status).toBe(303);
        expect(outcome, "the callback was recorded").not.toBe("unavailable");
        answers.push({ index, agent, outcome: outcome! });
        if (stopping && answers.length > stopping.after) answeredAfterStop++;
        if (stopping && answers.length === stopping.after) {
          inFlightAtStop = inFlight - 1;
          stopping.stop();
        }
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        down = true; // The connection was cut: the server is gone.
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { answers, inFlightAtStop, answeredAfterStop };
}

/**
 * Each tenant is whole: its link is unused, with no answer, audit entry or status change, or used,
 * with exactly one granted/denied event, one audit entry and a status that follows from them.
 */
async function expectConsistentTenants(client: PrismaClient, callbacks: Callback[], grantedStatuses: string[]) {
  const [tenants, requests, events, audits] = await Promise.all([
    client.tenant.findMany(),
    client.consentRequest.findMany(),
    client.consentEvent.findMany({ where: { outcome: { in: ["granted", "denied"] } } }),
    client.auditEvent.findMany({ where: { action: { in: ["consent.granted", "consent.denied"] } } }),
  ]);
  for (const { tenantId, expected } of callbacks) {
    const tenant = tenants.find((t) => t.id === tenantId)!;
    const used = requests.find((r) => r.tenantId === tenantId)!.usedAt !== null;
    const decided = events.filter((e) => e.tenantId === tenantId);
    const audited = audits.filter((a) => a.target === tenantId);
    const state = { status: tenant.status, used, events: decided.length, audits: audited.length };
    if (!used) {
      expect(state, tenantId).toEqual({ status: "pending", used, events: 0, audits: 0 });
      continue;
    }
    const status = expected === "granted" ? grantedStatuses : ["denied"];
    expect({ ...state, status: status.includes(tenant.status) }, tenantId).toEqual({ status: true, used, events: 1, audits: 1 });
    expect(decided[0].outcome).toBe(EVENT_OF[expected]);
  }
}
