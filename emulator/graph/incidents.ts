import { readJsonObject, type Exchange, type Route } from "../http";
import { API_IDENTIFIERS } from "../identity/resources";
import type { Incident } from "../incidents/model";
import { CLASSIFICATIONS, DETERMINATIONS } from "../incidents/model";
import { checkQueryOptions, checkTopLimit, nonNegativeInteger, ODataQueryError, parseFilter, parseOrderBy, UNKNOWN_FUTURE_VALUE } from "../incidents/odata";
import { actorOf, incidentIdOf, protectedHandler, type ApiRequest, type IncidentApi, type IncidentApiServices } from "../incidents/protected-api";
import { SlidingWindowLimiter } from "../incidents/rate-limits";
import type { IncidentChanges } from "../incidents/store";
import { graphRefusals, sendGraphError } from "./errors";
import { graphIncident, type GraphView } from "./projection";
import { expandsAlerts, GRAPH_INCIDENT_STATUSES, graphOptionName, includeUnknownEnumMembers, INCIDENT_SCHEMA, LIST_OPTIONS, SORTABLE, wantsCount } from "./query";

// Page size: Graph refuses $top above 50 on /security/incidents (field reports), and a list
// without $top answers 50 per page with an @odata.nextLink.
const PAGE_SIZE = 50;
// Graph documents a $skip cap of 500 for security resources.
const MAX_SKIP = 500;
const READ = ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"];
const WRITE = ["SecurityIncident.ReadWrite.All"];
const GET_OPTIONS: ReadonlySet<string> = new Set(["$expand"]);
const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** Microsoft Graph's security incidents API, mounted under /graph. */
export function graphRoutes(services: IncidentApiServices): Route[] {
  const api: IncidentApi = {
    endpoint: "graph",
    audiences: [API_IDENTIFIERS.graph.uri, API_IDENTIFIERS.graph.appId],
    limiter: graphRateLimiter(),
    refusals: graphRefusals,
  };
  const incidentPath = /^\/graph\/v1\.0\/security\/incidents\/([^/]+)$/;
  return [
    { methods: ["GET"], path: /^\/graph\/v1\.0\/security\/incidents\/?$/, handle: protectedHandler(services, api, READ, (request) => listIncidents(services, request)) },
    { methods: ["GET"], path: incidentPath, handle: protectedHandler(services, api, READ, (request) => getIncident(services, request)) },
    { methods: ["PATCH"], path: incidentPath, handle: protectedHandler(services, api, WRITE, (request) => updateIncident(services, request)) },
  ];
}

/**
 * Graph publishes no limit for security incidents (its 150 requests a minute per app and tenant
 * are for security alerts); its global cap applies: 130,000 requests per 10 seconds per app,
 * across all tenants.
 */
export function graphRateLimiter(): SlidingWindowLimiter {
  return new SlidingWindowLimiter([{ requests: 130_000, windowMs: 10_000 }], "app");
}

function listIncidents(services: IncidentApiServices, { exchange, tenant }: ApiRequest): void {
  const params = exchange.url.searchParams;
  try {
    checkQueryOptions(params, LIST_OPTIONS, graphOptionName);
    const top = nonNegativeInteger(params, "$top");
    checkTopLimit(top, PAGE_SIZE);
    const offset = nonNegativeInteger(params, "$skip") ?? 0;
    if (offset > MAX_SKIP) throw new ODataQueryError(`The $skip value ${offset} exceeds the maximum of ${MAX_SKIP}.`);
    const view: GraphView = { withAlerts: expandsAlerts(params), includeUnknownEnumMembers: includeUnknownEnumMembers(exchange) };
    const count = wantsCount(params);
    const filter = params.get("$filter");
    const matches = filter === null ? () => true : filterClause(filter, view.includeUnknownEnumMembers);
    const orderBy = params.get("$orderby");
    // Default order: the most recent incidents first, as the list API documents.
    const order = orderBy === null ? newestFirst : parseOrderBy(orderBy, INCIDENT_SCHEMA, SORTABLE);
    const selected = services.store.incidents(tenant.id).filter(matches).sort((a, b) => order(a, b) || b.id - a.id);
    const pageSize = top ?? PAGE_SIZE;
    const page = selected.slice(offset, offset + pageSize);
    const base = `${exchange.origin}/graph/v1.0`;
    sendOData(exchange, 200, {
      "@odata.context": `${base}/$metadata#security/incidents${view.withAlerts ? "(alerts())" : ""}`,
      ...(count && { "@odata.count": selected.length }),
      ...(offset + pageSize < selected.length && pageSize > 0 && { "@odata.nextLink": nextLink(exchange, offset + pageSize) }),
      value: page.map((incident) => graphIncident(incident, view)),
    });
  } catch (error) {
    if (error instanceof ODataQueryError) return sendGraphError(exchange, 400, "BadRequest", error.message);
    throw error;
  }
}

function filterClause(filter: string, includeUnknownEnumMembers: boolean): (incident: Incident) => boolean {
  try {
    return parseFilter(filter, INCIDENT_SCHEMA, { includeUnknownEnumMembers });
  } catch (error) {
    if (error instanceof ODataQueryError) throw new ODataQueryError(`Invalid filter clause: ${error.message}`);
    throw error;
  }
}

function getIncident(services: IncidentApiServices, { exchange, tenant, segment }: ApiRequest): void {
  const params = exchange.url.searchParams;
  let withAlerts: boolean;
  try {
    checkQueryOptions(params, GET_OPTIONS, graphOptionName);
    withAlerts = expandsAlerts(params);
  } catch (error) {
    if (error instanceof ODataQueryError) return sendGraphError(exchange, 400, "BadRequest", error.message);
    throw error;
  }
  const requested = segment();
  const id = incidentIdOf(requested);
  const incident = id === undefined ? undefined : services.store.incident(tenant.id, id);
  if (!incident) return notFound(exchange, requested);
  sendOData(exchange, 200, entity(exchange, incident, { withAlerts, includeUnknownEnumMembers: includeUnknownEnumMembers(exchange) }));
}

