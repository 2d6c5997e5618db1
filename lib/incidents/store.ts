import "server-only";

import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { inScope, tenantIdInSql, type TenantScope } from "@/lib/scopes";

import { incidentPortalUrl, TIME_RANGES, type Incident, type Severity } from "./model";
import { FIRST_DIR, UNASSIGNED, type IncidentQuery } from "./query";
import { INCIDENT_ID } from "./source";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Upserts incidents as read from Microsoft, keyed by tenant and id, and returns those it did not
 * hold before and those it held as resolved that are open again. A row is replaced only by a copy
 * updated at the same time or later, so an overlapping or slower read never rolls it back.
 * The link into Microsoft's portal is not stored: it follows from tenant and id, and a narrower
 * row makes every count over the store faster.
 */
export async function saveIncidents(incidents: Incident[]): Promise<IncidentChange[]> {
  const newest = new Map<string, Incident>();
  for (const incident of incidents) {
    if (Number.isNaN(Date.parse(incident.lastUpdatedAt))) continue;
    const key = `${incident.tenantId}/${incident.id}`;
    const seen = newest.get(key);
    // An offset-paged list can show an incident twice when it moves between pages.
    if (!seen || seen.lastUpdatedAt < incident.lastUpdatedAt) newest.set(key, incident);
  }
  if (newest.size === 0) return [];
  const rows = JSON.stringify(
    [...newest.values()].map((incident) => ({
      ...incident,
      createdAt: Number.isNaN(Date.parse(incident.createdAt)) ? incident.lastUpdatedAt : incident.createdAt,
    })),
  );
  // timestamptz(3) on both sides: the stored copy and the new one compare at the same precision. A
  // copy as new as the stored one replaces it only when it differs (a same-second update), so a
  // read that found nothing new writes nothing, and the tenant's changedAt moves only on a change.
  // A row inserted, not updated, has no xmax: the incidents the store did not know before. Every
  // part of the statement sees the rows as they were before it: `resolved` the ones held as resolved.
  return db().$queryRaw<IncidentChange[]>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS r(
        "tenantId" uuid, id text, title text, severity incident_severity, status incident_status, classification text, determination text,
        "assignedTo" text, "createdAt" timestamptz(3), "lastUpdatedAt" timestamptz(3), tags text[])
    ), resolved AS (
      SELECT i."tenantId", i.id FROM input r JOIN incident i ON i."tenantId" = r."tenantId" AND i.id = r.id
      WHERE r.status <> 'resolved' AND i.status = 'resolved'
    ), changed AS (
      INSERT INTO incident ("tenantId", id, title, severity, status, classification, determination, "assignedTo", "assigneeKey", "createdAt", "lastUpdatedAt", tags, "syncedAt")
      SELECT r."tenantId", r.id, r.title, r.severity, r.status, r.classification, r.determination, r."assignedTo", lower(r."assignedTo"), r."createdAt", r."lastUpdatedAt", r.tags, now()
      FROM input r
      ON CONFLICT ("tenantId", id) DO UPDATE SET
        title = excluded.title, severity = excluded.severity, status = excluded.status, classification = excluded.classification,
        determination = excluded.determination, "assignedTo" = excluded."assignedTo", "assigneeKey" = excluded."assigneeKey", "createdAt" = excluded."createdAt",
        "lastUpdatedAt" = excluded."lastUpdatedAt", tags = excluded.tags, "syncedAt" = excluded."syncedAt"
      WHERE incident."lastUpdatedAt" < excluded."lastUpdatedAt"
        OR (incident."lastUpdatedAt" = excluded."lastUpdatedAt"
          AND (incident.title, incident.severity, incident.status, incident.classification, incident.determination, incident."assignedTo", incident."createdAt", incident.tags)
            IS DISTINCT FROM (excluded.title, excluded.severity, excluded.status, excluded.classification, excluded.determination, excluded."assignedTo", excluded."createdAt", excluded.tags))
      RETURNING "tenantId", id, title, severity, "lastUpdatedAt", xmax = 0 AS inserted
    ), touched AS (
      UPDATE tenant_sync SET "changedAt" = now() WHERE "tenantId" IN (SELECT "tenantId" FROM changed)
    )
    SELECT c."tenantId"::text, c.id, c.title, c.severity::text, c."lastUpdatedAt", CASE WHEN c.inserted THEN 'new' ELSE 'reopened' END AS change
    FROM changed c LEFT JOIN resolved USING ("tenantId", id)
    WHERE c.inserted OR resolved.id IS NOT NULL`;
}

/** An incident the store had not held before, or held as resolved and now open again. */
export type IncidentChange = Pick<Incident, "tenantId" | "id" | "title" | "severity"> & { lastUpdatedAt: Date; change: "new" | "reopened" };

/**
 * What the store holds now, as a value a page can compare with the one it was rendered with: when
 * one incident, one tenant's incidents, or any tenant's in scope last changed. Null before any
 * change, and for a tenant out of scope.
 */
export async function storeVersion(scope: TenantScope, of?: { tenantId: string; incidentId?: string }): Promise<string | null> {
  if (of && !inScope(scope, of.tenantId)) return null;
  if (of?.incidentId) {
    const incident = await db().incident.findUnique({ where: { tenantId_id: { tenantId: of.tenantId, id: of.incidentId } }, select: { syncedAt: true } });
    return incident?.syncedAt.toISOString() ?? null;
  }
  const [{ changedAt }] = await db().$queryRaw<{ changedAt: Date | null }[]>`
    SELECT max("changedAt") AS "changedAt" FROM tenant_sync
    WHERE ${of ? Prisma.sql`"tenantId" = ${of.tenantId}::uuid` : tenantIdInSql(scope, Prisma.sql`"tenantId"`)}`;
  return changedAt?.toISOString() ?? null;
}

/**
 * Deletes stored incidents last updated before the retention range, returns how many, and does
 * what PostgreSQL's autovacuum does and PGlite lacks, for every table: the visibility map that lets
 * a count read an index alone (on PGlite, 500,000 stored: 260 ms a count before, 80 after), and the
 * planner's statistics (a thousand tenants never analysed: their sync states joined row by row, 45 ms
 * instead of 20).
 */
export async function purgeIncidents(retentionDays: number): Promise<number> {
  const { count } = await db().incident.deleteMany({ where: { lastUpdatedAt: { lt: new Date(Date.now() - retentionDays * DAY_MS) } } });
  // Another instance vacuuming the table already does the work: skip rather than wait.
  await db().$executeRaw`VACUUM (ANALYZE, SKIP_LOCKED)`;
  return count;
}

export interface IncidentPage {
  incidents: Incident[];
  /** How many stored incidents match, over every page. */
  total: number;
  page: number;
  pages: number;
}

/** One page of the stored incidents in scope that match the query: filtered, sorted and paged by the database. */
export async function findIncidents(scope: TenantScope, query: IncidentQuery): Promise<IncidentPage> {
  const where = whereOf(scope, query);
  const rowsOf = (page: number) => db().$queryRaw<IncidentRow[]>`
    SELECT "tenantId"::text, id, title, severity::text, status::text, classification, determination, "assignedTo", "createdAt", "lastUpdatedAt", tags
    FROM incident WHERE ${where} ORDER BY ${orderOf(query.sort, query.dir)} LIMIT ${query.size} OFFSET ${(page - 1) * query.size}`;
  // The count and the page asked for at once; only a page beyond the last is read again, as the last.
  const [total, asked] = await Promise.all([countOf(scope, query), rowsOf(query.page)]);
  const pages = Math.max(1, Math.ceil(total / query.size));
  const page = Math.min(query.page, pages);
  const rows = page === query.page ? asked : await rowsOf(page);
  return { incidents: rows.map(incidentOf), total, page, pages };
}

/**
 * Every stored incident in scope that matches the query, newest update first, a batch at a time:
 * each batch continues after the last row of the one before (no OFFSET), so the hundredth batch
 * costs what the first did, and memory holds one batch however many match.
 */
export async function* allIncidents(scope: TenantScope, query: IncidentQuery, batchSize = 1_000): AsyncGenerator<Incident[]> {
  const where = whereOf(scope, query);
  let after: IncidentRow | undefined;
  do {
    const rows: IncidentRow[] = await db().$queryRaw<IncidentRow[]>`
      SELECT "tenantId"::text, id, title, severity::text, status::text, classification, determination, "assignedTo", "createdAt", "lastUpdatedAt", tags
      FROM incident WHERE ${where}
        ${after ? Prisma.sql`AND ("lastUpdatedAt", "tenantId", id) < (${after.lastUpdatedAt}, ${after.tenantId}::uuid, ${after.id})` : Prisma.empty}
      ORDER BY "lastUpdatedAt" DESC, "tenantId" DESC, id DESC LIMIT ${batchSize}`;
    if (rows.length > 0) yield rows.map(incidentOf);
    after = rows.length === batchSize ? rows[rows.length - 1] : undefined;
  } while (after);
}

/** How many stored incidents match, by severity. */
export async function countBySeverity(scope: TenantScope, query: IncidentQuery): Promise<Record<Severity, number>> {
  const groups = await db().$queryRaw<{ severity: Severity; count: number }[]>`
    SELECT severity::text, count(*)::int AS count FROM incident WHERE ${whereOf(scope, { ...query, severity: undefined })} GROUP BY severity`;
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, informational: 0, unknown: 0 };
  for (const group of groups) counts[group.severity] = group.count;
  return counts;
}

/** These stored incidents of one tenant, by id: what the portal last knew of them (the fallback when Microsoft cannot be asked). */
export async function storedIncidents(tenantId: string, ids: string[]): Promise<Map<string, Incident>> {
  const rows = await db().incident.findMany({ where: { tenantId, id: { in: ids } } });
  return new Map(rows.map((row) => [row.id, incidentOf(row)]));
}

/**
 * How many stored incidents in scope match. A count over every incident reads an index alone (in
 * parallel on PostgreSQL), a condition on the tenant makes it read every row: a scope of all but
 * some tenants counts every match less those of the tenants it leaves out, in one statement (one
 * snapshot). At 1,000 tenants, all but 100 on PostgreSQL: 40 ms instead of 150.
 */
async function countOf(scope: TenantScope, query: IncidentQuery): Promise<number> {
  const [{ count }] =
    scope !== "everyTenant" && "allBut" in scope
      ? await db().$queryRaw<{ count: number }[]>`
          SELECT ((SELECT count(*) FROM incident WHERE ${whereOf("everyTenant", query)})
            - (SELECT count(*) FROM incident WHERE ${whereOf({ only: scope.allBut }, query)}))::int AS count`
      : await db().$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM incident WHERE ${whereOf(scope, query)}`;
  return count;
}

