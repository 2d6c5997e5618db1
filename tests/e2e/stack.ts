// Where the end-to-end stack runs: its own ports and data folder, apart from a running demo.
export const E2E = {
  port: 3210,
  emulatorPort: 4543,
  /** The portal sends alert email here; the test that expects mail listens on it (smtp-server). */
  smtpPort: 2526,
  dataDir: ".data/e2e",
  /** What a scraper presents at /api/metrics; the secrets check looks for it in logs and pages. */
  metricsToken: "e2e-metrics-token-9f3c2a7d51b84e06a1c3",
  get url() {
    return `http://localhost:${this.port}`;
  },
};

/**
 * The system Chromium, for Playwright and for the emulator's browser test. Without the
 * background-networking flags Chromium floods the closed network with refused connections.
 */
export const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};
