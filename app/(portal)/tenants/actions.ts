"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";

import { adminAction } from "@/lib/auth/actions";
import { createConsentLink } from "@/lib/consent/links";
import { verifyAllTenants, verifyTenant } from "@/lib/consent/proof";
import { addTenant, findTenant, NewTenantInput, offboardTenant } from "@/lib/tenants";

const TenantRef = z.object({ tenantId: z.uuid("Unknown tenant.") });

export const addTenantAction = adminAction(NewTenantInput, async (input, staff) => {
  const result = await addTenant(input, staff.email);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: { tenant: [result.message] } };
  revalidatePath("/tenants");
  return { ok: true, message: `Added ${result.tenant.displayName}. Next: send its admin a consent link.`, data: { tenantId: result.tenant.id } };
});

export const createConsentLinkAction = adminAction(TenantRef, async ({ tenantId }, staff) => {
  const tenant = await findTenant(staff.scope, tenantId);
  if (!tenant) return { ok: false, message: "This tenant is no longer registered." };
  const link = await createConsentLink(tenant, staff.email);
  revalidatePath(`/tenants/${tenantId}`);
  return {
    ok: true,
    message: "New consent link created. Any earlier link for this tenant no longer works.",
    data: { url: link.url, legacyUrl: link.legacyUrl, message: link.message, expiresAt: link.expiresAt.toISOString() },
  };
});

export const verifyTenantAction = adminAction(TenantRef, async ({ tenantId }, staff) => {
  // Only a registered tenant: a token request for any other id would be work for Entra and a new
  // MSAL application in this process.
  if (!(await findTenant(staff.scope, tenantId))) return { ok: false, message: "This tenant is no longer registered." };
  const check = await verifyTenant(tenantId, staff.email);
  revalidatePath("/tenants");
  revalidatePath(`/tenants/${tenantId}`);
  return check.proven
    ? { ok: true, message: `Consent verified: ${check.roles.join(", ")}.` }
    : { ok: false, message: `Consent not verified: ${check.reason}` };
});

export const verifyAllTenantsAction = adminAction(z.object({}), async (_input, staff) => {
  const { proven, failed } = await verifyAllTenants(staff.email);
  revalidatePath("/tenants");
  return { ok: failed === 0, message: `Verified ${proven + failed} tenants: ${proven} consented, ${failed} not.` };
});

export const offboardTenantAction = adminAction(
  TenantRef.extend({ confirm: z.literal("yes", "Confirm the offboarding first.") }),
  async ({ tenantId }, staff) => {
    if (!(await offboardTenant(tenantId, staff.email))) return { ok: false, message: "This tenant was already offboarded." };
    revalidatePath("/tenants");
    redirect("/tenants?offboarded=1");
  },
);
