"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";

import { adminAction, formList } from "@/lib/auth/actions";
import { createGroup, deleteGroup, GroupName, renameGroup, setGroupTenants } from "@/lib/scopes/groups";

const GroupRef = z.object({ groupId: z.uuid("TenantGroups.errors.unknownGroup") });

export const createGroupAction = adminAction(z.object({ name: GroupName }), async ({ name }, staff) => {
  const result = await createGroup(name, staff.email);
  if (!result.ok) {
    const message = (await getTranslations("TenantGroups"))(`errors.${result.problem}`, { name });
    return { ok: false, message, fieldErrors: { name: [message] } };
  }
  revalidatePath("/groups");
  redirect(`/groups/${result.group.id}`);
});

export const renameGroupAction = adminAction(GroupRef.extend({ name: GroupName }), async ({ groupId, name }, staff) => {
  const result = await renameGroup(groupId, name, staff.email);
  const t = await getTranslations("TenantGroups");
  if (!result.ok) return { ok: false, message: t(`errors.${result.problem}`, { name }) };
  revalidatePath("/groups", "layout");
  return { ok: true, message: t("renamed", { name }) };
});

export const setGroupTenantsAction = adminAction(GroupRef.extend({ tenantIds: formList(z.array(z.uuid()).max(10_000)) }), async ({ groupId, tenantIds }, staff) => {
  const result = await setGroupTenants(groupId, tenantIds, staff.email);
  const t = await getTranslations("TenantGroups");
  if (!result.ok) return { ok: false, message: t(`errors.${result.problem}`) };
  revalidatePath("/groups", "layout");
  return { ok: true, message: t("tenantCount", { name: result.group.name, count: result.group.tenantIds.length }) };
});

export const deleteGroupAction = adminAction(GroupRef.extend({ confirm: z.literal("yes", "TenantGroups.errors.confirm") }), async ({ groupId }, staff) => {
  if (!(await deleteGroup(groupId, staff.email))) return { ok: false, message: (await getTranslations("TenantGroups"))("errors.alreadyDeleted") };
  revalidatePath("/groups");
  redirect("/groups?deleted=1");
});
