import "server-only";
import { readdir } from "node:fs/promises";

import { db } from "@/lib/db";
import { defaultMigrationPaths } from "@/lib/db/migrate";
import { jobEngineStatus, type JobEngineStatus } from "@/lib/jobs";

export interface Readiness {
  /** True when every check passes: the instance can take requests. */
  ready: boolean;
  database: "ok" | "unreachable";
  /** Migrations in prisma/migrations not applied to the database; "unknown" when it cannot be asked. */
  migrations: "ok" | { pending: string[] } | "unknown";
  jobs: JobEngineStatus;
  /** Reported, not checked: Microsoft being down for every customer must not take the portal out of service. */
  sync: { consentedTenants: number; lastSuccessAt: string | null } | null;
}

/** Whether this instance can serve: its database answers, has every migration, and its job engine runs. */
export async function readiness(): Promise<Readiness> {
  const jobs = jobEngineStatus();
  try {
    const [applied, [sync]] = await Promise.all([
      db().$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      db().$queryRaw<{ consentedTenants: number; lastSuccessAt: Date | null }[]>`
        SELECT count(*) FILTER (WHERE t.status = 'consented')::int AS "consentedTenants", max(s."lastSuccessAt") AS "lastSuccessAt"
        FROM tenant t LEFT JOIN tenant_sync s ON s."tenantId" = t.id`,
    ]);
    const pending = (await shippedMigrations()).filter((name) => !applied.some((row) => row.name === name));
    return {
      ready: pending.length === 0 && jobs === "running",
      database: "ok",
      migrations: pending.length === 0 ? "ok" : { pending },
      jobs,
      sync: { consentedTenants: sync.consentedTenants, lastSuccessAt: sync.lastSuccessAt?.toISOString() ?? null },
    };
  } catch {
    return { ready: false, database: "unreachable", migrations: "unknown", jobs, sync: null };
  }
}

let shipped: Promise<string[]> | undefined;

/** The migrations this build ships, by folder name, read once. */
function shippedMigrations(): Promise<string[]> {
  shipped ??= readdir(/* turbopackIgnore: true */ defaultMigrationPaths.migrationsDir, { withFileTypes: true }).then((entries) =>
    entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name),
  );
  return shipped;
}
