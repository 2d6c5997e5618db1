import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { ActionForm } from "@/components/ui/action-form";
import { CheckboxList } from "@/components/ui/checkbox-list";
import { requireStaff } from "@/lib/auth/session";
import { findGroup } from "@/lib/scopes/groups";
import { listTenants } from "@/lib/tenants";

import { deleteGroupAction, renameGroupAction, setGroupTenantsAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("TenantGroups"))("group.title") };
}

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff("admin");
  const group = await findGroup(staff.scope, (await params).id);
  if (!group) notFound();
  const tenants = await listTenants(staff.scope);
  const t = await getTranslations("TenantGroups.group");
  return (
    <>
      <Link href="/groups" className="text-sm text-blue-700 underline">
        {t("back")}
      </Link>
      <h1 className="mb-6 mt-2 text-2xl font-semibold" translate="no">
        {group.name}
      </h1>
      <div className="grid gap-6">
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <ActionForm action={setGroupTenantsAction} label={t("saveTenants")} pendingLabel={t("saving")}>
            <input type="hidden" name="groupId" value={group.id} />
            <CheckboxList legend={t("tenantsInGroup")} name="tenantIds" items={tenants.map((tenant) => ({ id: tenant.id, label: tenant.displayName }))} checked={group.tenantIds} />
          </ActionForm>
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <ActionForm action={renameGroupAction} label={t("rename")} pendingLabel={t("renaming")}>
            <input type="hidden" name="groupId" value={group.id} />
            <label className="grid max-w-md gap-1 text-sm">
              {t("name")}
              <input name="name" required maxLength={80} defaultValue={group.name} className="rounded-md border border-slate-300 px-3 py-2" />
            </label>
          </ActionForm>
        </section>
        <section className="rounded-lg border border-red-200 bg-red-50 p-4">
          <ActionForm action={deleteGroupAction} label={t("delete")} pendingLabel={t("deleting")}>
            <input type="hidden" name="groupId" value={group.id} />
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="confirm" value="yes" required />
              <span>{t.rich("confirmDelete", { name: group.name, data: (chunks) => <span translate="no">{chunks}</span> })}</span>
            </label>
          </ActionForm>
        </section>
      </div>
    </>
  );
}
