import type { TenantIncidents, UpstreamProblem } from "./index";
import type { Incident } from "./model";
import { filterIncidents, type IncidentQuery } from "./query";

/** The all-tenants queue's wire format, one JSON object per line; tenants are named once, in the first. */
export type QueueLine =
  | { type: "tenants"; tenants: { id: string; name: string }[] }
  | { type: "tenant"; tenantId: string; ok: true; incidents: Incident[]; truncated: boolean; fetchedAt: number }
  | { type: "tenant"; tenantId: string; ok: false; problem: UpstreamProblem; fetchedAt: number }
  | { type: "done" };

export function queueLine(result: TenantIncidents, query: IncidentQuery): QueueLine {
  const base = { type: "tenant" as const, tenantId: result.tenantId, fetchedAt: result.fetchedAt };
  if (!result.ok) return { ...base, ok: false, problem: result.problem };
  return { ...base, ok: true, incidents: filterIncidents(result.incidents, query), truncated: result.truncated };
}
