import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { scopeOf, type TenantScope } from "@/lib/scopes";

import type { PortalRole } from "./access";
import { authOptions } from "./options";

export interface Staff {
  name: string;
  email: string;
  role: PortalRole;
  /** The tenants they see, read at each request: every data read for them takes it. */
  scope: TenantScope;
}

/** The signed-in staff member, or null. Read once per request: the layout and the page both ask. */
export const currentStaff = cache(async (): Promise<Staff | null> => {
  const user = (await getServerSession(authOptions()))?.user;
  if (!user?.role) return null;
  const staff = { name: user.name, email: user.email, role: user.role };
  return { ...staff, scope: await scopeOf(staff) };
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
