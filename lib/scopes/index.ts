import "server-only";

import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";

/**
 * The customer tenants a staff member sees: every tenant, or these. Every query that reads a
 * tenant's data for staff takes one, so a tenant out of scope answers as one that does not exist.
 */
export type TenantScope = "everyTenant" | { tenantIds: ReadonlySet<string> };

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
  const [scope] = await db().$queryRaw<{ every: boolean; tenantIds: string | null }[]>`
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
      SELECT EXISTS (SELECT 1 FROM rules WHERE kind = 'all') AS every
    )
    SELECT every, CASE WHEN every THEN NULL ELSE (
      SELECT string_agg(id::text, ',') FROM (
        SELECT t.id FROM tenant t CROSS JOIN rules r LEFT JOIN listed l ON l.rule = r.rule AND l."tenantId" = t.id
        GROUP BY t.id HAVING bool_or((r.kind = 'only') = (l."tenantId" IS NOT NULL))) AS visible
    ) END AS "tenantIds"
    FROM every`;
  if (scope.every) return "everyTenant";
  return { tenantIds: new Set(scope.tenantIds ? scope.tenantIds.split(",") : []) };
}

/** The part of a scope these tenants make up: how a page narrows a staff member's scope to what it shows. */
export function narrowScope(scope: TenantScope, tenantIds: readonly string[]): TenantScope {
  return { tenantIds: new Set(tenantIds.filter((tenantId) => inScope(scope, tenantId))) };
}

export function inScope(scope: TenantScope, tenantId: string): boolean {
  return scope === "everyTenant" || scope.tenantIds.has(tenantId);
}

/** The scope as a Prisma condition on a tenant id column: nothing for every tenant. */
export function tenantIdIn(scope: TenantScope): Prisma.StringFilter | undefined {
  return scope === "everyTenant" ? undefined : { in: [...scope.tenantIds] };
}

/** The scope as SQL on a tenant id column. */
export function tenantIdInSql(scope: TenantScope, column: Prisma.Sql): Prisma.Sql {
  return scope === "everyTenant" ? Prisma.sql`true` : Prisma.sql`${column} = ANY (${[...scope.tenantIds]}::uuid[])`;
}
