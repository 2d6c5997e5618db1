// Where the end-to-end stack runs: its own ports and data folder, apart from a running demo.
export const E2E = {
  port: 3210,
  emulatorPort: 4543,
  dataDir: ".data/e2e",
  get url() {
    return `http://localhost:${this.port}`;
  },
};

/** The suite always runs in demo mode against the emulator, whatever the developer's shell exports. */
export function cleanEnv(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(AZURE_|GRAPH_|DEFENDER_|NEXTAUTH_|EMULATOR_|INCIDENT_|UPSTREAM_|CONSENT_|PARTNER_NAME$|DATABASE_URL$|DATA_DIR$)/.test(name)) delete env[name];
  }
  return env;
}