async function updateIncident(services: IncidentApiServices, { exchange, tenant, caller, now, segment }: ApiRequest): Promise<void> {
  const includeUnknown = includeUnknownEnumMembers(exchange);
  const body = await readJsonObject(exchange);
  if (!body) return sendGraphError(exchange, 400, "BadRequest", "Empty Payload. JSON content expected.");
  const changes = readChanges(body, includeUnknown);
  if (typeof changes === "string") return sendGraphError(exchange, 400, "BadRequest", changes);
  const requested = segment();
  const id = incidentIdOf(requested);
  const result = id === undefined ? ({ problem: "notFound" } as const) : await services.store.update({ tenantId: tenant.id, incidentId: id, changes, actor: actorOf(caller), at: now });
  if ("problem" in result) {
    if (result.problem === "notFound") return notFound(exchange, requested);
    return sendGraphError(exchange, 400, "BadRequest", `The determination '${changes.determination}' is not valid for classification '${changes.classification ?? "the incident's current classification"}'.`);
  }
  // As the update API documents: 200 OK with the updated incident.
  sendOData(exchange, 200, entity(exchange, result.incident, { withAlerts: false, includeUnknownEnumMembers: includeUnknown }));
}

const UPDATABLE = ["assignedTo", "classification", "determination", "status", "customTags"];

function readChanges(body: Record<string, unknown>, includeUnknownEnumMembers: boolean): IncidentChanges | string {
  const changes: IncidentChanges = {};
  for (const property of Object.keys(body)) {
    if (!UPDATABLE.includes(property)) {
      return INCIDENT_SCHEMA.properties.includes(property)
        ? `The property '${property}' cannot be updated.`
        : `The property '${property}' does not exist on type 'microsoft.graph.security.incident'. Make sure to only use property names that are defined by the type or mark the type as open type.`;
    }
  }
  if ("assignedTo" in body) {
    if (body.assignedTo !== null && typeof body.assignedTo !== "string") return "Cannot convert the value of property 'assignedTo' to 'Edm.String'.";
    changes.assignedTo = body.assignedTo;
  }
  if ("customTags" in body) {
    if (!Array.isArray(body.customTags) || body.customTags.some((tag) => typeof tag !== "string")) return "Cannot convert the value of property 'customTags' to 'Collection(Edm.String)'.";
    changes.customTags = body.customTags as string[];
  }
  // The update API's own example sends "TruePositive": enum members are read case-insensitively.
  // The evolvable-enum pattern: unknownFutureValue leaves the property unchanged, and members after
  // it are unknown without the opt-in.
  const enumValue = <T extends string>(property: string, members: readonly T[], typeName: string): T | string | undefined => {
    if (!(property in body)) return undefined;
    const value = body[property];
    const known = includeUnknownEnumMembers ? members : members.slice(0, members.indexOf(UNKNOWN_FUTURE_VALUE as T) + 1);
    const member = typeof value === "string" ? known.find((candidate) => candidate.toLowerCase() === value.toLowerCase()) : undefined;
    if (member === UNKNOWN_FUTURE_VALUE) return undefined;
    return member ?? `Cannot convert the literal '${String(value)}' to the expected type '${typeName}'.`;
  };
  const classification = enumValue("classification", [...CLASSIFICATIONS, UNKNOWN_FUTURE_VALUE], "microsoft.graph.security.alertClassification");
  const determination = enumValue("determination", [...DETERMINATIONS, UNKNOWN_FUTURE_VALUE], "microsoft.graph.security.alertDetermination");
  const status = enumValue("status", GRAPH_INCIDENT_STATUSES, "microsoft.graph.security.incidentStatus");
  for (const value of [classification, determination, status]) if (value?.startsWith("Cannot convert")) return value;
  if (status === "awaitingAction") return "The status 'awaitingAction' is set only by Microsoft Defender Experts.";
  if (classification) changes.classification = classification as IncidentChanges["classification"];
  if (determination) changes.determination = determination as IncidentChanges["determination"];
  if (status) changes.status = status as IncidentChanges["status"];
  return changes;
}

function notFound(exchange: Exchange, segment: string): void {
  sendGraphError(exchange, 404, "NotFound", `Incident ${segment} was not found.`);
}

function entity(exchange: Exchange, incident: Incident, view: GraphView) {
  return {
    "@odata.context": `${exchange.origin}/graph/v1.0/$metadata#security/incidents${view.withAlerts ? "(alerts())" : ""}/$entity`,
    ...graphIncident(incident, view),
  };
}

function newestFirst(a: Incident, b: Incident): number {
  return b.createdAt - a.createdAt;
}

// As observed on Graph: the same query, as the client wrote it, with $skip for the next page
// (also past the $skip cap, where the link then fails).
function nextLink(exchange: Exchange, offset: number): string {
  const kept = exchange.url.search.slice(1).split("&").filter((part) => part !== "" && !/^(\$|%24)skip=/i.test(part));
  return `${exchange.origin}/graph/v1.0/security/incidents?${[...kept, `$skip=${offset}`].join("&")}`;
}

function sendOData(exchange: Exchange, status: number, body: unknown): void {
  exchange.res.writeHead(status, { "content-type": ODATA_JSON, "odata-version": "4.0", "cache-control": "no-store, no-cache" });
  exchange.res.end(JSON.stringify(body));
}
