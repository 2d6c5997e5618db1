import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";

import type { PortalRole } from "./access";
import { authOptions } from "./options";

export interface Staff {
  name: string;
  email: string;
  role: PortalRole;
}

/** The signed-in staff member; anyone else is sent to sign in, or away when the role is too low. */
export async function requireStaff(role?: "admin"): Promise<Staff> {
  const session = await getServerSession(authOptions());
  const user = session?.user;
  if (!user?.role) redirect("/signin");
  if (role === "admin" && user.role !== "admin") redirect("/no-access?reason=admin");
  return { name: user.name, email: user.email, role: user.role };
}
