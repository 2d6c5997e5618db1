import "server-only";

import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { tenantIdInSql, type TenantScope } from "@/lib/scopes";

import { SEVERITIES, type Severity } from "./model";
import { tenantSyncStatuses, type TenantSyncStatus } from "./sync-status";

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

/** A tenant's consent and sync state, with its open incidents. */
export type TenantHealth = TenantSyncStatus & { open: number; openHigh: number };

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
  const [statuses, counts] = await Promise.all([
    tenantSyncStatuses(scope, { everyConsent: true }),
    db().$queryRaw<{ tenantId: string; open: number; openHigh: number }[]>`
      SELECT "tenantId"::text, count(*)::int AS open, (count(*) FILTER (WHERE severity = 'high'))::int AS "openHigh"
      FROM incident WHERE status IN (${open}) AND ${tenantIdInSql(scope, Prisma.sql`"tenantId"`)} GROUP BY 1`,
  ]);
  const byTenant = new Map(counts.map((count) => [count.tenantId, count]));
  // By name already: the sort keeps that order among equals.
  return statuses
    .map((status) => ({ ...status, open: byTenant.get(status.tenantId)?.open ?? 0, openHigh: byTenant.get(status.tenantId)?.openHigh ?? 0 }))
    .sort((a, b) => b.openHigh - a.openHigh || b.open - a.open);
}

/** The last `days` calendar days in `timeZone`, ending today there. */
function daysUntilToday(days: number, timeZone: string): string[] {
  // en-CA writes dates as YYYY-MM-DD.
  const today = new Date(`${new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date())}T00:00:00Z`);
  return Array.from({ length: days }, (_, back) => new Date(today.getTime() - (days - 1 - back) * 86_400_000).toISOString().slice(0, 10));
}
