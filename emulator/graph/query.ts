import { header, type Exchange } from "../http";
import { CLASSIFICATIONS, DETERMINATIONS, SEVERITIES, SEVERITY_RANK, type Incident } from "../incidents/model";
import { ODataQueryError, UNKNOWN_FUTURE_VALUE, type QuerySchema } from "../incidents/odata";

const TYPE = "microsoft.graph.security.incident";

/** incidentStatus in Graph's member order: awaitingAction came after the sentinel. */
export const GRAPH_INCIDENT_STATUSES = ["active", "resolved", "inProgress", "redirected", UNKNOWN_FUTURE_VALUE, "awaitingAction"] as const;

export const INCIDENT_SCHEMA: QuerySchema<Incident> = {
  typeName: TYPE,
  properties: [
    "id", "incidentWebUrl", "redirectIncidentId", "tenantId", "displayName", "createdDateTime", "lastUpdateDateTime", "assignedTo",
    "classification", "determination", "status", "severity", "customTags", "comments", "systemTags", "description", "lastModifiedBy",
    "resolvingComment", "summary", "alerts",
  ],
  filterable: {
    assignedTo: { type: { kind: "string" }, read: (incident) => incident.assignedTo },
    classification: { type: { kind: "enum", typeName: "microsoft.graph.security.alertClassification", members: [...CLASSIFICATIONS, UNKNOWN_FUTURE_VALUE] }, read: (incident) => incident.classification },
    createdDateTime: { type: { kind: "dateTime" }, read: (incident) => incident.createdAt },
    determination: { type: { kind: "enum", typeName: "microsoft.graph.security.alertDetermination", members: [...DETERMINATIONS, UNKNOWN_FUTURE_VALUE] }, read: (incident) => incident.determination },
    lastUpdateDateTime: { type: { kind: "dateTime" }, read: (incident) => incident.lastUpdatedAt },
    severity: { type: { kind: "enum", typeName: "microsoft.graph.security.alertSeverity", members: [...SEVERITIES, UNKNOWN_FUTURE_VALUE] }, read: (incident) => incident.severity },
    status: { type: { kind: "enum", typeName: "microsoft.graph.security.incidentStatus", members: GRAPH_INCIDENT_STATUSES }, read: (incident) => incident.status },
  },
};

export const SORTABLE: Record<string, (incident: Incident) => number> = {
  createdDateTime: (incident) => incident.createdAt,
  lastUpdateDateTime: (incident) => incident.lastUpdatedAt,
  severity: (incident) => SEVERITY_RANK[incident.severity],
};

/** The system query options the list accepts; the others are refused (checkQueryOptions). */
export const LIST_OPTIONS: ReadonlySet<string> = new Set(["$filter", "$top", "$skip", "$count", "$orderby", "$expand"]);
const OPTION_NAMES: Record<string, string> = { $select: "Select", $search: "Search", $format: "Format", $apply: "Apply", $compute: "Compute" };

/** How Graph's refusal names a query option: some by their OData names, the rest without the $. */
export function graphOptionName(name: string): string {
  return OPTION_NAMES[name] ?? name.slice(1);
}

/** $expand: only the alerts relationship can be expanded. */
export function expandsAlerts(params: URLSearchParams): boolean {
  const expand = params.get("$expand");
  if (expand === null) return false;
  for (const item of expand.split(",").map((part) => part.trim())) {
    if (item === "alerts") continue;
    if (INCIDENT_SCHEMA.properties.includes(item)) {
      throw new ODataQueryError(`Property '${item}' on type '${TYPE}' is not a navigation property or complex property. Only navigation properties can be expanded.`);
    }
    throw new ODataQueryError(`Could not find a property named '${item}' on type '${TYPE}'.`);
  }
  return true;
}

/** $count: true or false. */
export function wantsCount(params: URLSearchParams): boolean {
  const count = params.get("$count");
  if (count === null || count === "false") return false;
  if (count === "true") return true;
  throw new ODataQueryError(`'${count}' is not a valid count option.`);
}

/**
 * Whether the request opts in to enum members added after unknownFutureValue. Prefer carries
 * comma-separated preferences (RFC 7240; repeated headers arrive joined by commas). As Graph's
 * evolvable-enum guideline says, the answer then names the preference in Preference-Applied.
 */
export function includeUnknownEnumMembers(exchange: Exchange): boolean {
  const preferences = (header(exchange.req, "prefer") ?? "").split(",").map((preference) => preference.split(/[;=]/)[0].trim().toLowerCase());
  const included = preferences.includes("include-unknown-enum-members");
  if (included) exchange.res.setHeader("preference-applied", "include-unknown-enum-members");
  return included;
}
