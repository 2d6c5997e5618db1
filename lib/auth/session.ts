import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import type { PortalRole } from "./access";
import { authOptions } from "./options";

export interface Staff {
  name: string;
  email: string;
  role: PortalRole;
}

/** The signed-in staff member, or null. Read once per request: the layout and the page both ask. */
export const currentStaff = cache(async (): Promise<Staff | null> => {
  const user = (await getServerSession(authOptions()))?.user;
  return user?.role ? { name: user.name, email: user.email, role: user.role } : null;
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
