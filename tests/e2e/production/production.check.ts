import type { ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

import { expect, test } from "@playwright/test";
import pg from "pg";

import { DEMO } from "@/lib/config/demo";
import { cleanEnv, portalEnv, startPortal, stopChild } from "@/scripts/stack";
import { createPostgresDatabase } from "@/tests/support/database";
import { FABRIKAM_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import { onboardTenant } from "../support/onboarding";
import { signInAs } from "../support/sign-in";

// The portal as the container image runs it: the standalone build's server with NODE_ENV=production
// on PostgreSQL (a new database: the server migrates it at start), against the end-to-end run's
// emulator. Runs after the other end-to-end tests (see playwright.config.ts): it consents Fabrikam.
const PORT = 3297;
const DATA_DIR = resolve(".data/e2e-production");
const METRICS_TOKEN = "production-check-metrics-token-5d1e8b2c";
const SECRET = "production-check-session-secret-0b7e4c19a2f6";

test.use({ baseURL: `http://localhost:${PORT}`, permissions: ["clipboard-read", "clipboard-write"] });

test("the production server on PostgreSQL counts consents, Microsoft calls and tokens for Prometheus, and logs one JSON event per line without secrets", async ({ page, browser, request }) => {
  test.skip(!process.env.TEST_DATABASE_URL, "needs PostgreSQL: set TEST_DATABASE_URL");
  test.setTimeout(180_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  const { url, drop } = await createPostgresDatabase(process.env.TEST_DATABASE_URL!);
  let portal: ChildProcess | undefined;
  try {
    const env = {
      ...cleanEnv(),
      DATA_DIR,
      DATABASE_URL: url,
      NEXTAUTH_SECRET: SECRET,
      METRICS_TOKEN,
      EMULATOR_PORT: String(E2E.emulatorPort),
      NODE_EXTRA_CA_CERTS: resolve(E2E.dataDir, "emulator", "ca.crt"),
    };
    portal = await startPortal(PORT, portalEnv(PORT, env), "files");
    // Migrating took PostgreSQL's advisory lock for its session: a server that kept it would hold the next instance at start.
    expect(await advisoryLocks(url)).toBe(0);

    // A consent through the emulator's pages, then an incident opened (its alerts are read live).
    await signInAs(page, "Avery Admin");
    await onboardTenant(page, browser, { domain: "fabrikam.example", name: "Fabrikam", admin: "admin@fabrikam.example" });
    await expect(async () => {
      await page.goto(`/tenants/${FABRIKAM_TENANT_ID}/incidents?range=180d`);
      await expect(page.locator("tbody tr").first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.locator("tbody tr").first().getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: /Alerts \(\d+\)/ })).toBeVisible();

    expect((await request.get("/api/metrics")).status()).toBe(401);
    expect((await request.get("/api/metrics", { headers: { authorization: "Bearer not-the-token" } })).status()).toBe(401);
    const scrape = await request.get("/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status()).toBe(200);
    expect(scrape.headers()["content-type"]).toContain("text/plain");
    const series = parse(await scrape.text());
    expect(series.get('portal_consent_callbacks_total{outcome="granted"}')).toBe(1);
    expect(series.get('portal_tenants{status="consented"}')).toBe(1);
    expect(series.get(`portal_incident_sync_lag_seconds{tenant="${FABRIKAM_TENANT_ID}"}`)).toBeGreaterThanOrEqual(0);
    expect(series.get('portal_upstream_request_duration_seconds_count{api="graph",method="GET",status="200"}')).toBeGreaterThan(0);
    expect(series.get('portal_token_request_duration_seconds_count{status="200"}')).toBeGreaterThan(0);
    expect(series.get('portal_jobs{queue="incident-sync",state="waiting"}')).toBeGreaterThanOrEqual(0);
    expect(series.get("portal_process_resident_memory_bytes")).toBeGreaterThan(0);

    // A second instance on the same database starts (migrating nothing) and serves the same tenants.
    const second = await startPortal(PORT + 100, portalEnv(PORT + 100, { ...env, NEXTAUTH_URL: `http://localhost:${PORT + 100}` }), "files");
    try {
      const scraped = parse(await (await request.get(`http://localhost:${PORT + 100}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text());
      expect(scraped.get('portal_tenants{status="consented"}')).toBe(1);
    } finally {
      await stopChild(second);
    }
  } finally {
    if (portal) await stopChild(portal);
    await drop();
  }

  // Every line an event; the consent's own line carries the id of the request that brought it.
  const events = readFileSync(join(DATA_DIR, "portal.log"), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const event of events) expect(event).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
  const consent = events.find((event) => event.msg === "Consent callback answered");
  expect(consent).toMatchObject({ outcome: "granted", tenantId: FABRIKAM_TENANT_ID, requestId: expect.any(String) });
  expect(events).toContainEqual(expect.objectContaining({ msg: "request", path: "/consent/callback", status: 303, requestId: consent!.requestId }));
  expect(events.find((event) => event.msg === "Applied database migrations")).toBeDefined();
  expect(events.at(-1)?.msg).toBe("Stopped");
  const log = events.map((event) => JSON.stringify(event)).join("\n");
  for (const secret of [SECRET, METRICS_TOKEN, DEMO.clientSecret]) expect(log).not.toContain(secret);
  expect(log).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
});

async function advisoryLocks(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ held: number }>("SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory'");
    return rows[0].held;
  } finally {
    await client.end();
  }
}

/** Prometheus's text format as series → value. */
function parse(text: string): Map<string, number> {
  return new Map(
    text
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => {
        const at = line.lastIndexOf(" ");
        return [line.slice(0, at), Number(line.slice(at + 1))];
      }),
  );
}
