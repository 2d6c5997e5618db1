import type { TenantIncidents, UpstreamProblem } from "./index";
import type { Incident } from "./model";
import { filterIncidents, type IncidentQuery } from "./query";

/** A queue row: an incident with the name of its tenant. */
export type QueueIncident = Incident & { tenantName: string };

/** The all-tenants queue's wire format, one JSON object per line. */
export type QueueLine =
  | { type: "tenants"; tenants: { id: string; name: string }[] }
  | { type: "tenant"; tenantId: string; tenantName: string; ok: true; incidents: QueueIncident[]; truncated: boolean; fetchedAt: number }
  | { type: "tenant"; tenantId: string; tenantName: string; ok: false; problem: UpstreamProblem; fetchedAt: number }
  | { type: "done" };

export function queueLine(result: TenantIncidents, tenantName: string, query: IncidentQuery): QueueLine {
  const base = { type: "tenant" as const, tenantId: result.tenantId, tenantName, fetchedAt: result.fetchedAt };
  if (!result.ok) return { ...base, ok: false, problem: result.problem };
  const incidents = filterIncidents(result.incidents, query).map((incident) => ({ ...incident, tenantName }));
  return { ...base, ok: true, incidents, truncated: result.truncated };
}
