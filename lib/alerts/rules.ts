import "server-only";
import { z } from "zod";

import { recordAuditEvent } from "@/lib/audit";
import { formList } from "@/lib/auth/actions";
import { db } from "@/lib/db";
import type { AlertDelivery, AlertEvent, AlertRule } from "@/lib/db/generated/client";
import { SEVERITIES } from "@/lib/incidents/model";
import { ACCESS_KINDS } from "@/lib/scopes/rules";

import { INCIDENT_TRIGGERS } from "./events";

export type { AlertRule } from "@/lib/db/generated/client";

export const ALERT_TRIGGERS = ["newIncident", "incidentReopened", "consentLost", "syncFailing", "writeAccessMissing"] as const;

/** What a rule listens for, for which tenants (as staff access names them), and where it sends. */
export const AlertRuleInput = z
  .object({
    ruleId: z.uuid().optional(),
    name: z.string().trim().min(1, "Name the rule.").max(80, "Keep the name under 80 characters."),
    trigger: z.enum(ALERT_TRIGGERS, "Choose what the rule alerts on."),
    minSeverity: z.enum(SEVERITIES).optional().or(z.literal("").transform(() => undefined)),
    afterMinutes: z.coerce.number("Give the minutes as a number.").int("Give whole minutes.").min(1, "Give at least 1 minute.").max(10_080, "Give at most 10,080 minutes (a week).").optional(),
    tenants: z.enum(ACCESS_KINDS, "Choose which tenants."),
    groupIds: formList(z.array(z.uuid()).max(1_000)),
    tenantIds: formList(z.array(z.uuid()).max(10_000)),
    targetIds: formList(z.array(z.uuid()).min(1, "Choose at least one target.").max(50)),
  })
  .superRefine((input, context) => {
    if (input.trigger === "syncFailing" && input.afterMinutes === undefined) {
      context.addIssue({ code: "custom", path: ["afterMinutes"], message: "Give how many minutes without a sync." });
    }
    if (input.tenants !== "all" && input.groupIds.length + input.tenantIds.length === 0) {
      context.addIssue({ code: "custom", path: ["tenants"], message: "Choose the groups or tenants, or choose All tenants." });
    }
  });

export function listAlertRules(): Promise<AlertRule[]> {
  return db().alertRule.findMany({ orderBy: { name: "asc" } });
}

export function findAlertRule(id: string): Promise<AlertRule | null> {
  return z.uuid().safeParse(id).success ? db().alertRule.findUnique({ where: { id } }) : Promise.resolve(null);
}

/** Creates a rule, or replaces one; audited with what it was before. */
export async function saveAlertRule(input: z.infer<typeof AlertRuleInput>, actor: string): Promise<{ ok: true; rule: AlertRule } | { ok: false; message: string }> {
  const same = await db().alertRule.findFirst({ where: { name: { equals: input.name, mode: "insensitive" }, id: input.ruleId && { not: input.ruleId } } });
  if (same) return { ok: false, message: `A rule named "${input.name}" already exists.` };
  const data = {
    name: input.name,
    trigger: input.trigger,
    minSeverity: INCIDENT_TRIGGERS.includes(input.trigger) ? (input.minSeverity ?? null) : null,
    afterMinutes: input.trigger === "syncFailing" ? (input.afterMinutes ?? null) : null,
    tenants: input.tenants,
    groupIds: input.tenants === "all" ? [] : input.groupIds,
    tenantIds: input.tenants === "all" ? [] : input.tenantIds,
    targetIds: input.targetIds,
    updatedBy: actor,
  };
  return db().$transaction(async (tx) => {
    const before = input.ruleId ? await tx.alertRule.findUnique({ where: { id: input.ruleId } }) : null;
    if (input.ruleId && !before) return { ok: false as const, message: "This rule no longer exists." };
    const rule = before ? await tx.alertRule.update({ where: { id: before.id }, data }) : await tx.alertRule.create({ data });
    await recordAuditEvent({ actor, action: "alert.rule_set", details: { ruleId: rule.id, before: before && { ...before, updatedAt: undefined }, after: data } }, tx);
    return { ok: true as const, rule };
  });
}

export async function removeAlertRule(id: string, actor: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const rule = await tx.alertRule.findUnique({ where: { id } });
    if (!rule) return false;
    await tx.alertRule.delete({ where: { id } });
    await recordAuditEvent({ actor, action: "alert.rule_removed", details: { ruleId: id, name: rule.name } }, tx);
    return true;
  });
}

/** A rule's deliveries, newest first, with what each was about. */
export function deliveryLog(ruleId: string, take = 100): Promise<(AlertDelivery & { event: AlertEvent })[]> {
  return db().alertDelivery.findMany({ where: { ruleId }, orderBy: { id: "desc" }, take, include: { event: true } });
}
