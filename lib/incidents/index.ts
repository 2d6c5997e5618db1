import "server-only";

import { getConfig } from "@/lib/config";
import { markConsentLost } from "@/lib/consent/proof";

import { defenderSource } from "./defender";
import { graphSource } from "./graph";
import { TIME_RANGES, type Incident, type IncidentDetail, type TimeRange } from "./model";
import type { IncidentSource } from "./source";
import { UpstreamError, type UpstreamProblem } from "./upstream";

export type { UpstreamProblem } from "./upstream";

export type TenantIncidents =
  | { ok: true; tenantId: string; incidents: Incident[]; truncated: boolean; fetchedAt: number }
  | { ok: false; tenantId: string; problem: UpstreamProblem; fetchedAt: number };

export type IncidentResult = { ok: true; incident: IncidentDetail; fetchedAt: number } | { ok: false; problem: UpstreamProblem };

// Refresh clicks within this many seconds of the last answer reuse it: no self-made throttling.
const MIN_REFRESH_SECONDS = 5;
// A failed answer is kept briefly too, so a failing tenant is not asked again by every viewer.
const FAILURE_CACHE_SECONDS = 10;
const MAX_CACHED = 10_000;

interface Cached<T> {
  value: T;
  fetchedAt: number;
  keepSeconds: number;
}
const cache = new Map<string, Cached<unknown>>();
const inFlight = new Map<string, Promise<unknown>>();

function source(): IncidentSource {
  return getConfig().incidentApi === "graph" ? graphSource : defenderSource;
}

/** A tenant's incidents updated within the range: one upstream read per freshness window, shared by every viewer. */
export function tenantIncidents(tenantId: string, range: TimeRange, options: { refresh?: boolean } = {}): Promise<TenantIncidents> {
  const key = `list|${getConfig().incidentApi}|${tenantId}|${range}`;
  return shared(key, options.refresh ?? false, async () => {
    const since = new Date(Date.now() - TIME_RANGES[range] * 24 * 60 * 60 * 1000);
    try {
      const page = await source().list(tenantId, since);
      return { ok: true, tenantId, ...page, fetchedAt: Date.now() };
    } catch (error) {
      return { ok: false, tenantId, problem: await problemOf(tenantId, error), fetchedAt: Date.now() };
    }
  });
}

/** One incident with its alerts, cached like the lists. */
export function incidentDetail(tenantId: string, incidentId: string): Promise<IncidentResult> {
  const key = `detail|${getConfig().incidentApi}|${tenantId}|${incidentId}`;
  return shared(key, false, async () => {
    try {
      return { ok: true, incident: await source().get(tenantId, incidentId), fetchedAt: Date.now() };
    } catch (error) {
      return { ok: false, problem: await problemOf(tenantId, error) };
    }
  });
}

/** Drops every cached answer for a tenant (offboarding). */
export function forgetTenantIncidents(tenantId: string): void {
  for (const key of cache.keys()) if (key.includes(`|${tenantId}|`)) cache.delete(key);
}

async function shared<T extends { ok: boolean }>(key: string, refresh: boolean, load: () => Promise<T>): Promise<T> {
  const cached = cache.get(key) as Cached<T> | undefined;
  const age = cached ? (Date.now() - cached.fetchedAt) / 1000 : Infinity;
  if (cached && age < (refresh ? Math.min(MIN_REFRESH_SECONDS, cached.keepSeconds) : cached.keepSeconds)) return cached.value;
  let request = inFlight.get(key) as Promise<T> | undefined;
  if (!request) {
    request = load()
      .then((value) => {
        remember(key, value);
        return value;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, request);
  }
  return request;
}

function remember(key: string, value: { ok: boolean; problem?: UpstreamProblem }) {
  const fresh = getConfig().incidentCacheSeconds;
  const keepSeconds = value.ok ? fresh : Math.min(fresh, value.problem?.retryAfterSeconds ?? FAILURE_CACHE_SECONDS);
  cache.delete(key);
  cache.set(key, { value, fetchedAt: Date.now(), keepSeconds });
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}

async function problemOf(tenantId: string, error: unknown): Promise<UpstreamProblem> {
  if (!(error instanceof UpstreamError)) {
    console.error(`Reading incidents of tenant ${tenantId} failed:`, error instanceof Error ? error.message : error);
    return { kind: "failed", message: "The portal could not read this tenant's incidents." };
  }
  if (error.problem.kind === "lost") await markConsentLost(tenantId, error.problem.message);
  return error.problem;
}
