import "server-only";

import { getConfig } from "@/lib/config";

import { defenderSource } from "./defender";
import { graphSource } from "./graph";
import type { IncidentSource } from "./source";

/** The configured incident API. */
export function incidentSource(): IncidentSource {
  return getConfig().incidentApi === "graph" ? graphSource : defenderSource;
}
