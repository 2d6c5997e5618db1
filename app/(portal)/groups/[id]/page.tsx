import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { ActionForm } from "@/components/ui/action-form";
import { CheckboxList } from "@/components/ui/checkbox-list";
import { requireStaff } from "@/lib/auth/session";
import { findGroup } from "@/lib/scopes/groups";
import { listTenants } from "@/lib/tenants";

import { deleteGroupAction, renameGroupAction, setGroupTenantsAction } from "../actions";

export const metadata: Metadata = { title: "Tenant group" };

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff("admin");
  const group = await findGroup(staff.scope, (await params).id);
  if (!group) notFound();
  const tenants = await listTenants(staff.scope);
  return (
    <>
      <Link href="/groups" className="text-sm text-blue-700 underline">
        ← All groups
      </Link>
      <h1 className="mb-6 mt-2 text-2xl font-semibold">{group.name}</h1>
      <div className="grid gap-6">
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <ActionForm action={setGroupTenantsAction} label="Save tenants" pendingLabel="Saving…">
            <input type="hidden" name="groupId" value={group.id} />
            <CheckboxList legend="Tenants in this group" name="tenantIds" items={tenants.map((tenant) => ({ id: tenant.id, label: tenant.displayName }))} checked={group.tenantIds} />
          </ActionForm>
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <ActionForm action={renameGroupAction} label="Rename" pendingLabel="Renaming…">
            <input type="hidden" name="groupId" value={group.id} />
            <label className="grid max-w-md gap-1 text-sm">
              Name
              <input name="name" required maxLength={80} defaultValue={group.name} className="rounded-md border border-slate-300 px-3 py-2" />
            </label>
          </ActionForm>
        </section>
        <section className="rounded-lg border border-red-200 bg-red-50 p-4">
          <ActionForm action={deleteGroupAction} label="Delete group" pendingLabel="Deleting…">
            <input type="hidden" name="groupId" value={group.id} />
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="confirm" value="yes" required />
              Delete {group.name}: staff access that names it no longer does. Its tenants stay.
            </label>
          </ActionForm>
        </section>
      </div>
    </>
  );
}
