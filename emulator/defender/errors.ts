import { sendJson, type Exchange } from "../http";
import type { ApiRefusals } from "../incidents/protected-api";

// Defender's error body: {"error":{"code","message","target"}}, target being a tracking id.
export function sendDefenderError(exchange: Exchange, status: number, code: string, message: string): void {
  sendJson(exchange, status, { error: { code, message, target: exchange.traceId } });
}

export const defenderRefusals: ApiRefusals = {
  unauthenticated(exchange) {
    sendDefenderError(exchange, 401, "Unauthorized", "Unauthorized");
  },
  forbidden(exchange, caller, accepted) {
    const kind = caller.userPrincipalName === null ? "application" : "delegated";
    sendDefenderError(exchange, 403, "Forbidden", `The application does not have any of the required ${kind} permissions (${accepted.join(", ")}) to access the resource.`);
  },
  // The update API documents that a throttled answer tells when calls may resume.
  throttled(exchange, retryAfterSeconds) {
    sendDefenderError(exchange, 429, "TooManyRequests", `Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.`);
  },
  // Documented as DisabledFeature, Forbidden (403), "Tenant feature isn't enabled."; worded here as the API
  // was seen to answer ("Tenant feature is not enabled", MicrosoftDocs/microsoft-365-docs#8279), without
  // the docs' contraction and full stop, as its other messages ("Incident 123 was not found").
  withoutDefender(exchange) {
    sendDefenderError(exchange, 403, "DisabledFeature", "Tenant feature is not enabled");
  },
  // The API's error list has one server error, InternalServerError, "(no error message, retry the operation)".
  unavailable(exchange, status) {
    sendDefenderError(exchange, status, "InternalServerError", "");
  },
};
