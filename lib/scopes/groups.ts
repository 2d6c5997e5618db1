import "server-only";
import { z } from "zod";

import { recordAuditEvent } from "@/lib/audit";
import { db } from "@/lib/db";

import { inScope, type TenantScope } from "./index";

export const GroupName = z.string().trim().min(1, "TenantGroups.errors.nameMissing").max(80, "TenantGroups.errors.nameTooLong");

export interface TenantGroupView {
  id: string;
  name: string;
  tenantIds: string[];
}

/** Why a change was not made: the action says so in the admin's language. */
export type GroupProblem = "nameTaken" | "gone";

export type GroupResult = { ok: true; group: TenantGroupView } | { ok: false; problem: GroupProblem };

/**
 * The tenant groups with their members in scope, by name. Staff who see every tenant get every
 * group; others only groups with a tenant they see: a group's name can tell of its customers.
 */
export async function listGroups(scope: TenantScope): Promise<TenantGroupView[]> {
  const groups = await db().tenantGroup.findMany({ orderBy: { name: "asc" }, include: { members: { select: { tenantId: true } } } });
  return groups
    .map(({ id, name, members }) => ({ id, name, tenantIds: members.map((member) => member.tenantId).filter((tenantId) => inScope(scope, tenantId)) }))
    .filter((group) => scope === "everyTenant" || group.tenantIds.length > 0);
}

export async function findGroup(scope: TenantScope, id: string): Promise<TenantGroupView | null> {
  if (!z.uuid().safeParse(id).success) return null;
  return (await listGroups(scope)).find((group) => group.id === id) ?? null;
}

/** The groups each of these tenants is in, by tenant id. */
export async function groupsOfTenants(tenantIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const members = await db().tenantGroupMember.findMany({ where: { tenantId: { in: tenantIds } }, include: { group: { select: { id: true, name: true } } }, orderBy: { group: { name: "asc" } } });
  const byTenant = new Map<string, { id: string; name: string }[]>();
  for (const member of members) byTenant.set(member.tenantId, [...(byTenant.get(member.tenantId) ?? []), member.group]);
  return byTenant;
}

export async function createGroup(name: string, actor: string): Promise<GroupResult> {
  if (await nameTaken(name)) return { ok: false, problem: "nameTaken" };
  const group = await db().$transaction(async (tx) => {
    const created = await tx.tenantGroup.create({ data: { name, createdBy: actor } });
    await recordAuditEvent({ actor, action: "group.created", details: { groupId: created.id, name } }, tx);
    return created;
  });
  return { ok: true, group: { id: group.id, name, tenantIds: [] } };
}

export async function renameGroup(id: string, name: string, actor: string): Promise<GroupResult> {
  const group = await findGroup("everyTenant", id);
  if (!group) return { ok: false, problem: "gone" };
  if (await nameTaken(name, id)) return { ok: false, problem: "nameTaken" };
  await db().$transaction(async (tx) => {
    await tx.tenantGroup.update({ where: { id }, data: { name } });
    await recordAuditEvent({ actor, action: "group.renamed", details: { groupId: id, from: group.name, to: name } }, tx);
  });
  return { ok: true, group: { ...group, name } };
}

/** Makes these tenants the group's members; who was added and removed is audited. */
export async function setGroupTenants(id: string, tenantIds: string[], actor: string): Promise<GroupResult> {
  const group = await findGroup("everyTenant", id);
  if (!group) return { ok: false, problem: "gone" };
  const registered = new Set((await db().tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true } })).map((tenant) => tenant.id));
  const wanted = [...new Set(tenantIds)].filter((tenantId) => registered.has(tenantId));
  const added = wanted.filter((tenantId) => !group.tenantIds.includes(tenantId));
  const removed = group.tenantIds.filter((tenantId) => !wanted.includes(tenantId));
  if (added.length === 0 && removed.length === 0) return { ok: true, group };
  await db().$transaction(async (tx) => {
    await tx.tenantGroupMember.deleteMany({ where: { groupId: id, tenantId: { in: removed } } });
    await tx.tenantGroupMember.createMany({ data: added.map((tenantId) => ({ groupId: id, tenantId })), skipDuplicates: true });
    await recordAuditEvent({ actor, action: "group.members_changed", details: { groupId: id, name: group.name, added, removed } }, tx);
  });
  return { ok: true, group: { ...group, tenantIds: wanted } };
}

/** Deletes a group; access rules that named it no longer do. */
export async function deleteGroup(id: string, actor: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const group = await tx.tenantGroup.findUnique({ where: { id } });
    if (!group) return false;
    await tx.tenantGroup.delete({ where: { id } });
    await tx.$executeRaw`UPDATE access_rule SET "groupIds" = array_remove("groupIds", ${id}::uuid), "updatedBy" = ${actor}, "updatedAt" = now() WHERE ${id}::uuid = ANY ("groupIds")`;
    await recordAuditEvent({ actor, action: "group.deleted", details: { groupId: id, name: group.name } }, tx);
    return true;
  });
}

async function nameTaken(name: string, except?: string): Promise<boolean> {
  const same = await db().tenantGroup.findFirst({ where: { name: { equals: name, mode: "insensitive" }, id: except && { not: except } } });
  return same !== null;
}
