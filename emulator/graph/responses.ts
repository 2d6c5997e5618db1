import type { Exchange } from "../http";
import type { Incident } from "../incidents/model";
import { sendGraphError } from "./errors";
import { graphIncident, type GraphView } from "./projection";

const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** A JSON answer with Graph's OData headers. */
export function sendOData(exchange: Exchange, status: number, body: unknown): void {
  exchange.res.writeHead(status, { "content-type": ODATA_JSON, "odata-version": "4.0", "cache-control": "no-store, no-cache" });
  exchange.res.end(JSON.stringify(body));
}

/** One incident, as GET and PATCH answer it. */
export function incidentEntity(exchange: Exchange, incident: Incident, view: GraphView) {
  return {
    "@odata.context": `${exchange.origin}/graph/v1.0/$metadata#security/incidents${view.withAlerts ? "(alerts())" : ""}/$entity`,
    ...graphIncident(incident, view),
  };
}

export function incidentNotFound(exchange: Exchange, segment: string): void {
  sendGraphError(exchange, 404, "NotFound", `Incident ${segment} was not found.`);
}
