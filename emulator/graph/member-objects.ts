import { header, readJsonObject, type Exchange, type Route } from "../http";
import { API_IDENTIFIERS } from "../identity/resources";
import type { Caller } from "../incidents/access-tokens";
import { tokenTenant, type IncidentApiServices } from "../incidents/protected-api";
import { graphRefusals, sendGraphError } from "./errors";
import { sendOData } from "./responses";

type DirectoryServices = Pick<IncidentApiServices, "world" | "verifier" | "clock">;

// The documented delegated permissions for a user's memberships, least privileged first.
const MEMBERSHIP_PERMISSIONS = ["User.Read", "User.Read.All", "Directory.Read.All", "User.ReadWrite.All", "Directory.ReadWrite.All"];

/** Microsoft Graph's directory: the signed-in user's memberships, mounted under /graph. */
export function graphDirectoryRoutes(services: DirectoryServices): Route[] {
  return [{ methods: ["POST"], path: /^\/graph\/v1\.0\/me\/getMemberObjects$/, handle: (exchange) => myMemberObjects(services, exchange) }];
}

/**
 * POST /me/getMemberObjects: the ids of the user's groups, administrative units and directory roles.
 * The world holds security groups only (no administrative units, no activated directory roles), so
 * `securityEnabledOnly` true and false answer the same list.
 */
async function myMemberObjects({ world, verifier, clock }: DirectoryServices, exchange: Exchange): Promise<void> {
  exchange.res.setHeader("request-id", exchange.traceId);
  const check = verifier.check(header(exchange.req, "authorization"), [API_IDENTIFIERS.graph.uri, API_IDENTIFIERS.graph.appId], clock());
  if ("problem" in check) return graphRefusals.unauthenticated(exchange, check.problem);
  const { caller } = check;
  const tenant = tokenTenant(world, caller);
  if (!tenant) return graphRefusals.unauthenticated(exchange, "unknownTenant");
  if (caller.userPrincipalName === null) return refuseAppOnly(exchange, caller);
  if (!caller.scopes.some((scope) => MEMBERSHIP_PERMISSIONS.includes(scope))) {
    return sendGraphError(exchange, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }
  const user = tenant.users.find((candidate) => candidate.oid.toLowerCase() === caller.objectId.toLowerCase());
  // A token outlives its user when the seed changes while the signing key stays.
  if (!user) {
    return sendGraphError(exchange, 404, "Request_ResourceNotFound", `Resource '${caller.objectId}' does not exist or one of its queried reference-property objects are not present.`);
  }
  const problem = bodyProblem(await readJsonObject(exchange));
  if (problem) return sendGraphError(exchange, 400, "BadRequest", problem);
  sendOData(exchange, 200, { "@odata.context": `${exchange.origin}/graph/v1.0/$metadata#Collection(Edm.String)`, value: world.groupIdsOf(user.oid) });
}

// /me needs a signed-in user. An app-only token without app roles gets the answer Microsoft's support
// article shows; one with roles the answer Graph gives in the field.
function refuseAppOnly(exchange: Exchange, caller: Caller): void {
  if (caller.roles.length === 0) {
    return sendGraphError(exchange, 401, "NoPermissionsInAccessToken", "The token contains no permissions, or permissions can not be understood.");
  }
  sendGraphError(exchange, 400, "BadRequest", "/me request is only valid with delegated authentication flow.");
}

// The action's one parameter is a Boolean without a default. Microsoft documents no answer to a bad
// body; the wording follows OData's, except for a missing parameter (the emulator's).
function bodyProblem(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return "Empty Payload. JSON content expected.";
  const unknown = Object.keys(body).find((parameter) => parameter !== "securityEnabledOnly");
  if (unknown !== undefined) return `The parameter '${unknown}' in the request payload is not a valid parameter for the operation 'getMemberObjects'.`;
  if (!("securityEnabledOnly" in body)) return "The parameter 'securityEnabledOnly' is required.";
  if (typeof body.securityEnabledOnly !== "boolean") return "Cannot convert a primitive value to the expected type 'Edm.Boolean'. See the inner exception for more details.";
  return undefined;
}
