import type { Prisma } from "@/lib/db/generated/client";
import type { WorldSeed } from "@/emulator/world/seed";
import { forgetTenantIncidents } from "@/lib/incidents";
import { forgetTenant } from "@/lib/tokens";
import { startTestEmulator, type TestEmulator } from "@/tests/integration/emulator/emulator-fixture";

import { openTestDatabase, type TestDatabase } from "./database";

export type { TestEmulator };

export interface PortalWorld {
  emulator: TestEmulator;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The portal's domain modules in demo mode against a fresh emulator and a fresh database.
 * Call before the first getConfig()/db(): the configuration is read once per process.
 */
export async function startPortalWorld(
  env: Record<string, string> = {},
  emulatorOptions: { seed?: string | WorldSeed; clock?: () => number; latencyMs?: number } = {},
): Promise<PortalWorld> {
  const emulator = await startTestEmulator(emulatorOptions.seed, emulatorOptions);
  pointPortalAt(emulator, env);
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

/** Points the portal's configuration (demo mode) at this emulator; like startPortalWorld, before the first getConfig(). */
export function pointPortalAt(emulator: TestEmulator, env: Record<string, string> = {}): void {
  Object.assign(process.env, { EMULATOR_PORT: new URL(emulator.url).port, NEXTAUTH_SECRET: "s".repeat(40), ...env });
}

/** Replaces every registered tenant with these rows. */
export async function replaceTenants(world: PortalWorld, tenants: Prisma.TenantCreateManyInput[]): Promise<void> {
  await world.database.client.tenant.deleteMany();
  await world.database.client.tenant.createMany({ data: tenants });
}

/**
 * Exactly these tenants registered and consented (named by their ids), with nothing cached about
 * them: each test then starts from a cold token and incident cache.
 */
export async function resetConsentedTenants(world: PortalWorld, tenantIds: string[], grantedRoles: string[] = []): Promise<void> {
  for (const tenantId of tenantIds) {
    forgetTenant(tenantId);
    forgetTenantIncidents(tenantId);
  }
  await replaceTenants(world, tenantIds.map((id) => ({ id, displayName: id, addedBy: "test", status: "consented" as const, grantedRoles, consentedAt: new Date(), verifiedAt: new Date() })));
}
