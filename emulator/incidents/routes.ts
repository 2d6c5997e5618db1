import { defenderRoutes } from "../defender/incidents";
import { graphRoutes } from "../graph/incidents";
import type { Route } from "../http";
import type { IncidentApiServices } from "./protected-api";

/** Both incident APIs, served from the one incident store. */
export function incidentApiRoutes(services: IncidentApiServices): Route[] {
  return [...graphRoutes(services), ...defenderRoutes(services)];
}
