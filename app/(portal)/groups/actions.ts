"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";

import { adminAction, formList } from "@/lib/auth/actions";
import { createGroup, deleteGroup, GroupName, renameGroup, setGroupTenants } from "@/lib/scopes/groups";

const GroupRef = z.object({ groupId: z.uuid("Unknown group.") });

export const createGroupAction = adminAction(z.object({ name: GroupName }), async ({ name }, staff) => {
  const result = await createGroup(name, staff.email);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: { name: [result.message] } };
  revalidatePath("/groups");
  redirect(`/groups/${result.group.id}`);
});

export const renameGroupAction = adminAction(GroupRef.extend({ name: GroupName }), async ({ groupId, name }, staff) => {
  const result = await renameGroup(groupId, name, staff.email);
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/groups", "layout");
  return { ok: true, message: `Renamed to ${name}.` };
});

export const setGroupTenantsAction = adminAction(GroupRef.extend({ tenantIds: formList(z.array(z.uuid()).max(10_000)) }), async ({ groupId, tenantIds }, staff) => {
  const result = await setGroupTenants(groupId, tenantIds, staff.email);
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/groups", "layout");
  const count = result.group.tenantIds.length;
  return { ok: true, message: `${result.group.name} has ${count} ${count === 1 ? "tenant" : "tenants"}.` };
});

export const deleteGroupAction = adminAction(GroupRef.extend({ confirm: z.literal("yes", "Confirm the deletion first.") }), async ({ groupId }, staff) => {
  if (!(await deleteGroup(groupId, staff.email))) return { ok: false, message: "This group was already deleted." };
  revalidatePath("/groups");
  redirect("/groups?deleted=1");
});
