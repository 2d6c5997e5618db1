// The PostgreSQL server the bench measures on: a database of its own per measurement, dropped after.
import { randomBytes } from "node:crypto";

import pg from "pg";

// Trust authentication on the local server, as CI and the tests' TEST_DATABASE_URL use it.
const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** Runs `work` with the URL of a new, empty database, and drops the database afterwards. */
export async function withPostgresDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `portal_bench_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`The bench needs PostgreSQL at ${ADMIN_URL} (trust authentication): ${error instanceof Error ? error.message : error}`);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
