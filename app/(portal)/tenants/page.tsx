import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { AddTenantForm } from "@/components/tenants/add-tenant-form";
import { ConsentProblem } from "@/components/tenants/consent-problem";
import { StatusBadge } from "@/components/tenants/status-badge";
import { ActionButton } from "@/components/ui/action-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { Cell, Row, Table } from "@/components/ui/table";
import { requireStaff } from "@/lib/auth/session";
import { groupsOfTenants, listGroups } from "@/lib/scopes/groups";
import { single, type SearchParams } from "@/lib/search-params";
import { listTenants } from "@/lib/tenants";

import { addTenantAction, verifyAllTenantsAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Tenants"))("title") };
}

export default async function TenantsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const { offboarded, group } = { offboarded: single(params.offboarded), group: single(params.group) };
  const [all, groups] = await Promise.all([listTenants(staff.scope), listGroups(staff.scope)]);
  const groupsOf = await groupsOfTenants(all.map((tenant) => tenant.id));
  const tenants = group ? all.filter((tenant) => groupsOf.get(tenant.id)?.some((g) => g.id === group)) : all;
  const admin = staff.role === "admin";
  const [t, common] = await Promise.all([getTranslations("Tenants"), getTranslations("Common")]);
  const none = <span className="text-slate-400">{common("none")}</span>;
  const columns = (["customer", "groups", "status", "rolesGranted", "consented", "lastVerified", "lastError"] as const).map((name) => t(`columns.${name}`));
  return (
    <>
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      {offboarded && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          {t("offboarded")}
        </p>
      )}
      {admin && (
        <div className="mb-6 space-y-4">
          <AddTenantForm action={addTenantAction} />
          {tenants.length > 0 && <ActionButton action={verifyAllTenantsAction} label={t("verifyAll")} pendingLabel={t("verifyingAll")} />}
        </div>
      )}
      {groups.length > 0 && all.length > 0 && (
        <form className="mb-4 flex flex-wrap items-end gap-3 text-sm">
          <label className="grid gap-1">
            {t("group")}
            <select name="group" defaultValue={group ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
              <option value="">{t("allGroups")}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id} translate="no">
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            {t("filter")}
          </button>
        </form>
      )}
      {tenants.length === 0 && group ? (
        <p className="text-slate-600">{t("noneInGroup")}</p>
      ) : tenants.length === 0 ? (
        <EmptyState title={t("empty.title")}>{admin ? t("empty.admin") : t("empty.staff")}</EmptyState>
      ) : (
        <Table columns={columns} label={t("title")}>
            {tenants.map((tenant) => (
              <Row key={tenant.id}>
                <Cell>
                  <Link href={`/tenants/${tenant.id}`} translate="no" className="font-medium text-blue-700 underline">
                    {tenant.displayName}
                  </Link>
                  <div translate="no" className="font-mono text-xs text-slate-500">{tenant.domain ?? tenant.id}</div>
                </Cell>
                <Cell translate="no">{groupsOf.get(tenant.id)?.map((g) => g.name).join(", ") ?? none}</Cell>
                <Cell>
                  <StatusBadge status={tenant.status} />
                </Cell>
                <Cell translate="no">{tenant.grantedRoles.join(", ") || none}</Cell>
                <Cell>
                  <Time value={tenant.consentedAt} />
                </Cell>
                <Cell>
                  <Time value={tenant.verifiedAt} />
                </Cell>
                <Cell className="max-w-xs text-slate-700">{tenant.lastError === null ? none : <ConsentProblem tenant={tenant} />}</Cell>
              </Row>
            ))}
          </Table>
      )}
    </>
  );
}
