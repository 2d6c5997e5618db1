import { readJsonObject, type Exchange, type Route } from "../http";
import { API_IDENTIFIERS } from "../identity/resources";
import { CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES, type Classification, type Determination, type Incident, type IncidentStatus } from "../incidents/model";
import { checkQueryOptions, checkTopLimit, nonNegativeInteger, ODataQueryError, parseFilter, type QuerySchema } from "../incidents/odata";
import { redirectedMessage, writeThroughApi } from "../incidents/api-writes";
import { commentProblem } from "../incidents/comments";
import { incidentIdOf, protectedHandler, type ApiRequest, type IncidentApi, type IncidentApiServices } from "../incidents/protected-api";
import { SlidingWindowLimiter } from "../incidents/rate-limits";
import type { IncidentChanges } from "../incidents/store";
import { defenderRefusals, sendDefenderError } from "./errors";
import { DEFENDER_CLASSIFICATION, DEFENDER_DETERMINATION, DEFENDER_STATUS, defenderIncident } from "./projection";

// Documented: at most 100 incidents per page; without $top a page holds 100.
const PAGE_SIZE = 100;
const READ = ["Incident.Read.All", "Incident.ReadWrite.All", "Incident.Read", "Incident.ReadWrite"];
const WRITE = ["Incident.ReadWrite.All", "Incident.ReadWrite"];
const MINUTE = 60_000;
const LIST_OPTIONS: ReadonlySet<string> = new Set(["$filter", "$top", "$skip"]);
// The documented statuses; awaitingAction is not one of them (it reads as Active).
const DEFENDER_STATUSES = INCIDENT_STATUSES.filter((status) => status !== "awaitingAction");

const INCIDENT_SCHEMA: QuerySchema<Incident> = {
  typeName: "Incident",
  properties: ["incidentId", "redirectIncidentId", "incidentName", "createdTime", "lastUpdateTime", "assignedTo", "classification", "determination", "status", "severity", "tags", "comments", "alerts"],
  // Documented: $filter on lastUpdateTime, createdTime, status and assignedTo only.
  filterable: {
    lastUpdateTime: { type: { kind: "dateTime" }, read: (incident) => incident.lastUpdatedAt },
    createdTime: { type: { kind: "dateTime" }, read: (incident) => incident.createdAt },
    status: { type: { kind: "enum", typeName: "IncidentStatus", members: DEFENDER_STATUSES.map((status) => DEFENDER_STATUS[status]) }, read: (incident) => DEFENDER_STATUS[incident.status] },
    assignedTo: { type: { kind: "string" }, read: (incident) => incident.assignedTo },
  },
};

/** The Microsoft 365 Defender incidents API (api.security.microsoft.com), mounted under /defender. */
export function defenderRoutes(services: IncidentApiServices): Route[] {
  const api: IncidentApi = {
    endpoint: "defender",
    audiences: [API_IDENTIFIERS.defender.uri, API_IDENTIFIERS.defender.appId],
    // Documented: 50 calls per minute and 1,500 per hour (per tenant, for each app).
    limiter: new SlidingWindowLimiter(
      [
        { requests: 50, windowMs: MINUTE },
        { requests: 1500, windowMs: 60 * MINUTE },
      ],
      "tenantAndApp",
    ),
    refusals: defenderRefusals,
  };
  const incidentPath = /^\/defender\/api\/incidents\/([^/]+)$/;
  return [
    { methods: ["GET"], path: /^\/defender\/api\/incidents\/?$/, handle: protectedHandler(services, api, READ, (request) => listIncidents(services, request)) },
    { methods: ["GET"], path: incidentPath, handle: protectedHandler(services, api, READ, (request) => getIncident(services, request)) },
    { methods: ["PATCH"], path: incidentPath, handle: protectedHandler(services, api, WRITE, (request) => updateIncident(services, request)) },
  ];
}

function listIncidents(services: IncidentApiServices, { exchange, tenant }: ApiRequest): void {
  const params = exchange.url.searchParams;
  try {
    checkQueryOptions(params, LIST_OPTIONS, (name) => name.slice(1));
    const top = nonNegativeInteger(params, "$top");
    checkTopLimit(top, PAGE_SIZE);
    const skip = nonNegativeInteger(params, "$skip") ?? 0;
    const filter = params.get("$filter");
    const matches = filter === null ? () => true : parseFilter(filter, INCIDENT_SCHEMA);
    // Newest first: the list API shows the most recent incidents at the top.
    const selected = services.store.incidents(tenant.id).filter(matches).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    sendJsonBody(exchange, 200, {
      "@odata.context": `${exchange.origin}/defender/api/$metadata#Incidents`,
      value: selected.slice(skip, skip + (top ?? PAGE_SIZE)).map(defenderIncident),
    });
  } catch (error) {
    if (error instanceof ODataQueryError) return sendDefenderError(exchange, 400, "ODataError", `Invalid OData URI query: ${error.message}`);
    throw error;
  }
}

