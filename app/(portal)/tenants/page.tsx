import type { Metadata } from "next";
import Link from "next/link";

import { AddTenantForm } from "@/components/tenants/add-tenant-form";
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

export const metadata: Metadata = { title: "Tenants" };

export default async function TenantsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const { offboarded, group } = { offboarded: single(params.offboarded), group: single(params.group) };
  const [all, groups] = await Promise.all([listTenants(staff.scope), listGroups(staff.scope)]);
  const groupsOf = await groupsOfTenants(all.map((tenant) => tenant.id));
  const tenants = group ? all.filter((tenant) => groupsOf.get(tenant.id)?.some((g) => g.id === group)) : all;
  const admin = staff.role === "admin";
  return (
    <>
      <PageHeader title="Tenants">Your customers&apos; Microsoft Entra ID tenants and their consent status.</PageHeader>
      {offboarded && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          The tenant was offboarded. Its audit trail is kept.
        </p>
      )}
      {admin && (
        <div className="mb-6 space-y-4">
          <AddTenantForm action={addTenantAction} />
          {tenants.length > 0 && <ActionButton action={verifyAllTenantsAction} label="Verify all tenants" pendingLabel="Verifying all…" />}
        </div>
      )}
      {groups.length > 0 && all.length > 0 && (
        <form className="mb-4 flex flex-wrap items-end gap-3 text-sm">
          <label className="grid gap-1">
            Group
            <select name="group" defaultValue={group ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
              <option value="">All groups</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            Filter
          </button>
        </form>
      )}
      {tenants.length === 0 && group ? (
        <p className="text-slate-600">No tenant you see is in this group.</p>
      ) : tenants.length === 0 ? (
        <EmptyState title="No customer tenants yet">
          {admin
            ? "Add a customer's tenant above, then send its Global Administrator the consent link."
            : "A portal administrator adds customer tenants; they appear here with their consent status."}
        </EmptyState>
      ) : (
        <Table columns={["Customer", "Groups", "Status", "Roles granted", "Consented", "Last verified", "Last error"]}>
            {tenants.map((tenant) => (
              <Row key={tenant.id}>
                <Cell>
                  <Link href={`/tenants/${tenant.id}`} className="font-medium text-blue-700 underline">
                    {tenant.displayName}
                  </Link>
                  <div className="font-mono text-xs text-slate-500">{tenant.domain ?? tenant.id}</div>
                </Cell>
                <Cell>{groupsOf.get(tenant.id)?.map((g) => g.name).join(", ") ?? <span className="text-slate-400">—</span>}</Cell>
                <Cell>
                  <StatusBadge status={tenant.status} />
                </Cell>
                <Cell>{tenant.grantedRoles.join(", ") || <span className="text-slate-400">—</span>}</Cell>
                <Cell>
                  <Time value={tenant.consentedAt} />
                </Cell>
                <Cell>
                  <Time value={tenant.verifiedAt} />
                </Cell>
                <Cell className="max-w-xs text-slate-700">{tenant.lastError ?? <span className="text-slate-400">—</span>}</Cell>
              </Row>
            ))}
          </Table>
      )}
    </>
  );
}
