import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

import { db } from "@/lib/db";
import { HttpTimeoutError } from "@/lib/http";
import { processState } from "@/lib/process-state";

/**
 * What a partner's Prometheus scrapes from GET /api/metrics (README, "Monitoring"). Counters and
 * histograms count this instance's work; the gauges read the shared database at each scrape, so
 * every instance reports the same tenant and queue figures.
 */
export const metrics = processState("metrics", () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "portal_" });
  const registers = [registry];

  /** A gauge whose series are rows of the shared database, read at each scrape; none while the database does not answer. */
  const databaseGauge = <L extends string>(name: string, help: string, labelNames: L[], read: () => Promise<(Record<L, string> & { value: number })[]>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const rows = await read().catch(() => []);
        this.reset();
        for (const { value, ...labels } of rows) this.set(labels as unknown as Record<L, string>, value);
      },
    });

  databaseGauge("portal_tenants", "Registered tenants by consent status", ["status"], () =>
    db().$queryRaw`SELECT status::text, count(*)::int AS value FROM tenant GROUP BY status`,
  );
  databaseGauge(
    "portal_incident_sync_lag_seconds",
    "Per consented tenant: seconds since its incidents were last synced in full (since it consented, when never)",
    ["tenant"],
    () => db().$queryRaw`
      SELECT t.id::text AS tenant, extract(epoch FROM now() - coalesce(s."lastSuccessAt", t."consentedAt", t."addedAt"))::float8 AS value
      FROM tenant t LEFT JOIN tenant_sync s ON s."tenantId" = t.id WHERE t.status = 'consented'`,
  );
  databaseGauge("portal_jobs", "Jobs in the shared job queue (pg-boss) by queue: waiting, or active (being worked)", ["queue", "state"], () =>
    db().$queryRaw`
      SELECT q.name AS queue, s.state, count(j.id)::int AS value
      FROM pgboss.queue q CROSS JOIN (VALUES ('waiting'), ('active')) s(state)
      LEFT JOIN pgboss.job j ON j.name = q.name AND CASE s.state WHEN 'active' THEN j.state = 'active' ELSE j.state IN ('created', 'retry') END
      GROUP BY q.name, s.state`,
  );

  return {
    registry,
    upstreamRequests: new Histogram({
      name: "portal_upstream_request_duration_seconds",
      help: "Calls to Microsoft's incident APIs by API, method and answer (an HTTP status, timeout or network); 429 is throttling",
      labelNames: ["api", "method", "status"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    tokenRequests: new Histogram({
      name: "portal_token_request_duration_seconds",
      help: "Requests to Entra ID for app-only tokens by answer (an HTTP status, timeout or network); MSAL's cache answers the rest",
      labelNames: ["status"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    consentCallbacks: new Counter({
      name: "portal_consent_callbacks_total",
      help: "Customer admins' returns from the consent prompt, by the outcome they were shown",
      labelNames: ["outcome"] as const,
      registers,
    }),
  };
});

/** What a failed call to Microsoft counts as, for a metric's `status`. */
export function failureLabel(error: unknown): "timeout" | "network" {
  return error instanceof HttpTimeoutError ? "timeout" : "network";
}
