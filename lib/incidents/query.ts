import { z } from "zod";

import { compareIncidents, SEVERITIES, STATUSES, TIME_RANGES, type Incident, type IncidentSort, type Severity, type TimeRange } from "./model";

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess((value) => (typeof value === "string" && value ? value.split(",") : value), z.array(z.enum(values)).optional());

/** What an analyst asked for in the URL: filters, sort, page. Unknown values fall back to defaults. */
export const IncidentQuery = z.object({
  range: z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).catch("30d"),
  severity: list(SEVERITIES as unknown as [Severity, ...Severity[]]).catch(undefined),
  status: list(STATUSES as unknown as [string, ...string[]]).catch(undefined),
  assignedTo: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(["lastUpdated", "created", "severity"]).catch("lastUpdated"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type IncidentQuery = z.infer<typeof IncidentQuery>;

export const UNASSIGNED = "unassigned";

export function filterIncidents<T extends Incident>(incidents: T[], query: IncidentQuery): T[] {
  const assignee = query.assignedTo?.toLowerCase();
  return incidents.filter(
    (incident) =>
      (!query.severity || query.severity.includes(incident.severity)) &&
      (!query.status || query.status.includes(incident.status)) &&
      (!assignee ||
        (assignee === UNASSIGNED ? !incident.assignedTo : (incident.assignedTo ?? "").toLowerCase().includes(assignee))),
  );
}

export function sortIncidents<T extends Incident>(incidents: T[], sort: IncidentSort): T[] {
  return [...incidents].sort(compareIncidents(sort));
}

export function countBySeverity(incidents: Incident[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const incident of incidents) counts[incident.severity]++;
  return counts;
}
