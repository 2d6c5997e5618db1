import { readJsonObject, type Exchange } from "../http";
import { redirectedMessage, writeThroughApi } from "../incidents/api-writes";
import { commentProblem } from "../incidents/comments";
import { CLASSIFICATIONS, DETERMINATIONS, SEVERITIES } from "../incidents/model";
import { UNKNOWN_FUTURE_VALUE } from "../incidents/odata";
import { applicationName, type ApiRequest, type IncidentApiServices } from "../incidents/protected-api";
import type { IncidentChanges, UpdateRefusal } from "../incidents/store";
import { sendGraphError } from "./errors";
import { graphComment } from "./projection";
import { GRAPH_INCIDENT_STATUSES, includeUnknownEnumMembers, INCIDENT_SCHEMA } from "./query";
import { incidentEntity, incidentNotFound, sendOData } from "./responses";

const INCIDENT_TYPE = "microsoft.graph.security.incident";
const COMMENT_TYPE = "microsoft.graph.security.alertComment";
const EMPTY_PAYLOAD = "Empty Payload. JSON content expected.";

// The update API's table of properties that can be updated (learn.microsoft.com, March 2026).
const UPDATABLE = ["assignedTo", "classification", "customTags", "description", "determination", "displayName", "resolvingComment", "severity", "status", "summary"];
const FREE_TEXT = ["assignedTo", "description", "summary", "resolvingComment"] as const;
// The statuses the update API documents as settable; awaitingAction is Defender Experts' alone.
const SETTABLE_STATUSES = ["active", "resolved", "redirected"];

/** PATCH /security/incidents/{id}: 200 with the updated incident, as the update API documents. */
export async function updateIncident(services: IncidentApiServices, request: ApiRequest): Promise<void> {
  const { exchange } = request;
  const includeUnknown = includeUnknownEnumMembers(exchange);
  const body = await readJsonObject(exchange);
  if (!body) return badRequest(exchange, EMPTY_PAYLOAD);
  const changes = readChanges(body, includeUnknown);
  if (typeof changes === "string") return badRequest(exchange, changes);
  const result = await writeThroughApi(services, request, changes);
  if ("problem" in result) return refuse(exchange, request.segment(), result, changes);
  sendOData(exchange, 200, incidentEntity(exchange, result.incident, { withAlerts: false, includeUnknownEnumMembers: includeUnknown }));
}

/** POST /security/incidents/{id}/comments: 200 with every comment of the incident, as the API documents. */
export async function addComment(services: IncidentApiServices, request: ApiRequest): Promise<void> {
  const { exchange, caller } = request;
  const body = await readJsonObject(exchange);
  if (!body) return badRequest(exchange, EMPTY_PAYLOAD);
  const comment = readComment(body);
  if ("problem" in comment) return badRequest(exchange, comment.problem);
  const result = await writeThroughApi(services, request, { comment: comment.text });
  if ("problem" in result) return refuse(exchange, request.segment(), result, {});
  const comments = result.incident.comments.map(graphComment);
  // Observed on Graph: the answer names an application's new comment by its display name alone;
  // read back later, the same comment carries the API-App: prefix the store records.
  if (caller.userPrincipalName === null) comments[comments.length - 1].createdByDisplayName = applicationName(services.world, caller);
  sendOData(exchange, 200, {
    "@odata.context": `${exchange.origin}/graph/v1.0/$metadata#security/incidents('${result.incident.id}')/comments`,
    value: comments,
  });
}

function readChanges(body: Record<string, unknown>, includeUnknownEnumMembers: boolean): IncidentChanges | string {
  for (const property of Object.keys(body)) {
    if (property === "@odata.type") {
      const problem = typeProblem(body[property], INCIDENT_TYPE);
      if (problem) return problem;
      continue;
    }
    if (!UPDATABLE.includes(property)) {
      return INCIDENT_SCHEMA.properties.includes(property) ? `The property '${property}' cannot be updated.` : unknownProperty(property, INCIDENT_TYPE);
    }
  }
  const changes: IncidentChanges = {};
  for (const property of FREE_TEXT) {
    if (!(property in body)) continue;
    const value = body[property];
    if (value !== null && typeof value !== "string") return cannotConvert(property, "Edm.String");
    changes[property] = value;
  }
  if ("displayName" in body) {
    const { displayName } = body;
    if (displayName !== null && typeof displayName !== "string") return cannotConvert("displayName", "Edm.String");
    // The emulator's choice: an incident always has a name.
    if (!displayName?.trim()) return "The property 'displayName' cannot be empty.";
    changes.displayName = displayName;
  }
  if ("customTags" in body) {
    if (!Array.isArray(body.customTags) || body.customTags.some((tag) => typeof tag !== "string")) return cannotConvert("customTags", "Collection(Edm.String)");
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
  const severity = enumValue("severity", [...SEVERITIES, UNKNOWN_FUTURE_VALUE], "microsoft.graph.security.alertSeverity");
  const status = enumValue("status", GRAPH_INCIDENT_STATUSES, "microsoft.graph.security.incidentStatus");
  for (const value of [classification, determination, severity, status]) if (value?.startsWith("Cannot convert")) return value;
  if (status === "awaitingAction") return "The status 'awaitingAction' is set only by Microsoft Defender Experts.";
  if (status && !SETTABLE_STATUSES.includes(status)) return `The status '${status}' cannot be set through this API; the settable statuses are active, resolved and redirected.`;
  if (classification) changes.classification = classification as IncidentChanges["classification"];
  if (determination) changes.determination = determination as IncidentChanges["determination"];
  if (severity) changes.severity = severity as IncidentChanges["severity"];
  if (status) changes.status = status as IncidentChanges["status"];
  return changes;
}

// The documented body is {"@odata.type":"microsoft.graph.security.alertComment","comment":"..."};
// the type may be left out, and the comment's read-only properties are ignored.
function readComment(body: Record<string, unknown>): { text: string } | { problem: string } {
  for (const property of Object.keys(body)) {
    if (property === "@odata.type") {
      const problem = typeProblem(body[property], COMMENT_TYPE);
      if (problem) return { problem };
    } else if (!["comment", "createdByDisplayName", "createdDateTime"].includes(property)) {
      return { problem: unknownProperty(property, COMMENT_TYPE) };
    }
  }
  if (!("comment" in body)) return { problem: "The property 'comment' is required." };
  const { comment } = body;
  if (comment !== null && typeof comment !== "string") return { problem: cannotConvert("comment", "Edm.String") };
  const problem = commentProblem(comment ?? "");
  return problem ? { problem } : { text: comment as string };
}

function refuse(exchange: Exchange, segment: string, refusal: UpdateRefusal, changes: IncidentChanges): void {
  if (refusal.problem === "notFound") return incidentNotFound(exchange, segment);
  if (refusal.problem === "redirected") return badRequest(exchange, redirectedMessage(segment, refusal.redirectIncidentId));
  badRequest(exchange, `The determination '${changes.determination}' is not valid for classification '${changes.classification ?? "the incident's current classification"}'.`);
}

// As OData words a type it cannot resolve; "#" before the name is optional.
function typeProblem(value: unknown, expected: string): string | undefined {
  if (typeof value === "string" && value.replace(/^#/, "") === expected) return undefined;
  return `A type named '${String(value)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`;
}

function unknownProperty(property: string, type: string): string {
  return `The property '${property}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`;
}

function cannotConvert(property: string, type: string): string {
  return `Cannot convert the value of property '${property}' to '${type}'.`;
}

function badRequest(exchange: Exchange, message: string): void {
  sendGraphError(exchange, 400, "BadRequest", message);
}
