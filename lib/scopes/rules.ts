import "server-only";
import { z } from "zod";

import { recordAuditEvent } from "@/lib/audit";
import { formList } from "@/lib/auth/actions";
import { db } from "@/lib/db";
import type { AccessKind, AccessRule } from "@/lib/db/generated/client";

export type { AccessRule } from "@/lib/db/generated/client";

export const ACCESS_KINDS = ["all", "only", "allBut"] as const satisfies readonly AccessKind[];
export const DEFAULT_PRINCIPAL = "default";
// Stored and audited as is; pages show the default rule in the viewer's language.
const DEFAULT_LABEL = "Everyone else";

/** Who a rule is for (one staff member by sign-in name, the members of one Entra group, or everyone no rule names) and what they see. */
export const RuleInput = z
  .object({
    who: z.enum(["user", "group", DEFAULT_PRINCIPAL]),
    upn: z.string().trim().toLowerCase().max(254).optional(),
    groupId: z.string().trim().toLowerCase().optional(),
    label: z.string().trim().max(120, "StaffAccess.errors.labelTooLong").optional(),
    kind: z.enum(ACCESS_KINDS, "StaffAccess.errors.kind"),
    groupIds: formList(z.array(z.uuid()).max(1_000)),
    tenantIds: formList(z.array(z.uuid()).max(10_000)),
  })
  .superRefine((input, context) => {
    if (input.who === "user" && !z.email().safeParse(input.upn).success) context.addIssue({ code: "custom", path: ["upn"], message: "StaffAccess.errors.upn" });
    if (input.who === "group" && !z.uuid().safeParse(input.groupId).success) context.addIssue({ code: "custom", path: ["groupId"], message: "StaffAccess.errors.groupId" });
    if (input.who === "group" && !input.label) context.addIssue({ code: "custom", path: ["label"], message: "StaffAccess.errors.label" });
    if (input.kind !== "all" && input.groupIds.length + input.tenantIds.length === 0) {
      context.addIssue({ code: "custom", path: ["kind"], message: input.kind === "only" ? "StaffAccess.errors.onlyNone" : "StaffAccess.errors.allButNone" });
    }
  });

/** The default rule first, then the others by whom they are for. */
export async function listRules(): Promise<AccessRule[]> {
  const rules = await db().accessRule.findMany({ orderBy: { label: "asc" } });
  return [...rules.filter((rule) => rule.principal === DEFAULT_PRINCIPAL), ...rules.filter((rule) => rule.principal !== DEFAULT_PRINCIPAL)];
}

export async function findRule(id: string): Promise<AccessRule | null> {
  if (!z.uuid().safeParse(id).success) return null;
  return db().accessRule.findUnique({ where: { id } });
}

/** Sets what a staff member, an Entra group, or (for the default rule) everyone else sees; replaces the rule they had. */
export async function setRule(principal: string, label: string, input: Pick<z.infer<typeof RuleInput>, "kind" | "groupIds" | "tenantIds">, actor: string): Promise<AccessRule> {
  const scope = { kind: input.kind, groupIds: input.kind === "all" ? [] : [...new Set(input.groupIds)], tenantIds: input.kind === "all" ? [] : [...new Set(input.tenantIds)] };
  return db().$transaction(async (tx) => {
    const before = await tx.accessRule.findUnique({ where: { principal } });
    const rule = await tx.accessRule.upsert({ where: { principal }, create: { principal, label, ...scope, updatedBy: actor }, update: { label, ...scope, updatedBy: actor } });
    await recordAuditEvent({ actor, action: "access.rule_set", details: { principal, label, before: before && visibility(before), after: scope } }, tx);
    return rule;
  });
}

/** Removes a staff member's or group's rule: they get the default rule again, unless another names them. */
export async function removeRule(id: string, actor: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const rule = await tx.accessRule.findUnique({ where: { id } });
    if (!rule || rule.principal === DEFAULT_PRINCIPAL) return false;
    await tx.accessRule.delete({ where: { id } });
    await recordAuditEvent({ actor, action: "access.rule_removed", details: { principal: rule.principal, label: rule.label, before: visibility(rule) } }, tx);
    return true;
  });
}

/** The rule's key and the name it is shown by. */
export function principalOf(input: Pick<z.infer<typeof RuleInput>, "who" | "upn" | "groupId" | "label">): { principal: string; label: string } {
  if (input.who === "user") return { principal: `user:${input.upn}`, label: input.upn! };
  if (input.who === "group") return { principal: `group:${input.groupId}`, label: input.label! };
  return { principal: DEFAULT_PRINCIPAL, label: DEFAULT_LABEL };
}

function visibility({ kind, groupIds, tenantIds }: Pick<AccessRule, "kind" | "groupIds" | "tenantIds">) {
  return { kind, groupIds, tenantIds };
}
