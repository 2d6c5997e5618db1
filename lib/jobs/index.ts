import "server-only";
import { setTimeout as sleep } from "node:timers/promises";

import type { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";

import { Prisma } from "@/lib/db/generated/client";

import type { DatabaseConfig } from "@/lib/config";
import { connection } from "@/lib/db";
import { processState } from "@/lib/process-state";
import { log, reason } from "@/lib/log";

/** Work on one key, e.g. one tenant's sync. */
export interface Job {
  id: string;
  key: string;
}

/**
 * A pg-boss queue of keyed jobs in the portal's database: a key already waiting is not queued
 * twice, and every portal instance on one PostgreSQL shares it. On the embedded PGlite database
 * pg-boss runs its SQL on the same PGlite instance as Prisma, through PGlite's own locks (PGlite's
 * socket server would interleave pg-boss's statements with the portal's open transactions).
 */
export interface JobQueue {
  send(keys: string[]): Promise<void>;
  fetch(limit: number): Promise<Job[]>;
  complete(jobs: Job[]): Promise<void>;
  stop(): Promise<void>;
}

// One pg-boss per process, whatever the number of queues: on PGlite, two engines starting at once
// interleave their setup transactions on the one connection, and both fail.
const state = processState("job-engine", () => ({ boss: null as Promise<PgBoss> | null, open: 0, created: Promise.resolve(), status: "starting" as JobEngineStatus }));

export type JobEngineStatus = "starting" | "running" | "failed" | "stopped";

/** This process's job engine, for readiness: running once it started and until it stops. */
export function jobEngineStatus(): JobEngineStatus {
  return state.status;
}

export async function openJobQueue(database: DatabaseConfig, name: string, options: { leaseSeconds: number }): Promise<JobQueue> {
  state.boss ??= startEngine(database).then(
    (boss) => {
      state.status = "running";
      return boss;
    },
    (error: unknown) => {
      state.boss = null;
      state.status = "failed";
      throw error;
    },
  );
  const boss = await state.boss;
  // One queue created at a time per process: on a new PostgreSQL database, pg-boss attaching two
  // queues' tables at once deadlocked, and the sync did not start.
  const created = state.created.then(() => createQueue(boss, name, options.leaseSeconds));
  state.created = created.catch(() => undefined);
  await created;
  state.open++;
  return {
    send: (keys) => (keys.length ? boss.insert(keys.map((key) => ({ name, data: { key }, singletonKey: key }))) : Promise.resolve()),
    fetch: async (limit) => ((await boss.fetch<{ key: string }>(name, { batchSize: limit })) ?? []).map((job) => ({ id: job.id, key: job.data.key })),
    complete: async (jobs) => {
      if (jobs.length) await boss.complete(name, jobs.map((job) => job.id));
    },
    // The engine stops with the last queue open on it.
    stop: async () => {
      if (--state.open > 0) return;
      state.boss = null;
      state.status = "stopped";
      await boss.stop({ graceful: false, wait: true });
    },
  };
}

/** Another instance creating a queue at the same moment can still deadlock with this one: PostgreSQL ends one of them, which tries again. */
async function createQueue(boss: PgBoss, name: string, leaseSeconds: number, attempt = 1): Promise<void> {
  try {
    // "short": at most one waiting job per key, so every instance may queue what is due.
    await boss.createQueue(name, { name, policy: "short", retryLimit: 0, expireInSeconds: leaseSeconds });
  } catch (error) {
    if ((error as { code?: string }).code !== "40P01" || attempt >= 5) throw error;
    await sleep(100 * attempt);
    await createQueue(boss, name, leaseSeconds, attempt + 1);
  }
}

async function startEngine(database: DatabaseConfig): Promise<PgBoss> {
  const boss = new PgBoss({
    ...(database.kind === "postgres" ? { connectionString: database.url, max: 4 } : { db: pgliteDb(connection().pglite!) }),
    application_name: "partner-portal jobs",
    schedule: false,
    // A sync job a minute per tenant is 1.4 million a day at 1,000 tenants, and the sync keeps its
    // own record: finished jobs are archived after ten minutes and deleted an hour later, not kept
    // for pg-boss's default week.
    archiveCompletedAfterSeconds: 600,
    deleteAfterHours: 1,
  });
  // Without a listener, an error from pg-boss's pool would end the process.
  boss.on("error", (error: Error) => log.error({ err: error.message }, "Job queue error"));
  await boss.start();
  return boss;
}

/** pg-boss's database interface on a PGlite instance: parameterised queries, or a script of several statements. */
function pgliteDb(pglite: PGlite): PgBoss.Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      if (values?.length) return pglite.query(text, values);
      const results = await pglite.exec(text);
      return results[results.length - 1] ?? { rows: [] };
    },
  };
}

export interface Workers {
  /** Fetch now instead of at the next poll, e.g. right after sending jobs. */
  wake(): void;
  /** Stops fetching and waits for the jobs in hand. */
  stop(): Promise<void>;
}

/**
 * Keeps up to `concurrency` jobs running, fetching as soon as one finishes: a slow or hanging job
 * occupies one place and holds back no other. Finished jobs are completed together before the
 * next fetch: a burst of short jobs costs the job engine a round trip per batch, not per job.
 */
export function runWorkers(queue: JobQueue, { concurrency, pollMs }: { concurrency: number; pollMs: number }, work: (key: string) => Promise<void>): Workers {
  let running = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const idle = new Set<Promise<void>>();
  const finished: Job[] = [];
  const nudge = () => wake?.();
  const completeFinished = () =>
    queue.complete(finished.splice(0)).catch((error: unknown) => log.error({ err: reason(error) }, "Finished jobs could not be completed"));

  const loop = (async () => {
    while (!stopped) {
      await completeFinished();
      const free = concurrency - running;
      let fetched = 0;
      if (free > 0) {
        try {
          const jobs = await queue.fetch(free);
          fetched = jobs.length;
          for (const job of jobs) {
            running++;
            const done: Promise<void> = work(job.key)
              .catch((error: unknown) => log.error({ job: job.key, err: reason(error) }, "Job failed"))
              .finally(() => {
                finished.push(job);
                running--;
                idle.delete(done);
                nudge();
              });
            idle.add(done);
          }
        } catch (error) {
          log.error({ err: reason(error) }, "Fetching jobs failed");
        }
      }
      if (finished.length === 0 && (fetched === 0 || running >= concurrency)) {
        const ac = new AbortController();
        wake = () => ac.abort();
        await sleep(pollMs, undefined, { signal: ac.signal }).catch(() => {});
        wake = undefined;
      }
    }
  })();

  return {
    wake: nudge,
    stop: async () => {
      stopped = true;
      nudge();
      await loop;
      await Promise.all(idle);
      await completeFinished();
    },
  };
}

/**
 * SQL on a row aliased `s` with "lastStartedAt" and "lastFinishedAt": no instance is working on it,
 * or the one that was outlived its lease (its instance died).
 */
export function leaseFree(leaseSeconds: number): Prisma.Sql {
  return Prisma.sql`(s."lastStartedAt" IS NULL OR s."lastFinishedAt" >= s."lastStartedAt" OR s."lastStartedAt" < now() - make_interval(secs => ${leaseSeconds}))`;
}
