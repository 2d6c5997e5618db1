import "server-only";

import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";

/**
 * The customer tenants a staff member sees: every tenant, only these, or all but these. Every query
 * that reads a tenant's data for staff takes one, so a tenant out of scope answers as one that does
 * not exist. "All but" is the shorter list when a staff member sees most tenants: it keeps the
 * queries' lists short (a count leaves out 100 tenants' incidents rather than matching 900 ids).
 */
export type TenantScope = "everyTenant" | { only: ReadonlySet<string> } | { allBut: ReadonlySet<string> };

/**
 * A staff member's scope, read at each request so an admin's change applies at the next one.
 * Admins see every tenant; others get the union of the rules that name them or one of their Entra
 * groups, or the default rule when none does.
 */
export async function scopeOf(staff: { email: string; role: string }): Promise<TenantScope> {
  if (staff.role === "admin") return "everyTenant";
  const key = staff.email.toLowerCase();
  // A tenant is in scope when some rule says so: `only` lists it (itself or through a group), or
  // `allBut` does not. The ids come back as one string: parsing an array of a thousand took 10 ms.
  const [scope] = await db().$queryRaw<{ every: boolean; allBut: boolean; shown: string | null; hidden: string | null }[]>`
    WITH named AS (
      SELECT kind, "groupIds", "tenantIds" FROM access_rule
      WHERE principal = ${`user:${key}`}
        OR principal IN (SELECT 'group:' || lower(g) FROM staff_member, unnest("entraGroups") AS g WHERE staff_member.key = ${key})
    ), rules AS (
      SELECT row_number() OVER () AS rule, * FROM (
        SELECT * FROM named
        UNION ALL SELECT kind, "groupIds", "tenantIds" FROM access_rule WHERE principal = 'default' AND NOT EXISTS (SELECT 1 FROM named)) AS effective
    ), listed AS (
      SELECT r.rule, unnest(r."tenantIds") AS "tenantId" FROM rules r
      UNION SELECT r.rule, m."tenantId" FROM rules r JOIN tenant_group_member m ON m."groupId" = ANY (r."groupIds")
    ), every AS (
      SELECT EXISTS (SELECT 1 FROM rules WHERE kind = 'all') AS every, EXISTS (SELECT 1 FROM rules WHERE kind = 'allBut') AS "allBut"
    ), visibility AS (
      SELECT t.id, bool_or((r.kind = 'only') = (l."tenantId" IS NOT NULL)) AS shown
      FROM tenant t CROSS JOIN rules r LEFT JOIN listed l ON l.rule = r.rule AND l."tenantId" = t.id
      WHERE NOT (SELECT every FROM every)
      GROUP BY t.id
    )
    SELECT e.every, e."allBut", string_agg(v.id::text, ',') FILTER (WHERE v.shown) AS shown, string_agg(v.id::text, ',') FILTER (WHERE NOT v.shown) AS hidden
    FROM every e LEFT JOIN visibility v ON true
    GROUP BY e.every, e."allBut"`;
  if (scope.every) return "everyTenant";
  const shown = new Set(scope.shown?.split(",") ?? []);
  const hidden = new Set(scope.hidden?.split(",") ?? []);
  // Only an "all but" rule shows a tenant no rule lists, as one added after this request began.
  return scope.allBut && hidden.size < shown.size ? { allBut: hidden } : { only: shown };
}

/** The part of a scope these tenants make up: how a page narrows a staff member's scope to what it shows. */
export function narrowScope(scope: TenantScope, tenantIds: readonly string[]): TenantScope {
  return { only: new Set(tenantIds.filter((tenantId) => inScope(scope, tenantId))) };
}

export function inScope(scope: TenantScope, tenantId: string): boolean {
  if (scope === "everyTenant") return true;
  return "only" in scope ? scope.only.has(tenantId) : !scope.allBut.has(tenantId);
}

/** The scope as a Prisma condition on a tenant id column: nothing for every tenant. */
export function tenantIdIn(scope: TenantScope): Prisma.StringFilter | undefined {
  if (scope === "everyTenant") return undefined;
  return "only" in scope ? { in: [...scope.only] } : { notIn: [...scope.allBut] };
}

/** The scope as SQL on a tenant id column. */
export function tenantIdInSql(scope: TenantScope, column: Prisma.Sql): Prisma.Sql {
  if (scope === "everyTenant") return Prisma.sql`true`;
  return "only" in scope ? Prisma.sql`${column} = ANY (${[...scope.only]}::uuid[])` : Prisma.sql`NOT (${column} = ANY (${[...scope.allBut]}::uuid[]))`;
}
