import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";

import type { DatabaseConfig } from "@/lib/config";
import { openDatabase } from "@/lib/db/adapter";

// Prisma's CLI drives a native schema engine it downloads at run time; the Wasm build of the same
// engine runs through our driver adapters, so migrations need no download and work on PGlite.

export interface MigrationPaths {
  schemaPath: string;
  migrationsDir: string;
}

/**
 * prisma/ in the folder the process runs in: the repository, or the standalone build the server
 * runs from (scripts/standalone.mjs copies it there). Paths read at run time are hidden from
 * Next.js's file tracing, which would otherwise copy the whole project into the build.
 */
export const defaultMigrationPaths: MigrationPaths = {
  schemaPath: path.resolve(/* turbopackIgnore: true */ "prisma", "schema.prisma"),
  migrationsDir: path.resolve(/* turbopackIgnore: true */ "prisma", "migrations"),
};

/** A database to open (and close afterwards), or an adapter factory the caller owns. */
export type MigrationTarget = DatabaseConfig | SqlMigrationAwareDriverAdapterFactory;

const LOCKFILE = "migration_lock.toml";
const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Applies the pending migrations, like `prisma migrate deploy`; returns the names it applied. */
export async function applyMigrations(target: MigrationTarget, paths = defaultMigrationPaths): Promise<string[]> {
  return withEngine(target, paths, async (engine, migrationsList) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  });
}

/**
 * Like `prisma migrate dev --create-only`: applies the pending migrations to the target, diffs the
 * schema against the migration history and writes the difference as a new migration. Returns its
 * directory name, or null when the migrations already match the schema.
 */
export async function createMigration(
  target: MigrationTarget,
  name: string,
  paths = defaultMigrationPaths,
): Promise<string | null> {
  if (!/^[a-z0-9_]+$/i.test(name)) throw new Error(`Migration name "${name}": use letters, digits and underscores only.`);
  return withEngine(target, paths, async (engine, migrationsList, schema) => {
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (action.tag === "reset") throw new Error(`The database has drifted from the migrations: ${action.reason}`);
    const migration = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: { files: [{ path: paths.schemaPath, content: schema }] },
      filters: NO_FILTERS,
    });
    if (migration.migrationScript === null) return null;
    const dir = path.join(paths.migrationsDir, migration.generatedMigrationName);
    if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `migration.${migration.extension}`), migration.migrationScript);
    await writeFile(path.join(paths.migrationsDir, LOCKFILE), lockfile(migration.connectorType));
    return migration.generatedMigrationName;
  });
}

async function withEngine<T>(
  target: MigrationTarget,
  paths: MigrationPaths,
  run: (engine: SchemaEngine, migrationsList: MigrationList, schema: string) => Promise<T>,
): Promise<T> {
  const [glue, schema, migrationsList] = await Promise.all([
    loadSchemaEngine(),
    readFile(/* turbopackIgnore: true */ paths.schemaPath, "utf8"),
    readMigrations(paths.migrationsDir),
  ]);
  const connection = "kind" in target ? openDatabase(target, { createIfMissing: true }) : null;
  const factory = bindMigrationAwareSqlAdapterFactory(connection?.factory ?? (target as SqlMigrationAwareDriverAdapterFactory));
  try {
    const engine = await glue.SchemaEngine.new({ datamodels: [[paths.schemaPath, schema]] }, () => {}, factory);
    try {
      return await run(engine, migrationsList, schema);
    } finally {
      engine.free();
    }
  } finally {
    await connection?.close();
  }
}

type SchemaEngineGlue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let schemaEngine: Promise<SchemaEngineGlue> | undefined;

function loadSchemaEngine(): Promise<SchemaEngineGlue> {
  schemaEngine ??= (async () => {
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // Resolved from the folder the process runs in: the server's bundle has no require of its own.
    const gluePath = createRequire(path.join(/* turbopackIgnore: true */ process.cwd(), "package.json")).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasm = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(wasm, { "./schema_engine_bg.js": withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return schemaEngine;
}

/**
 * The engine races each database call against a 10 s timer that it never clears, which would keep
 * the process alive for 10 s after the last migration; unref'd timers still fire but hold nothing.
 */
function withUnrefTimers(glue: SchemaEngineGlue): WebAssembly.ModuleImports {
  const unrefTimeout = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  return Object.fromEntries(
    Object.entries(glue).map(([name, value]) => [name, name.startsWith("__wbg_setTimeout_") ? unrefTimeout : value]),
  );
}

/** Reads the migrations directory the way Prisma's CLI does. */
async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const lockContent = await readFile(path.join(/* turbopackIgnore: true */ migrationsDir, LOCKFILE), "utf8").catch(() => null);
  const entries = await readdir(/* turbopackIgnore: true */ migrationsDir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort((a, b) => a.localeCompare(b));
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: await readFile(path.join(/* turbopackIgnore: true */ migrationsDir, name, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

function lockfile(provider: string): string {
  return `# Please do not edit this file manually
# It should be added in your version-control system (e.g., Git)
provider = "${provider}"
`;
}
