import type { Metadata } from "next";

import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { Cell, Row, Table } from "@/components/ui/table";
import { AUDIT_ACTIONS, listAuditEvents } from "@/lib/audit";
import { requireStaff } from "@/lib/auth/session";
import { listTenants } from "@/lib/tenants";
import { single, withParams, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const params = await searchParams;
  const [tenant, action] = [single(params.tenant), single(params.action)];
  const [events, tenants] = await Promise.all([
    listAuditEvents({ target: tenant || undefined, action: action || undefined, take: 200 }),
    listTenants(staff.scope),
  ]);
  const tenantName = new Map(tenants.map((t) => [t.id, t.displayName]));
  return (
    <>
      <PageHeader title="Audit log">Who did what, and when. Newest first: the latest 200 here, every one in the CSV export.</PageHeader>
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <label className="grid gap-1">
          Tenant
          <select name="tenant" defaultValue={tenant ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">All tenants</option>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          Action
          <select name="action" defaultValue={action ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">All actions</option>
            {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          Filter
        </button>
        <a href={`/api/audit/export${withParams(params, {})}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          Export CSV
        </a>
      </form>
      {events.length === 0 ? (
        <EmptyState title="Nothing recorded">Sign-ins, onboarding, consent and offboarding events are recorded here.</EmptyState>
      ) : (
        <Table columns={["When", "Who", "What", "Tenant", "Details"]}>
            {events.map((event) => (
              <Row key={String(event.id)}>
                <Cell className="whitespace-nowrap">
                  <Time value={event.at} />
                </Cell>
                <Cell>{event.actor}</Cell>
                <Cell>{AUDIT_ACTIONS[event.action] ?? event.action}</Cell>
                <Cell>{event.target ? (tenantName.get(event.target) ?? <span className="font-mono text-xs">{event.target}</span>) : "—"}</Cell>
                <Cell className="max-w-md break-words font-mono text-xs text-slate-600">{JSON.stringify(event.details)}</Cell>
              </Row>
            ))}
          </Table>
      )}
    </>
  );
}
