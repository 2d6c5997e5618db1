import { graphSource } from "@/lib/incidents/graph";
import type { Incident } from "@/lib/incidents/model";

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/** A tenant's every incident as Microsoft Graph lists it, read in month-long windows (none beyond its $skip cap), by id. */
export async function upstreamIncidents(tenantId: string, now = Date.now()): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for (let from = now - 7 * MONTH_MS; from < now + MONTH_MS; from += MONTH_MS) {
    const last = from + MONTH_MS >= now + MONTH_MS;
    for await (const page of graphSource.updated(tenantId, { from: new Date(from), to: last ? null : new Date(from + MONTH_MS) })) incidents.push(...page);
  }
  return incidents.sort((a, b) => a.id.localeCompare(b.id));
}
