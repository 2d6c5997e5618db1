"use server";

import { getFormatter, getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";

import { adminAction } from "@/lib/auth/actions";
import { getConfig } from "@/lib/config";
import { createConsentLink } from "@/lib/consent/links";
import { problemSentences } from "@/lib/consent/problem";
import { verifyAllTenants, verifyTenant } from "@/lib/consent/proof";
import { addTenant, findTenant, NewTenantInput, offboardTenant } from "@/lib/tenants";

const TenantRef = z.object({ tenantId: z.uuid("TenantActions.errors.unknownTenant") });

export const addTenantAction = adminAction(NewTenantInput, async (input, staff) => {
  const result = await addTenant(input, staff.email);
  if (!result.ok) {
    const message = (await getTranslations("AddTenant"))(`problems.${result.problem.code}`, result.problem);
    return { ok: false, message, fieldErrors: { tenant: [message] } };
  }
  revalidatePath("/tenants");
  const t = await getTranslations("TenantActions");
  return { ok: true, message: t("added", { name: result.tenant.displayName }), data: { tenantId: result.tenant.id } };
});

export const createConsentLinkAction = adminAction(TenantRef, async ({ tenantId }, staff) => {
  const t = await getTranslations("TenantActions");
  const tenant = await findTenant(staff.scope, tenantId);
  if (!tenant) return { ok: false, message: t("notRegistered") };
  const link = await createConsentLink(tenant, staff.email);
  revalidatePath(`/tenants/${tenantId}`);
  // In the staff member's language, for them to send: the expiry in UTC, as the customer's time zone is unknown.
  const expires = (await getFormatter()).dateTime(link.expiresAt, { dateStyle: "full", timeStyle: "long", timeZone: "UTC" });
  const partner = getConfig().partnerName;
  const message = (await getTranslations("ConsentLink"))("customerMessage", { partner, customer: tenant.displayName, url: link.url, expires });
  return {
    ok: true,
    message: t("linkCreated"),
    data: { url: link.url, legacyUrl: link.legacyUrl, message, expiresAt: link.expiresAt.toISOString() },
  };
});

export const verifyTenantAction = adminAction(TenantRef, async ({ tenantId }, staff) => {
  const t = await getTranslations("TenantActions");
  // Only a registered tenant: a token request for any other id would be work for Entra and a new
  // MSAL application in this process.
  if (!(await findTenant(staff.scope, tenantId))) return { ok: false, message: t("notRegistered") };
  const check = await verifyTenant(tenantId, staff.email);
  revalidatePath("/tenants");
  revalidatePath(`/tenants/${tenantId}`);
  if (check.proven) return { ok: true, message: t("verified", { roles: check.roles.join(", ") }) };
  const reason = [problemSentences(await getTranslations("ConsentProblem"), check.reason), check.reason.detail].filter(Boolean).join(" ");
  return { ok: false, message: t("notVerified", { reason }) };
});

export const verifyAllTenantsAction = adminAction(z.object({}), async (_input, staff) => {
  const { proven, failed } = await verifyAllTenants(staff.email);
  revalidatePath("/tenants");
  const t = await getTranslations("TenantActions");
  return { ok: failed === 0, message: t("verifiedAll", { total: proven + failed, proven, failed }) };
});

export const offboardTenantAction = adminAction(
  TenantRef.extend({ confirm: z.literal("yes", "TenantActions.errors.confirmOffboarding") }),
  async ({ tenantId }, staff) => {
    if (!(await offboardTenant(tenantId, staff.email))) return { ok: false, message: (await getTranslations("TenantActions"))("alreadyOffboarded") };
    revalidatePath("/tenants");
    redirect("/tenants?offboarded=1");
  },
);
