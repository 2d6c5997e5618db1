import "server-only";

import { db } from "@/lib/db";
import { Prisma, type ConsentStatus } from "@/lib/db/generated/client";
import { getConfig } from "@/lib/config";
import { tenantIdInSql, type TenantScope } from "@/lib/scopes";

import { SEVERITIES, type Severity } from "./model";

/** The periods the dashboard shows, in days. */
export const TREND_DAYS = [7, 30, 90] as const;
export type TrendDays = (typeof TREND_DAYS)[number];

/** Statuses of an incident still to be worked. */
export const OPEN_STATUSES = ["active", "inProgress", "awaitingAction"] as const;

export interface Trends {
  /** The period's days in the viewer's time zone, oldest first ("2026-12-03"). */
  days: string[];
  /** Incidents created each day, by severity. */
  created: Record<Severity, number[]>;
  /** Incidents resolved each day: those now resolved, on the day of their last update. */
  resolved: number[];
  /** Mean time from creation to that last update of the incidents resolved in the period; null when none was. */
  meanTimeToResolveMs: number | null;
}

export interface TenantHealth {
  tenantId: string;
  name: string;
  consent: ConsentStatus;
  /** When its incidents were last read completely; null before the first read. */
  syncedAt: number | null;
  /** The last read failed (and why, in Microsoft's or the network's words). */
  problem: string | null;
  open: number;
  openHigh: number;
}

/** Incidents over the last `days` days in scope, counted by the database, in days of `timeZone`. */
export async function incidentTrends(scope: TenantScope, days: TrendDays, timeZone: string): Promise<Trends> {
  const dayList = daysUntilToday(days, timeZone);
  // Midnight of the first day, in the viewer's time zone.
  const since = Prisma.sql`(${dayList[0]}::date::timestamp AT TIME ZONE ${timeZone})`;
  const inScope = tenantIdInSql(scope, Prisma.sql`"tenantId"`);
  const dayOf = (column: Prisma.Sql) => Prisma.sql`to_char(${column} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;
  const [created, resolved, [mean]] = await Promise.all([
    db().$queryRaw<{ day: string; severity: Severity; count: number }[]>`
      SELECT ${dayOf(Prisma.sql`"createdAt"`)} AS day, severity::text, count(*)::int AS count
      FROM incident WHERE ${inScope} AND "createdAt" >= ${since} GROUP BY 1, 2`,
    db().$queryRaw<{ day: string; count: number }[]>`
      SELECT ${dayOf(Prisma.sql`"lastUpdatedAt"`)} AS day, count(*)::int AS count
      FROM incident WHERE ${inScope} AND status = 'resolved' AND "lastUpdatedAt" >= ${since} GROUP BY 1`,
    db().$queryRaw<{ ms: number | null }[]>`
      SELECT (avg(extract(epoch FROM "lastUpdatedAt" - "createdAt")) * 1000)::float8 AS ms
      FROM incident WHERE ${inScope} AND status = 'resolved' AND "lastUpdatedAt" >= ${since}`,
  ]);
  const index = new Map(dayList.map((day, position) => [day, position]));
  const perDay = () => dayList.map(() => 0);
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, perDay()])) as Record<Severity, number[]>;
  for (const row of created) if (index.has(row.day)) bySeverity[row.severity][index.get(row.day)!] = row.count;
  const resolvedPerDay = perDay();
  for (const row of resolved) if (index.has(row.day)) resolvedPerDay[index.get(row.day)!] = row.count;
  return { days: dayList, created: bySeverity, resolved: resolvedPerDay, meanTimeToResolveMs: mean?.ms ?? null };
}

/** Every tenant in scope with its consent, its sync and its open incidents: the most open high-severity first. */
export async function tenantHealth(scope: TenantScope): Promise<TenantHealth[]> {
  const open = Prisma.join(OPEN_STATUSES.map((status) => Prisma.sql`${status}::incident_status`));
  const rows = await db().$queryRaw<{ id: string; displayName: string; status: ConsentStatus; lastSuccessAt: Date | null; lastError: string | null; problem: string | null; open: number; openHigh: number }[]>`
    SELECT t.id::text, t."displayName", t.status::text, s."lastSuccessAt", s.problem, s."lastError",
      coalesce(o.open, 0)::int AS open, coalesce(o.high, 0)::int AS "openHigh"
    FROM tenant t
      LEFT JOIN tenant_sync s ON s."tenantId" = t.id AND s.api = ${getConfig().incidentApi}
      LEFT JOIN (
        SELECT "tenantId", count(*) AS open, count(*) FILTER (WHERE severity = 'high') AS high
        FROM incident WHERE status IN (${open}) GROUP BY "tenantId"
      ) o ON o."tenantId" = t.id
    WHERE ${tenantIdInSql(scope, Prisma.sql`t.id`)}
    ORDER BY "openHigh" DESC, open DESC, t."displayName"`;
  return rows.map((row) => ({
    tenantId: row.id,
    name: row.displayName,
    consent: row.status,
    syncedAt: row.lastSuccessAt?.getTime() ?? null,
    problem: row.problem ? (row.lastError ?? row.problem) : null,
    open: row.open,
    openHigh: row.openHigh,
  }));
}

/** The last `days` calendar days in `timeZone`, ending today there. */
function daysUntilToday(days: number, timeZone: string): string[] {
  // en-CA writes dates as YYYY-MM-DD.
  const today = new Date(`${new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date())}T00:00:00Z`);
  return Array.from({ length: days }, (_, back) => new Date(today.getTime() - (days - 1 - back) * 86_400_000).toISOString().slice(0, 10));
}
