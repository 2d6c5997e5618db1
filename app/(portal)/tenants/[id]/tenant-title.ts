import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { requireStaff } from "@/lib/auth/session";
import { findTenant } from "@/lib/tenants";

/** A tenant page's title, naming the tenant: one in another tab is told apart. Out of scope, it is "Not found", as the page. */
export async function tenantTitle(params: Promise<{ id: string }>, title: (tenant: string) => string): Promise<Metadata> {
  const staff = await requireStaff();
  const tenant = await findTenant(staff.scope, (await params).id);
  return { title: tenant ? title(tenant.displayName) : (await getTranslations("NotFound"))("title") };
}
