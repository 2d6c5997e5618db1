import { startTestEmulator } from "@/tests/integration/emulator/emulator-fixture";

import { openTestDatabase, type TestDatabase } from "./database";

export type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

export interface PortalWorld {
  emulator: TestEmulator;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The portal's domain modules in demo mode against a fresh emulator and a fresh database.
 * Call before the first getConfig()/db(): the configuration is read once per process.
 */
export async function startPortalWorld(env: Record<string, string> = {}): Promise<PortalWorld> {
  const emulator = await startTestEmulator();
  Object.assign(process.env, { EMULATOR_PORT: new URL(emulator.url).port, NEXTAUTH_SECRET: "s".repeat(40), ...env });
  const database = await openTestDatabase();
  return {
    emulator,
    database,
    close: async () => {
      await database.close();
      await emulator.close();
    },
  };
}