function getIncident(services: IncidentApiServices, { exchange, tenant, segment }: ApiRequest): void {
  const requested = segment();
  const id = incidentIdOf(requested);
  const incident = id === undefined ? undefined : services.store.incident(tenant.id, id);
  if (!incident) return notFound(exchange, requested);
  sendJsonBody(exchange, 200, entity(exchange, incident));
}

async function updateIncident(services: IncidentApiServices, request: ApiRequest): Promise<void> {
  const { exchange } = request;
  const body = await readJsonObject(exchange);
  const changes = body ? readChanges(body) : INCORRECT_BODY;
  if ("refused" in changes) return sendDefenderError(exchange, 400, changes.refused, changes.message);
  const result = await writeThroughApi(services, request, changes);
  if ("problem" in result) {
    const requested = request.segment();
    if (result.problem === "notFound") return notFound(exchange, requested);
    if (result.problem === "redirected") return sendDefenderError(exchange, 400, "BadRequest", redirectedMessage(requested, result.redirectIncidentId));
    return sendDefenderError(exchange, 400, "InvalidInput", `Invalid input determination: ${body?.determination as string} does not match the incident's classification.`);
  }
  sendJsonBody(exchange, 200, entity(exchange, result.incident));
}

type Refusal = { refused: "InvalidRequestBody" | "InvalidInput"; message: string };

// The API's answer to a body it cannot read: an unknown property (names are case-sensitive), a value
// of the wrong kind or an enum value that is no member.
const INCORRECT_BODY: Refusal = { refused: "InvalidRequestBody", message: "Request body is incorrect" };
const UPDATABLE = ["status", "assignedTo", "classification", "determination", "tags", "comment"];
// The update API lists these classifications; Unknown is the unclassified state, not a choice.
const SETTABLE_CLASSIFICATIONS: readonly Classification[] = ["truePositive", "informationalExpectedActivity", "falsePositive"];
// Apt and SecurityPersonnel were retired in August 2022; NotAvailable is no listed choice either.
const UNSETTABLE_DETERMINATIONS: readonly Determination[] = ["unknown", "apt", "securityPersonnel"];

/** Reads an update body as the API does; a refusal names Defender's error code and message. */
function readChanges(body: Record<string, unknown>): IncidentChanges | Refusal {
  if (Object.keys(body).some((property) => !UPDATABLE.includes(property))) return INCORRECT_BODY;
  const changes: IncidentChanges = {};
  if ("assignedTo" in body) {
    if (body.assignedTo !== null && typeof body.assignedTo !== "string") return INCORRECT_BODY;
    changes.assignedTo = body.assignedTo;
  }
  if ("tags" in body) {
    if (!Array.isArray(body.tags) || body.tags.some((tag) => typeof tag !== "string")) return INCORRECT_BODY;
    changes.customTags = body.tags as string[];
  }
  if ("comment" in body) {
    if (typeof body.comment !== "string") return INCORRECT_BODY;
    const problem = commentProblem(body.comment);
    if (problem) return { refused: "InvalidInput", message: `Invalid input comment: ${problem}` };
    changes.comment = body.comment;
  }
  const status = enumMember<IncidentStatus>(body, "status", DEFENDER_STATUSES, DEFENDER_STATUS);
  const classification = enumMember<Classification>(body, "classification", CLASSIFICATIONS, DEFENDER_CLASSIFICATION);
  const determination = enumMember<Determination>(body, "determination", DETERMINATIONS, DEFENDER_DETERMINATION);
  if (status === null || classification === null || determination === null) return INCORRECT_BODY;
  if (classification && !SETTABLE_CLASSIFICATIONS.includes(classification)) return cannotBeSet("classification", DEFENDER_CLASSIFICATION[classification]);
  if (determination && UNSETTABLE_DETERMINATIONS.includes(determination)) return cannotBeSet("determination", DEFENDER_DETERMINATION[determination]);
  return { ...changes, ...(status && { status }), ...(classification && { classification }), ...(determination && { determination }) };
}

function cannotBeSet(property: string, value: string): Refusal {
  return { refused: "InvalidInput", message: `Invalid input ${property}: ${value} cannot be set.` };
}

// Enum names are read case-insensitively, as Defender's JSON reader does. null: not a member.
function enumMember<T extends string>(body: Record<string, unknown>, property: string, members: readonly T[], names: Record<T, string>): T | null | undefined {
  if (!(property in body)) return undefined;
  const value = body[property];
  if (typeof value !== "string") return null;
  return members.find((member) => names[member].toLowerCase() === value.toLowerCase()) ?? null;
}

function notFound(exchange: Exchange, segment: string): void {
  sendDefenderError(exchange, 404, "ResourceNotFound", `Incident ${segment} was not found`);
}

function entity(exchange: Exchange, incident: Incident) {
  return { "@odata.context": `${exchange.origin}/defender/api/$metadata#Incidents/$entity`, ...defenderIncident(incident) };
}

function sendJsonBody(exchange: Exchange, status: number, body: unknown): void {
  exchange.res.writeHead(status, { "content-type": "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8", "odata-version": "4.0" });
  exchange.res.end(JSON.stringify(body));
}
