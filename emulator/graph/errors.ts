import { header, type Exchange } from "../http";
import { GRAPH_APP_ID } from "../identity/scopes";
import type { ApiRefusals } from "../incidents/protected-api";

// Graph's error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
// innerError.date has no fraction and no zone, as Graph writes it.
export function sendGraphError(exchange: Exchange, status: number, code: string, message: string): void {
  const clientRequestId = header(exchange.req, "client-request-id") ?? exchange.traceId;
  exchange.res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store, no-cache", "client-request-id": clientRequestId });
  const date = new Date().toISOString().slice(0, 19);
  exchange.res.end(JSON.stringify({ error: { code, message, innerError: { date, "request-id": exchange.traceId, "client-request-id": clientRequestId } } }));
}

const TOKEN_MESSAGES = {
  missing: "Access token is empty.",
  malformed: "CompactToken parsing failed with error code: 80049217",
  badSignature: "Access token validation failure.",
  wrongAudience: "Access token validation failure. Invalid audience.",
  wrongIssuer: "Access token validation failure. Invalid issuer.",
  expired: "Access token has expired or is not yet valid.",
  unknownTenant: "Access token validation failure.",
} as const;

export const graphRefusals: ApiRefusals = {
  unauthenticated(exchange, problem) {
    exchange.res.setHeader(
      "www-authenticate",
      `Bearer realm="", authorization_uri="${exchange.origin}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
    );
    sendGraphError(exchange, 401, "InvalidAuthenticationToken", TOKEN_MESSAGES[problem]);
  },
  forbidden(exchange, caller, accepted) {
    // The security API names what it needed and what the token carried (observed in the field).
    const message =
      caller.userPrincipalName === null
        ? `Missing application roles. API required roles: ${accepted.join(",")}, application roles: ${caller.roles.join(",")}.`
        : `Missing scope permissions on the request. API requires one of '${accepted.join(", ")}'. Scopes on the request '${caller.scopes.join(", ")}'`;
    sendGraphError(exchange, 403, "Forbidden", message);
  },
  throttled(exchange) {
    sendGraphError(exchange, 429, "TooManyRequests", "Please retry again later.");
  },
  // Microsoft documents no answer for a tenant without Defender; field reports say 403. The code and
  // message are the emulator's choice: a client can tell it from lost consent only by the message.
  withoutDefender(exchange) {
    sendGraphError(exchange, 403, "Forbidden", "Microsoft Defender XDR is not enabled for this tenant.");
  },
  unavailable(exchange, status) {
    const [code, message] = SERVER_ERRORS[status];
    sendGraphError(exchange, status, code, message);
  },
};

// Graph's documented error codes for server errors (learn.microsoft.com/graph/errors).
const SERVER_ERRORS = {
  500: ["generalException", "An unspecified error has occurred."],
  502: ["generalException", "An unspecified error has occurred."],
  503: ["serviceNotAvailable", "The service is temporarily unavailable. Try the request again after a delay."],
  504: ["timeout", "The operation timed out before it could be completed."],
} as const;
