import "server-only";

import { csvLines } from "@/lib/csv";
import type { TenantScope } from "@/lib/scopes";

import type { Incident } from "./model";
import type { IncidentQuery } from "./query";
import { allIncidents } from "./store";

/** The export's columns, in order: each one's heading is the "IncidentsCsv" message of its name. */
export const INCIDENT_CSV_COLUMNS = ["tenant", "tenantId", "incidentId", "title", "severity", "status", "classification", "determination", "assignedTo", "tags", "created", "lastUpdated", "webUrl"] as const;

/**
 * Every stored incident in scope that matches the query (all pages, newest update first) as CSV, a
 * batch of lines at a time, under the headings given for INCIDENT_CSV_COLUMNS.
 */
export async function* incidentsCsv(scope: TenantScope, query: IncidentQuery, tenantNames: ReadonlyMap<string, string>, headings: string[]): AsyncGenerator<string> {
  yield csvLines([headings]);
  for await (const batch of allIncidents(scope, query)) yield csvLines(batch.map((incident) => row(incident, tenantNames)));
}

function row(incident: Incident, tenantNames: ReadonlyMap<string, string>): string[] {
  return [
    tenantNames.get(incident.tenantId) ?? "",
    incident.tenantId,
    incident.id,
    incident.title,
    incident.severity,
    incident.status,
    incident.classification ?? "",
    incident.determination ?? "",
    incident.assignedTo ?? "",
    incident.tags.join("; "),
    incident.createdAt,
    incident.lastUpdatedAt,
    incident.webUrl ?? "",
  ];
}
