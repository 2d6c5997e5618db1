import "server-only";
import { z } from "zod";

import { recordAuditEvent } from "@/lib/audit";
import { formList } from "@/lib/auth/actions";
import { db } from "@/lib/db";
import type { AlertDelivery, AlertEvent, AlertRule } from "@/lib/db/generated/client";
import { LOCALES } from "@/lib/i18n/locales";
import { SEVERITIES } from "@/lib/incidents/model";
import { ACCESS_KINDS } from "@/lib/scopes/rules";

import { INCIDENT_TRIGGERS } from "./events";

export type { AlertRule } from "@/lib/db/generated/client";

export const ALERT_TRIGGERS = ["newIncident", "incidentReopened", "consentLost", "syncFailing", "writeAccessMissing"] as const;

/**
 * What a rule listens for, for which tenants (as staff access names them), where it sends, and in
 * which language; without one, a new rule is in English and a changed one keeps its own.
 */
export const AlertRuleInput = z
  .object({
    ruleId: z.uuid().optional(),
    name: z.string().trim().min(1, "AlertRules.errors.nameMissing").max(80, "AlertRules.errors.nameTooLong"),
    trigger: z.enum(ALERT_TRIGGERS, "AlertRules.errors.trigger"),
    minSeverity: z.enum(SEVERITIES).optional().or(z.literal("").transform(() => undefined)),
    afterMinutes: z.coerce
      .number("AlertRules.errors.minutesNumber")
      .int("AlertRules.errors.minutesWhole")
      .min(1, "AlertRules.errors.minutesMin")
      .max(10_080, "AlertRules.errors.minutesMax")
      .optional(),
    tenants: z.enum(ACCESS_KINDS, "AlertRules.errors.tenants"),
    groupIds: formList(z.array(z.uuid()).max(1_000)),
    tenantIds: formList(z.array(z.uuid()).max(10_000)),
    targetIds: formList(z.array(z.uuid()).min(1, "AlertRules.errors.targets").max(50)),
    locale: z.enum(LOCALES, "AlertRules.errors.locale").optional(),
  })
  .superRefine((input, context) => {
    if (input.trigger === "syncFailing" && input.afterMinutes === undefined) {
      context.addIssue({ code: "custom", path: ["afterMinutes"], message: "AlertRules.errors.minutesMissing" });
    }
    if (input.tenants !== "all" && input.groupIds.length + input.tenantIds.length === 0) {
      context.addIssue({ code: "custom", path: ["tenants"], message: "AlertRules.errors.tenantsMissing" });
    }
  });

/** Why a rule was not saved: the action says so in the admin's language. */
export type AlertRuleProblem = "nameTaken" | "gone";

export function listAlertRules(): Promise<AlertRule[]> {
  return db().alertRule.findMany({ orderBy: { name: "asc" } });
}

export function findAlertRule(id: string): Promise<AlertRule | null> {
  return z.uuid().safeParse(id).success ? db().alertRule.findUnique({ where: { id } }) : Promise.resolve(null);
}

/** Creates a rule, or replaces one; audited with what it was before. */
export async function saveAlertRule(input: z.infer<typeof AlertRuleInput>, actor: string): Promise<{ ok: true; rule: AlertRule } | { ok: false; problem: AlertRuleProblem }> {
  const same = await db().alertRule.findFirst({ where: { name: { equals: input.name, mode: "insensitive" }, id: input.ruleId && { not: input.ruleId } } });
  if (same) return { ok: false, problem: "nameTaken" };
  const data = {
    name: input.name,
    trigger: input.trigger,
    minSeverity: INCIDENT_TRIGGERS.includes(input.trigger) ? (input.minSeverity ?? null) : null,
    afterMinutes: input.trigger === "syncFailing" ? (input.afterMinutes ?? null) : null,
    tenants: input.tenants,
    groupIds: input.tenants === "all" ? [] : input.groupIds,
    tenantIds: input.tenants === "all" ? [] : input.tenantIds,
    targetIds: input.targetIds,
    locale: input.locale,
    updatedBy: actor,
  };
  return db().$transaction(async (tx) => {
    const before = input.ruleId ? await tx.alertRule.findUnique({ where: { id: input.ruleId } }) : null;
    if (input.ruleId && !before) return { ok: false as const, problem: "gone" as const };
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
