import "server-only";

import { getConfig } from "@/lib/config";
import { openDatabase, type DatabaseConnection } from "@/lib/db/adapter";
import { PrismaClient, type Prisma } from "@/lib/db/generated/client";

export type { PrismaClient } from "@/lib/db/generated/client";
/** The client or an open transaction: what domain functions that take part in a transaction accept. */
export type DatabaseClient = Prisma.TransactionClient;

// On globalThis, not in a module variable: dev reloads and separately bundled route modules would
// otherwise each open the database, and a PGlite data directory must have one owner per process.
const holder = globalThis as typeof globalThis & { portalDb?: PrismaClient; portalDatabase?: DatabaseConnection };

/** The process's Prisma client, opened at the first call (never at import: `next build` imports in many workers). */
export function db(): PrismaClient {
  holder.portalDb ??= new PrismaClient({ adapter: connection().factory });
  return holder.portalDb;
}

/**
 * The process's database connection: the job queue shares the embedded database with Prisma. An
 * embedded database is created at the server's first start, which migrates it (lib/startup).
 */
export function connection(): DatabaseConnection {
  holder.portalDatabase ??= openDatabase(getConfig().database, { createIfMissing: true });
  return holder.portalDatabase;
}

/** Closes the process's database connection, e.g. when the server stops; the next `db()` opens it again. */
export async function closeDatabase(): Promise<void> {
  const { portalDb, portalDatabase } = holder;
  holder.portalDb = undefined;
  holder.portalDatabase = undefined;
  await portalDb?.$disconnect();
  await portalDatabase?.close();
}
