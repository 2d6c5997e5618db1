import { getTranslations } from "next-intl/server";

import { recordAuditEvent } from "@/lib/audit";
import { withStaff } from "@/lib/auth/routes";
import { csvDownload } from "@/lib/csv";
import { INCIDENT_CSV_COLUMNS, incidentsCsv } from "@/lib/incidents/export";
import { IncidentQuery } from "@/lib/incidents/query";
import { narrowScope } from "@/lib/scopes";
import { listGroups } from "@/lib/scopes/groups";
import { listTenants } from "@/lib/tenants";

export const dynamic = "force-dynamic";

// The queue's view as CSV: the same filters (its query string), every page, streamed as the
// database yields it; audited with the filters.
export const GET = withStaff(async (request, staff) => {
  const query = IncidentQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const group = (await listGroups(staff.scope)).find((candidate) => candidate.id === query.group);
  const scope = group ? narrowScope(staff.scope, group.tenantIds) : staff.scope;
  const names = new Map((await listTenants(scope)).map((tenant) => [tenant.id, tenant.displayName]));
  const filters = { range: query.range, severity: query.severity, status: query.status, assignedTo: query.assignedTo, group: group?.name, q: query.q };
  const t = await getTranslations("IncidentsCsv");
  await recordAuditEvent({ actor: staff.email, action: "incidents.exported", details: { filters } });
  return csvDownload(incidentsCsv(scope, query, names, INCIDENT_CSV_COLUMNS.map((column) => t(column))), "incidents");
});
