import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { ActionForm } from "@/components/ui/action-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Row, Table } from "@/components/ui/table";
import { requireStaff } from "@/lib/auth/session";
import { listGroups } from "@/lib/scopes/groups";
import { tenantNames } from "@/lib/tenants";

import { createGroupAction } from "./actions";
import { single, type SearchParams } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("TenantGroups"))("title") };
}

export default async function GroupsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const deleted = single((await searchParams).deleted);
  const groups = await listGroups(staff.scope);
  const names = await tenantNames(staff.scope, groups.flatMap((group) => group.tenantIds));
  const t = await getTranslations("TenantGroups");
  return (
    <>
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      {deleted && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          {t("deleted")}
        </p>
      )}
      <div className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <ActionForm action={createGroupAction} label={t("create")} pendingLabel={t("creating")}>
          <label className="grid max-w-md gap-1 text-sm">
            {t("newName")}
            <input name="name" required maxLength={80} placeholder={t("namePlaceholder")} className="rounded-md border border-slate-300 px-3 py-2" />
          </label>
        </ActionForm>
      </div>
      {groups.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <Table label={t("title")} columns={[t("columns.group"), t("columns.tenants")]}>
            {groups.map((group) => (
              <Row key={group.id}>
                <Cell>
                  <Link href={`/groups/${group.id}`} className="font-medium text-blue-700 underline" translate="no">
                    {group.name}
                  </Link>
                </Cell>
                <Cell>
                  {group.tenantIds.length === 0 ? (
                    <span className="text-slate-500">{t("noneYet")}</span>
                  ) : (
                    <span translate="no">{group.tenantIds.map((id) => names.get(id)).sort().join(", ")}</span>
                  )}
                </Cell>
              </Row>
            ))}
          </Table>
      )}
    </>
  );
}
