import { randomBytes } from "node:crypto";

import pg from "pg";

import { newPGlite, openDatabase, openPGlite, type DatabaseConnection } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";

export interface TestDatabase {
  client: PrismaClient;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database installed as the process's `db()` client, so domain modules run
 * unchanged against it: in-memory PGlite, or a new PostgreSQL database made through
 * TEST_DATABASE_URL when it is set (real concurrency). Call before the first `db()`.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const { connection, drop } = process.env.TEST_DATABASE_URL
    ? await newPostgresDatabase(process.env.TEST_DATABASE_URL)
    : { connection: openPGlite(newPGlite()), drop: async () => {} };
  await applyMigrations(connection.factory);
  const client = new PrismaClient({ adapter: connection.factory });
  Object.assign(globalThis, { portalDb: client, portalDatabase: connection });
  return {
    client,
    close: async () => {
      await client.$disconnect();
      await connection.close();
      await drop();
    },
  };
}

async function newPostgresDatabase(adminUrl: string): Promise<{ connection: DatabaseConnection; drop(): Promise<void> }> {
  const { url, drop } = await createPostgresDatabase(adminUrl);
  // What the configuration names is what the job queue connects to.
  process.env.DATABASE_URL = url;
  return { connection: openDatabase({ kind: "postgres", url }), drop };
}

/** A new, empty PostgreSQL database on the server of `adminUrl`: its URL, and how to drop it. */
export async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
