import "server-only";
import { z } from "zod";

import { recordAuditEvent } from "@/lib/audit";
import { db } from "@/lib/db";
import type { Tenant } from "@/lib/db/generated/client";
import { forgetTenantIncidents } from "@/lib/incidents";
import { inScope, tenantIdIn, type TenantScope } from "@/lib/scopes";
import { forgetTenant } from "@/lib/tokens";

import { lookUpTenant, type LookupProblem } from "./lookup";

export type { Tenant } from "@/lib/db/generated/client";

export const NewTenantInput = z.object({
  tenant: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "AddTenant.errors.tenantMissing")
    // No domain is longer: too long is the wrong format.
    .max(253, "AddTenant.errors.tenantFormat")
    .regex(
      /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63})$/,
      "AddTenant.errors.tenantFormat",
    ),
  displayName: z.string().trim().min(1, "AddTenant.errors.nameMissing").max(120, "AddTenant.errors.nameTooLong"),
});

/** Why a tenant was not added, for the form to say in the viewer's language. */
export type AddTenantProblem = LookupProblem | { code: "registered"; name: string };

export type AddTenantResult = { ok: true; tenant: Tenant } | { ok: false; problem: AddTenantProblem };

export async function addTenant(input: z.infer<typeof NewTenantInput>, actor: string): Promise<AddTenantResult> {
  const lookup = await lookUpTenant(input.tenant);
  if (!lookup.found) return { ok: false, problem: lookup.problem };
  const existing = await db().tenant.findUnique({ where: { id: lookup.tenantId } });
  if (existing) return { ok: false, problem: { code: "registered", name: existing.displayName } };
  const isDomain = input.tenant !== lookup.tenantId;
  const tenant = await db().$transaction(async (tx) => {
    const created = await tx.tenant.create({
      data: { id: lookup.tenantId, displayName: input.displayName, domain: isDomain ? input.tenant : null, addedBy: actor },
    });
    await recordAuditEvent(
      { actor, action: "tenant.added", target: created.id, details: { displayName: created.displayName, addedAs: input.tenant } },
      tx,
    );
    return created;
  });
  return { ok: true, tenant };
}

/** The tenants in scope, by name. */
export function listTenants(scope: TenantScope, filter: { status?: Tenant["status"][] } = {}): Promise<Tenant[]> {
  return db().tenant.findMany({ where: { id: tenantIdIn(scope), status: filter.status && { in: filter.status } }, orderBy: { displayName: "asc" } });
}

/** Display names of these tenants, by id: those in scope. */
export async function tenantNames(scope: TenantScope, ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => inScope(scope, id));
  const tenants = await db().tenant.findMany({ where: { id: { in: wanted } }, select: { id: true, displayName: true } });
  return new Map(tenants.map((tenant) => [tenant.id, tenant.displayName]));
}

/** The tenant, if it is registered and in scope: one out of scope is not found, like one that does not exist. */
export function findTenant(scope: TenantScope, id: string): Promise<Tenant | null> {
  if (!z.uuid().safeParse(id).success || !inScope(scope, id.toLowerCase())) return Promise.resolve(null);
  return db().tenant.findUnique({ where: { id } });
}

/** Forgets a customer: its tokens and data go, the audit trail and consent events stay. */
export async function offboardTenant(id: string, actor: string): Promise<boolean> {
  const removed = await db().$transaction(async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id } });
    if (!tenant) return false;
    await tx.tenant.delete({ where: { id } });
    await tx.$executeRaw`UPDATE access_rule SET "tenantIds" = array_remove("tenantIds", ${id}::uuid), "updatedBy" = ${actor}, "updatedAt" = now() WHERE ${id}::uuid = ANY ("tenantIds")`;
    await recordAuditEvent({ actor, action: "tenant.offboarded", target: id, details: { displayName: tenant.displayName } }, tx);
    return true;
  });
  forgetTenant(id);
  forgetTenantIncidents(id);
  return removed;
}
