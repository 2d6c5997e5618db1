import type { Metadata } from "next";
import Link from "next/link";

import { ActionForm } from "@/components/ui/action-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Row, Table } from "@/components/ui/table";
import { requireStaff } from "@/lib/auth/session";
import { listGroups } from "@/lib/scopes/groups";
import { tenantNames } from "@/lib/tenants";

import { createGroupAction } from "./actions";
import { single, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Tenant groups" };

export default async function GroupsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const deleted = single((await searchParams).deleted);
  const groups = await listGroups(staff.scope);
  const names = await tenantNames(staff.scope, groups.flatMap((group) => group.tenantIds));
  return (
    <>
      <PageHeader title="Tenant groups">Customers you give staff together, such as a region or a service level. A tenant can be in several groups.</PageHeader>
      {deleted && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          The group was deleted. Staff access that named it no longer does.
        </p>
      )}
      <div className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <ActionForm action={createGroupAction} label="Create group" pendingLabel="Creating…">
          <label className="grid max-w-md gap-1 text-sm">
            New group&apos;s name
            <input name="name" required maxLength={80} placeholder="Region NL" className="rounded-md border border-slate-300 px-3 py-2" />
          </label>
        </ActionForm>
      </div>
      {groups.length === 0 ? (
        <EmptyState title="No tenant groups yet">Create a group, put tenants in it, then give staff access to it under Staff access.</EmptyState>
      ) : (
        <Table columns={["Group", "Tenants"]}>
            {groups.map((group) => (
              <Row key={group.id}>
                <Cell>
                  <Link href={`/groups/${group.id}`} className="font-medium text-blue-700 underline">
                    {group.name}
                  </Link>
                </Cell>
                <Cell>
                  {group.tenantIds.length === 0 ? <span className="text-slate-500">None yet</span> : group.tenantIds.map((id) => names.get(id)).sort().join(", ")}
                </Cell>
              </Row>
            ))}
          </Table>
      )}
    </>
  );
}
