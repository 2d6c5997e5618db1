import type { Exchange, Route } from "../http";
import { API_IDENTIFIERS } from "../identity/resources";
import type { Incident } from "../incidents/model";
import { checkQueryOptions, checkTopLimit, nonNegativeInteger, ODataQueryError, parseFilter, parseOrderBy } from "../incidents/odata";
import { incidentIdOf, protectedHandler, type ApiRequest, type IncidentApi, type IncidentApiServices } from "../incidents/protected-api";
import { SlidingWindowLimiter } from "../incidents/rate-limits";
import { graphRefusals, sendGraphError } from "./errors";
import { addComment, updateIncident } from "./incident-writes";
import { graphIncident, type GraphView } from "./projection";
import { expandsAlerts, graphOptionName, includeUnknownEnumMembers, INCIDENT_SCHEMA, LIST_OPTIONS, SORTABLE, wantsCount } from "./query";
import { incidentEntity, incidentNotFound, sendOData } from "./responses";

// Page size: Graph refuses $top above 50 on /security/incidents (field reports), and a list
// without $top answers 50 per page with an @odata.nextLink.
const PAGE_SIZE = 50;
// Graph documents a $skip cap of 500 for security resources.
const MAX_SKIP = 500;
const READ = ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"];
const WRITE = ["SecurityIncident.ReadWrite.All"];
const GET_OPTIONS: ReadonlySet<string> = new Set(["$expand"]);

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
    {
      methods: ["POST"],
      path: /^\/graph\/v1\.0\/security\/incidents\/([^/]+)\/comments$/,
      handle: protectedHandler(services, api, WRITE, (request) => addComment(services, request)),
    },
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
  if (!incident) return incidentNotFound(exchange, requested);
  sendOData(exchange, 200, incidentEntity(exchange, incident, { withAlerts, includeUnknownEnumMembers: includeUnknownEnumMembers(exchange) }));
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
