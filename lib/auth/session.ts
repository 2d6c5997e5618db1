import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { db } from "@/lib/db";
import { isLocale, isTimeZone, type Locale } from "@/lib/i18n/locales";
import { scopeOf, type TenantScope } from "@/lib/scopes";

import type { PortalRole } from "./access";
import { authOptions } from "./options";

export interface Staff {
  name: string;
  email: string;
  role: PortalRole;
  /** The tenants they see, read at each request: every data read for them takes it. */
  scope: TenantScope;
  /** The language they chose; null: their browser's. */
  locale: Locale | null;
  /** Their browser's time zone, as it last reported it; null until it has. */
  timeZone: string | null;
}

/** The signed-in staff member, or null. Read once per request: the layout and the page both ask. */
export const currentStaff = cache(async (): Promise<Staff | null> => {
  const user = (await getServerSession(authOptions()))?.user;
  if (!user?.role) return null;
  const staff = { name: user.name, email: user.email, role: user.role };
  const [scope, preferences] = await Promise.all([
    scopeOf(staff),
    db().staffMember.findUnique({ where: { key: staff.email.toLowerCase() }, select: { locale: true, timeZone: true } }),
  ]);
  return {
    ...staff,
    scope,
    locale: isLocale(preferences?.locale) ? preferences.locale : null,
    timeZone: isTimeZone(preferences?.timeZone) ? preferences.timeZone : null,
  };
});

/** The signed-in staff member; anyone else is sent to sign in, or away when the role is too low. */
export async function requireStaff(role?: "admin"): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) {
    const path = (await headers()).get("x-portal-path");
    redirect(path?.startsWith("/") ? `/signin?callbackUrl=${encodeURIComponent(path)}` : "/signin");
  }
  if (role === "admin" && staff.role !== "admin") redirect("/no-access?reason=admin");
  return staff;
}
