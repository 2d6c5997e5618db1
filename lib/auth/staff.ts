import "server-only";

import { db } from "@/lib/db";
import type { Locale } from "@/lib/i18n/locales";

/** Keeps who signed in and their Entra groups, which their access follows until their next sign-in. */
export async function recordStaffSignIn({ upn, name, entraGroups }: { upn: string; name: string; entraGroups: string[] }): Promise<void> {
  const key = upn.toLowerCase();
  const fields = { upn, name, entraGroups: entraGroups.map((group) => group.toLowerCase()), lastSignInAt: new Date() };
  await db().staffMember.upsert({ where: { key }, create: { key, ...fields }, update: fields });
}

/** Staff who have signed in to the portal, by their sign-in name: who an incident can be assigned to. */
export async function staffSeen(): Promise<string[]> {
  const rows = await db().staffMember.findMany({ select: { upn: true }, orderBy: { key: "asc" } });
  return rows.map((row) => row.upn);
}

/** Keeps a staff member's language or time zone: every page they open next uses it. */
export async function setStaffPreferences(email: string, preferences: { locale?: Locale; timeZone?: string }): Promise<void> {
  await db().staffMember.updateMany({ where: { key: email.toLowerCase() }, data: preferences });
}
