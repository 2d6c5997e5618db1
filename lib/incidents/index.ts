import "server-only";

import { getConfig } from "@/lib/config";
import { processState, sharedInFlight } from "@/lib/process-state";

import type { Incident, IncidentDetail } from "./model";
import { incidentSource } from "./sources";
import { storedIncidents } from "./store";
import { problemOf } from "./sync";
import type { UpstreamProblem } from "./upstream";

export type { UpstreamProblem } from "./upstream";

export type IncidentResult =
  | { ok: true; incident: IncidentDetail; fetchedAt: number }
  | { ok: false; problem: UpstreamProblem; /** The last stored copy, when there is one: stale, and shown as such. */ stored: Incident | null };

// A failed answer is kept briefly too, so a failing tenant is not asked again by every viewer.
const FAILURE_CACHE_SECONDS = 10;
const MAX_CACHED = 2_000;

interface Cached {
  value: IncidentResult;
  fetchedAt: number;
  keepSeconds: number;
}
const state = processState("incident-detail", () => ({ cache: new Map<string, Cached>(), inFlight: new Map<string, Promise<IncidentResult>>() }));

/** One incident with its alerts and evidence, read live from Microsoft and kept briefly for every viewer. */
export async function incidentDetail(tenantId: string, incidentId: string): Promise<IncidentResult> {
  const key = `${getConfig().incidentApi}|${tenantId}|${incidentId}`;
  const cached = state.cache.get(key);
  if (cached && Date.now() - cached.fetchedAt < cached.keepSeconds * 1000 && !(await storedIsNewer(cached.value, tenantId, incidentId))) return cached.value;
  return sharedInFlight(state.inFlight, key, async () => {
    const value = await readDetail(tenantId, incidentId);
    const fresh = getConfig().incidentCacheSeconds;
    const keepSeconds = value.ok ? fresh : Math.min(fresh, value.problem.retryAfterSeconds ?? FAILURE_CACHE_SECONDS);
    state.cache.delete(key);
    state.cache.set(key, { value, fetchedAt: Date.now(), keepSeconds });
    if (state.cache.size > MAX_CACHED) state.cache.delete(state.cache.keys().next().value as string);
    return value;
  });
}

// The sync, or another instance's write, stored a newer copy than the one kept here.
async function storedIsNewer(cached: IncidentResult, tenantId: string, incidentId: string): Promise<boolean> {
  if (!cached.ok) return false;
  const stored = (await storedIncidents(tenantId, [incidentId])).get(incidentId);
  return stored !== undefined && Date.parse(stored.lastUpdatedAt) > Date.parse(cached.incident.lastUpdatedAt);
}

async function readDetail(tenantId: string, incidentId: string): Promise<IncidentResult> {
  try {
    return { ok: true, incident: await incidentSource().get(tenantId, incidentId), fetchedAt: Date.now() };
  } catch (error) {
    const problem = await problemOf(tenantId, error);
    return { ok: false, problem, stored: problem.kind === "not_found" ? null : (await storedIncidents(tenantId, [incidentId])).get(incidentId) ?? null };
  }
}

/** Drops an incident's cached detail, e.g. after the portal changed it. */
export function forgetIncidentDetail(tenantId: string, incidentId: string): void {
  for (const key of state.cache.keys()) if (key.endsWith(`|${tenantId}|${incidentId}`)) state.cache.delete(key);
}

/** Drops every cached incident of a tenant (offboarding). */
export function forgetTenantIncidents(tenantId: string): void {
  for (const key of state.cache.keys()) if (key.includes(`|${tenantId}|`)) state.cache.delete(key);
}
