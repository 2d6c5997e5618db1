import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";

import { newPGlite, openPGlite } from "@/lib/db/adapter";
import { applyMigrations, createMigration, defaultMigrationPaths } from "@/lib/db/migrate";
import { createPostgresDatabase } from "@/tests/support/database";

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

async function checkedInMigrations(): Promise<string[]> {
  const entries = await readdir(defaultMigrationPaths.migrationsDir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

describe("migrations", () => {
  let pglite: PGlite | undefined;
  afterEach(async () => {
    await pglite?.close();
    pglite = undefined;
  });

  it("apply to a new embedded database and create the audit_event table", async () => {
    pglite = newPGlite();
    const applied = await applyMigrations(openPGlite(pglite).factory);

    expect(applied).toEqual(await checkedInMigrations());
    const { rows } = await pglite.query<{ name: string | null }>("SELECT to_regclass('public.audit_event')::text AS name");
    expect(rows[0]?.name).toBe("audit_event");
  });

  it("apply nothing the second time", async () => {
    pglite = newPGlite();
    const { factory } = openPGlite(pglite);
    await applyMigrations(factory);

    expect(await applyMigrations(factory)).toEqual([]);
  });

  it("match schema.prisma: creating a migration finds nothing to change", async () => {
    const migrationsDir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    try {
      await cp(defaultMigrationPaths.migrationsDir, migrationsDir, { recursive: true });
      const created = await createMigration({ kind: "pglite", dataDir: "memory://" }, "pending", {
        ...defaultMigrationPaths,
        migrationsDir,
      });

      expect(created).toBeNull();
    } finally {
      await rm(migrationsDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!testDatabaseUrl)("apply to a new PostgreSQL database", async () => {
    const { url, drop } = await createPostgresDatabase(testDatabaseUrl!);
    try {
      const applied = await applyMigrations({ kind: "postgres", url });
      expect(applied).toEqual(await checkedInMigrations());

      const check = new pg.Client({ connectionString: url });
      await check.connect();
      const { rows } = await check.query("SELECT to_regclass('public.audit_event')::text AS name");
      await check.end();
      expect(rows[0]?.name).toBe("audit_event");
      expect(await applyMigrations({ kind: "postgres", url })).toEqual([]);
    } finally {
      await drop();
    }
  });

  // Every portal instance migrates at start (lib/startup): a deployment starts several at once.
  it.skipIf(!testDatabaseUrl)("apply each migration once when three instances start together on a new PostgreSQL database", async () => {
    const { url, drop } = await createPostgresDatabase(testDatabaseUrl!);
    try {
      const applied = await Promise.all([1, 2, 3].map(() => applyMigrations({ kind: "postgres", url })));
      expect(applied.flat().sort()).toEqual(await checkedInMigrations());
    } finally {
      await drop();
    }
  });
});