type IncidentRow = Omit<Incident, "createdAt" | "lastUpdatedAt" | "webUrl"> & { createdAt: Date; lastUpdatedAt: Date };

// Only tenants that were consented have stored incidents, and offboarding deletes them, so every
// tenant's queue needs no tenant condition: a join made the planner leave its indexes.
function whereOf(scope: TenantScope, query: IncidentQuery): Prisma.Sql {
  const and = [tenantIdInSql(scope, Prisma.sql`"tenantId"`), Prisma.sql`"lastUpdatedAt" >= ${new Date(Date.now() - TIME_RANGES[query.range] * DAY_MS)}`];
  if (query.tenant) and.push(Prisma.sql`"tenantId" = ANY (${query.tenant}::uuid[])`);
  if (query.severity) and.push(Prisma.sql`severity IN (${Prisma.join(query.severity)})`);
  if (query.status) and.push(Prisma.sql`status IN (${Prisma.join(query.status)})`);
  if (query.assignedTo) {
    const key = query.assignedTo.toLowerCase();
    and.push(key === UNASSIGNED ? Prisma.sql`"assigneeKey" IS NULL` : Prisma.sql`"assigneeKey" = ${key}`);
  }
  if (query.q) {
    // Digits are an incident id (or part of a title, e.g. a CVE); words are looked for in titles,
    // assignees and tags. Each arm has its index, so the planner can OR them.
    const contains = `%${query.q.replace(/[\\%_]/g, "\\$&")}%`;
    and.push(
      INCIDENT_ID.test(query.q)
        ? Prisma.sql`(id = ${query.q} OR title ILIKE ${contains})`
        : Prisma.sql`(title ILIKE ${contains} OR "assignedTo" ILIKE ${contains} OR tags @> ARRAY[${query.q}])`,
    );
  }
  return Prisma.join(and, " AND ");
}

