"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";

import { AlertRuleInput, removeAlertRule, saveAlertRule } from "@/lib/alerts/rules";
import { createTarget, deleteTarget, sendTest, TargetInput } from "@/lib/alerts/targets";
import { adminAction } from "@/lib/auth/actions";

const TargetRef = z.object({ targetId: z.uuid("Unknown target.") });

export const addTargetAction = adminAction(TargetInput, async (input, staff) => {
  const result = await createTarget(input, staff.email);
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/alerts");
  const { target } = result;
  return {
    ok: true,
    message: target.secret
      ? `Added ${target.name}. Its signing secret, shown only now — give it to the receiver to check the X-Portal-Signature header: ${target.secret}`
      : `Added ${target.name}.`,
  };
});

export const deleteTargetAction = adminAction(TargetRef, async ({ targetId }, staff) => {
  if (!(await deleteTarget(targetId, staff.email))) return { ok: false, message: "This target was already deleted." };
  revalidatePath("/alerts");
  return { ok: true, message: "Deleted." };
});

export const sendTestAction = adminAction(TargetRef, async ({ targetId }) => {
  const result = await sendTest(targetId);
  if (!result) return { ok: false, message: "This target was deleted." };
  return result.ok ? { ok: true, message: `Delivered: the target answered ${result.status}.` } : { ok: false, message: `Not delivered: ${result.message}` };
});

export const saveRuleAction = adminAction(AlertRuleInput, async (input, staff) => {
  const result = await saveAlertRule(input, staff.email);
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/alerts");
  redirect("/alerts?saved=1");
});

export const removeAlertRuleAction = adminAction(z.object({ ruleId: z.uuid("Unknown rule.") }), async ({ ruleId }, staff) => {
  if (!(await removeAlertRule(ruleId, staff.email))) return { ok: false, message: "This rule was already removed." };
  revalidatePath("/alerts");
  return { ok: true, message: "Removed." };
});
