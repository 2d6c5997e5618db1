"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { staffAction } from "@/lib/auth/actions";
import { setStaffPreferences } from "@/lib/auth/staff";
import { isTimeZone, LOCALES } from "@/lib/i18n/locales";

export const setLocaleAction = staffAction(z.object({ locale: z.enum(LOCALES) }), async ({ locale }, staff) => {
  await setStaffPreferences(staff.email, { locale });
  revalidatePath("/", "layout");
  return { ok: true };
});

export const setTimeZoneAction = staffAction(z.object({ timeZone: z.string().refine(isTimeZone) }), async ({ timeZone }, staff) => {
  await setStaffPreferences(staff.email, { timeZone });
  revalidatePath("/", "layout");
  return { ok: true };
});