// Qualified: a bare name would be the output column of the same name, cast to text.
function orderOf(sort: IncidentQuery["sort"], dir = FIRST_DIR[sort]): Prisma.Sql {
  const tieBreak = Prisma.sql`incident."tenantId", incident.id DESC`;
  const way = Prisma.raw(dir === "asc" ? "ASC" : "DESC");
  if (sort === "lastUpdated") return Prisma.sql`incident."lastUpdatedAt" ${way}, ${tieBreak}`;
  // The severity enum lists the most severe first, so "most severe first" is its ascending order.
  const column = {
    created: Prisma.sql`incident."createdAt" ${way}`,
    severity: Prisma.sql`incident.severity ${Prisma.raw(dir === "asc" ? "DESC" : "ASC")}`,
    status: Prisma.sql`incident.status ${way}`,
    // Nobody (unassigned) last either way.
    assignedTo: Prisma.sql`incident."assigneeKey" ${way} NULLS LAST`,
  }[sort];
  return Prisma.sql`${column}, incident."lastUpdatedAt" DESC, ${tieBreak}`;
}

function incidentOf(row: IncidentRow): Incident {
  return {
    id: row.id,
    tenantId: row.tenantId,
    title: row.title,
    severity: row.severity,
    status: row.status,
    classification: row.classification,
    determination: row.determination,
    assignedTo: row.assignedTo,
    createdAt: row.createdAt.toISOString(),
    lastUpdatedAt: row.lastUpdatedAt.toISOString(),
    tags: row.tags,
    webUrl: incidentPortalUrl(row.tenantId, row.id),
  };
}
