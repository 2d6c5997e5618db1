import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite, messages } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

import type { DatabaseConfig } from "@/lib/config";
import { PrismaClient } from "@/lib/db/generated/client";
import { log } from "@/lib/log";

/** A driver adapter factory for Prisma, and the way to release what it holds open. */
export interface DatabaseConnection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** The embedded database itself, for the job queue to share; absent on PostgreSQL. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export class DatabaseNotInitializedError extends Error {
  constructor(dataDir: string) {
    super(`No database at ${dataDir}: run \`npm run db:migrate\` first to create it.`);
    this.name = "DatabaseNotInitializedError";
  }
}

/**
 * Opens the configured database without touching it: PGlite starts in the background, pg connects
 * at the first query. Only migrations may create a PGlite data directory, so a wrong DATA_DIR fails
 * loudly instead of serving an empty database.
 */
export function openDatabase(database: DatabaseConfig, options: { createIfMissing?: boolean } = {}): DatabaseConnection {
  if (database.kind === "postgres") return openPostgres(database.url);
  if (!isMemory(database.dataDir) && !existsSync(path.join(database.dataDir, "PG_VERSION"))) {
    if (!options.createIfMissing) throw new DatabaseNotInitializedError(database.dataDir);
    mkdirSync(database.dataDir, { recursive: true });
  }
  return openPGlite(newPGlite(database.dataDir));
}

/** A PGlite database with the extensions the schema uses (pg_trgm, for the incident search). */
export function newPGlite(dataDir = "memory://"): PGlite {
  return new PGlite(dataDir, { extensions: { pg_trgm } });
}

/** Opens the database for one piece of work outside the portal (scripts, tests), and closes it afterwards. */
export async function withDatabase<T>(database: DatabaseConfig, work: (client: PrismaClient) => Promise<T>): Promise<T> {
  const connection = openDatabase(database);
  const client = new PrismaClient({ adapter: connection.factory });
  try {
    return await work(client);
  } finally {
    await client.$disconnect();
    await connection.close();
  }
}

/** Wraps a PGlite instance opened by the caller, e.g. an in-memory one in tests; `close` closes it. */
export function openPGlite(pglite: PGlite): DatabaseConnection {
  return { factory: new AwaitingPGliteFactory(pglite), pglite, close: () => pglite.close() };
}

function isMemory(dataDir: string): boolean {
  return dataDir.startsWith("memory://");
}

function openPostgres(url: string): DatabaseConnection {
  const pool = postgresPool(url);
  return { factory: new PostgresFactory(pool, url), close: () => pool.end() };
}

/**
 * A pool whose idle connections may be cut by the server (a restart, a failover, a dropped test
 * database) without ending the process: pg emits that as an 'error' event, fatal when unheard.
 */
function postgresPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, Client: CatalogAwareClient });
  pool.on("error", (error) => log.error({ err: error.message }, "Database connection closed by the server"));
  return pool;
}

/**
 * adapter-pg 7.10 opens its shadow database (used to create migrations) by adding `database` to the
 * pool's options, which a connection string overrides: it would replay the migrations on the main
 * database. This factory points the connection string itself at the shadow database.
 */
class PostgresFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName: string;
  private readonly inner: PrismaPg;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {
    this.inner = new PrismaPg(pool);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return wholeScripts(await this.inner.connect(), (script) => this.pool.query(script), pg.DatabaseError);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const main = await this.inner.connect();
    const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${name}"`);
    const url = new URL(this.url);
    url.pathname = `/${name}`;
    const pool = postgresPool(url.toString());
    const shadow = wholeScripts(await new PrismaPg(pool).connect(), (script) => pool.query(script), pg.DatabaseError);
    shadow.dispose = async () => {
      await pool.end();
      await main.executeScript(`DROP DATABASE "${name}"`);
    };
    return shadow;
  }
}

/**
 * Prisma's schema engine reads catalog columns of PostgreSQL's internal `"char"` type (OID 18),
 * which adapter-pg refuses to deserialize; reporting them as text (OID 25) is exact for a one-byte
 * string.
 */
class CatalogAwareClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.connection.prependListener("rowDescription", (message: { fields: { dataTypeID: number }[] }) => {
      for (const field of message.fields) {
        if (field.dataTypeID === 18) field.dataTypeID = 25;
      }
    });
  }
}

/**
 * pglite-prisma-adapter 0.7.2 does not await `executeScript`: a failing migration would be recorded
 * as applied and its error escape as an unhandled rejection. This factory awaits the script and
 * reports its error to Prisma.
 */
class AwaitingPGliteFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName: string;
  private readonly inner: PrismaPGlite;

  constructor(private readonly pglite: PGlite) {
    this.inner = new PrismaPGlite(pglite);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return awaitScripts(await this.inner.connect(), this.pglite);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = newPGlite();
    const adapter = awaitScripts(await new PrismaPGlite(shadow).connect(), shadow);
    adapter.dispose = () => shadow.close();
    return adapter;
  }
}

function awaitScripts(adapter: SqlDriverAdapter, pglite: PGlite): SqlDriverAdapter {
  return wholeScripts(adapter, (script) => pglite.exec(script), messages.DatabaseError);
}

/**
 * Runs a migration's script as one multi-statement query, its errors reported to Prisma as the
 * adapters report a statement's. adapter-pg 7.10 splits a script at every ";" (a function body
 * in a migration broke there) and pglite-prisma-adapter does not await it.
 */
function wholeScripts(adapter: SqlDriverAdapter, run: (script: string) => Promise<unknown>, DatabaseError: typeof messages.DatabaseError | typeof pg.DatabaseError): SqlDriverAdapter {
  adapter.executeScript = async (script) => {
    try {
      await run(script);
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      throw new DriverAdapterError({
        kind: "postgres",
        code: error.code ?? "",
        severity: error.severity ?? "ERROR",
        message: error.message,
        detail: error.detail,
        column: error.column,
        hint: error.hint,
      });
    }
  };
  return adapter;
}
