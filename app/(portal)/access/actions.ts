"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";

import { adminAction } from "@/lib/auth/actions";
import { endStaffSessions } from "@/lib/auth/staff-sessions";
import { principalOf, removeRule, RuleInput, setRule } from "@/lib/scopes/rules";

export const setRuleAction = adminAction(RuleInput, async (input, staff) => {
  const { principal, label } = principalOf(input);
  await setRule(principal, label, input, staff.email);
  revalidatePath("/access");
  redirect("/access?saved=1");
});

export const removeRuleAction = adminAction(z.object({ ruleId: z.uuid("StaffAccess.errors.unknownRule") }), async ({ ruleId }, staff) => {
  const t = await getTranslations("StaffAccess");
  if (!(await removeRule(ruleId, staff.email))) return { ok: false, message: t("errors.ruleGone") };
  revalidatePath("/access");
  return { ok: true, message: t("removed") };
});

export const endSessionsAction = adminAction(z.object({ staffKey: z.string().min(1).max(254) }), async ({ staffKey }, staff) => {
  const ended = await endStaffSessions(staffKey, staff.email);
  if (ended === 0) return { ok: false, message: (await getTranslations("StaffAccess"))("errors.alreadySignedOut") };
  // Their row goes with their sessions: the page says what happened.
  revalidatePath("/access");
  redirect(`/access?signedOut=${encodeURIComponent(staffKey)}&sessions=${ended}`);
});
