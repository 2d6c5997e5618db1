import { rmSync } from "node:fs";

import { cleanEnv, startStack } from "@/scripts/stack";

import { E2E } from "./stack";

// A fresh database and emulator world for every run; the emulator's CA is kept.
export default async function globalSetup() {
  rmSync(`${E2E.dataDir}/pglite`, { recursive: true, force: true });
  rmSync(`${E2E.dataDir}/emulator/world-state.json`, { force: true });
  rmSync(`${E2E.dataDir}/portal.log`, { force: true });
  rmSync(`${E2E.dataDir}/emulator.log`, { force: true });
  const stack = await startStack({
    port: E2E.port,
    // The control API lets the fault suite break tenants on purpose; calls give up after 2 s; tenants
    // sync every 5 s; staff roles are checked with Entra every 3 s; the test runner is a trusted proxy
    // (its X-Forwarded-For stands for other clients' addresses).
    env: { ...cleanEnv(), DATA_DIR: E2E.dataDir, EMULATOR_PORT: String(E2E.emulatorPort), EMULATOR_CONTROL: "1", UPSTREAM_TIMEOUT_SECONDS: "2", SYNC_INTERVAL_SECONDS: "5", STAFF_ROLE_CHECK_SECONDS: "3", TRUSTED_PROXIES: "127.0.0.1, ::1",
      SMTP_URL: `smtp://127.0.0.1:${E2E.smtpPort}`, ALERT_EMAIL_FROM: "Northwind alerts <alerts@northwind-partners.example>", METRICS_TOKEN: E2E.metricsToken },
    output: "files",
  });
  return () => stack.stop();
}
