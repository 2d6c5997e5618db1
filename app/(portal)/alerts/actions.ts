"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";

import { AlertRuleInput, removeAlertRule, saveAlertRule } from "@/lib/alerts/rules";
import { createTarget, deleteTarget, sendTest, TargetInput } from "@/lib/alerts/targets";
import { adminAction } from "@/lib/auth/actions";

const TargetRef = z.object({ targetId: z.uuid("AlertTargets.errors.unknownTarget") });

export const addTargetAction = adminAction(TargetInput, async (input, staff) => {
  const result = await createTarget(input, staff.email, await getLocale());
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/alerts");
  const { target } = result;
  const t = await getTranslations("AlertTargets");
  return { ok: true, message: target.secret ? t("addedWithSecret", { name: target.name, secret: target.secret }) : t("added", { name: target.name }) };
});

export const deleteTargetAction = adminAction(TargetRef, async ({ targetId }, staff) => {
  const t = await getTranslations("AlertTargets");
  if (!(await deleteTarget(targetId, staff.email))) return { ok: false, message: t("errors.alreadyDeleted") };
  revalidatePath("/alerts");
  return { ok: true, message: t("deleted") };
});

export const sendTestAction = adminAction(TargetRef, async ({ targetId }) => {
  const t = await getTranslations("AlertTargets");
  const result = await sendTest(targetId, await getLocale());
  if (!result) return { ok: false, message: t("errors.gone") };
  return result.ok ? { ok: true, message: t("delivered", { status: String(result.status) }) } : { ok: false, message: t("notDelivered", { reason: result.message }) };
});

// A new rule's notifications are in the language of the admin who makes it, unless the form names one.
export const saveRuleAction = adminAction(AlertRuleInput, async (input, staff) => {
  const result = await saveAlertRule({ ...input, locale: input.locale ?? (input.ruleId ? undefined : await getLocale()) }, staff.email);
  if (!result.ok) return { ok: false, message: (await getTranslations("AlertRules"))(`errors.${result.problem}`, { name: input.name }) };
  revalidatePath("/alerts");
  redirect("/alerts?saved=1");
});

export const removeAlertRuleAction = adminAction(z.object({ ruleId: z.uuid("AlertRules.errors.unknownRule") }), async ({ ruleId }, staff) => {
  const t = await getTranslations("AlertRules");
  if (!(await removeAlertRule(ruleId, staff.email))) return { ok: false, message: t("errors.alreadyRemoved") };
  revalidatePath("/alerts");
  return { ok: true, message: t("removed") };
});
