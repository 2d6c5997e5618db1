import "server-only";

import { csvLines } from "@/lib/csv";
import type { TenantScope } from "@/lib/scopes";

import type { Incident } from "./model";
import type { IncidentQuery } from "./query";
import { allIncidents } from "./store";

const COLUMNS = ["Tenant", "Tenant id", "Incident id", "Title", "Severity", "Status", "Classification", "Determination", "Assigned to", "Tags", "Created (UTC)", "Last updated (UTC)", "Microsoft Defender"];

/** Every stored incident in scope that matches the query (all pages, newest update first) as CSV, a batch of lines at a time. */
export async function* incidentsCsv(scope: TenantScope, query: IncidentQuery, tenantNames: ReadonlyMap<string, string>): AsyncGenerator<string> {
  yield csvLines([COLUMNS]);
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
