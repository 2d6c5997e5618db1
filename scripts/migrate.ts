// npm run db:migrate                    apply pending migrations to the configured database
// npm run db:migrate -- --create <name>  write a new migration from changes to prisma/schema.prisma
import { parseArgs } from "node:util";

import { ConfigError, loadDatabaseConfig, type DatabaseConfig } from "@/lib/config";
import { applyMigrations, createMigration } from "@/lib/db/migrate";

const { values } = parseArgs({ options: { create: { type: "string" } } });

try {
  if (values.create !== undefined) {
    // A scratch database replays the history, so creating a migration never touches real data.
    const name = await createMigration({ kind: "pglite", dataDir: "memory://" }, values.create);
    console.log(name ? `Created prisma/migrations/${name}/migration.sql` : "The schema has no changes to migrate");
  } else {
    const database = loadDatabaseConfig(process.env);
    console.log(`Migrating ${describe(database)}`);
    const applied = await applyMigrations(database);
    for (const name of applied) console.log(`Applied ${name}`);
    if (applied.length === 0) console.log("Database is up to date");
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${reason(error)}`);
  process.exitCode = 1;
}

function describe(database: DatabaseConfig): string {
  if (database.kind === "pglite") return `the embedded database in ${database.dataDir}`;
  const url = new URL(database.url);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

/** The message without the engine's backtrace (its lines start with "   0: "). */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((line) => line.trim());
  const end = lines.findIndex((line) => /^\d+: /.test(line));
  return lines.slice(0, end === -1 ? undefined : end).filter(Boolean).join(" — ") || "unknown error";
}
