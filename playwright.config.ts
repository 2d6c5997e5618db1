import { defineConfig } from "@playwright/test";

import { CHROMIUM, E2E } from "./tests/e2e/stack";

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? "list" : "line",
  use: {
    baseURL: E2E.url,
    // The emulator's sign-in pages are served over HTTPS with a locally generated CA.
    ignoreHTTPSErrors: true,
    trace: "retain-on-failure",
    launchOptions: CHROMIUM,
  },
  projects: [
    { name: "chromium", use: { browserName: "chromium" } },
    // Every page state in both languages at two widths, on what the tests above left; before the
    // projects that break tenants on purpose.
    { name: "a11y", testMatch: /pages\.check\.ts$/, dependencies: ["chromium"], use: { browserName: "chromium" } },
    // These read or disturb what the other tests leave behind, so they run after them.
    { name: "faults", testMatch: /faults\.check\.ts$/, dependencies: ["a11y"], use: { browserName: "chromium" } },
    { name: "secrets", testMatch: /secrets\.check\.ts$/, dependencies: ["faults"], use: { browserName: "chromium" } },
    { name: "crash", testMatch: /crash\.check\.ts$/, dependencies: ["chromium"], use: { browserName: "chromium" } },
    // The production server on PostgreSQL, as the container image runs it: metrics and logs.
    { name: "production", testMatch: /production\.check\.ts$/, dependencies: ["chromium"], use: { browserName: "chromium" } },
    // A second portal on INCIDENT_API=defender against the same emulator: it changes the incidents
    // and consents the tests above rely on, so it runs after them.
    { name: "defender", testMatch: /defender-triage\.check\.ts$/, dependencies: ["a11y"], use: { browserName: "chromium" } },
  ],
});
