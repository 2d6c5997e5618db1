import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";

import { DatabaseNotInitializedError, openDatabase } from "@/lib/db/adapter";

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

describe("database adapter", () => {
  it("refuses to open an embedded database that was never migrated", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "pglite-")), "pglite");
    try {
      expect(() => openDatabase({ kind: "pglite", dataDir })).toThrow(DatabaseNotInitializedError);
      expect(() => openDatabase({ kind: "pglite", dataDir })).toThrow(/npm run db:migrate/);
    } finally {
      await rm(path.dirname(dataDir), { recursive: true, force: true });
    }
  });

  it.skipIf(!testDatabaseUrl)('reads PostgreSQL\'s internal "char" catalog columns as text', async () => {
    const connection = openDatabase({ kind: "postgres", url: testDatabaseUrl! });
    try {
      const adapter = await connection.factory.connect();
      const result = await adapter.queryRaw({
        sql: "SELECT relkind FROM pg_class WHERE relname = 'pg_class'",
        args: [],
        argTypes: [],
      });

      expect(result.columnTypes).toEqual([ColumnTypeEnum.Text]);
      expect(result.rows).toEqual([["r"]]);
    } finally {
      await connection.close();
    }
  });
});
