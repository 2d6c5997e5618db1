import { z } from "zod";

import { SEVERITIES, STATUSES, TIME_RANGES, type Severity, type Status, type TimeRange } from "./model";

/** A list in the URL: comma-separated, or one parameter per checked box, or both. */
const split = (value: unknown) => {
  const parts = (typeof value === "string" ? [value] : Array.isArray(value) ? value : []).flatMap((part) => String(part).split(",")).filter(Boolean);
  return parts.length > 0 ? parts : undefined;
};
const list = <T extends string>(values: readonly [T, ...T[]]) => z.preprocess(split, z.array(z.enum(values)).optional());

export const PAGE_SIZES = [50, 100, 200] as const;

export const SORTS = ["lastUpdated", "created", "severity", "status", "assignedTo"] as const;
export type Sort = (typeof SORTS)[number];
/** The order a column sorts in first: the newest and the most severe first, statuses and names in their order. */
export const FIRST_DIR: Record<Sort, "asc" | "desc"> = { lastUpdated: "desc", created: "desc", severity: "desc", status: "asc", assignedTo: "asc" };

/** What an analyst asked for in the URL: filters, search, sort, page. Unknown values fall back to defaults. */
export const IncidentQuery = z.object({
  range: z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).catch("30d"),
  severity: list(SEVERITIES as unknown as [Severity, ...Severity[]]).catch(undefined),
  status: list(STATUSES as unknown as [Status, ...Status[]]).catch(undefined),
  assignedTo: z.string().trim().max(200).optional().catch(undefined),
  /** Tenants: the queue shows theirs only. */
  tenant: z.preprocess(split, z.array(z.uuid()).max(500).optional()).catch(undefined),
  /** A tenant group: the queue shows its tenants only. */
  group: z.uuid().optional().catch(undefined),
  /** Title, incident id, assignee or tag. */
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(SORTS).catch("lastUpdated"),
  /** desc: the latest, the most severe, the last in order first. Each column's first click uses its FIRST_DIR. */
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  /** Incidents per page: larger pages let an analyst select more at once for a bulk change. */
  size: z.coerce.number().refine((size) => (PAGE_SIZES as readonly number[]).includes(size)).catch(PAGE_SIZES[0]),
});
export type IncidentQuery = z.infer<typeof IncidentQuery>;

export const UNASSIGNED = "unassigned";
