import type { Metadata } from "next";

import { BulkTriage } from "@/components/incidents/bulk-triage";
import { ChangesNotice } from "@/components/incidents/changes-notice";
import { IncidentFilters } from "@/components/incidents/filters";
import { IncidentRows } from "@/components/incidents/incident-rows";
import { RefreshButton } from "@/components/incidents/refresh-button";
import { SyncStatusList } from "@/components/incidents/sync-status";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { staffSeen } from "@/lib/auth/staff";
import { mayAct } from "@/lib/auth/access";
import { requireStaff } from "@/lib/auth/session";
import { IncidentQuery } from "@/lib/incidents/query";
import { findIncidents, storeVersion } from "@/lib/incidents/store";
import { tenantSyncStatuses } from "@/lib/incidents/sync-status";
import { narrowScope } from "@/lib/scopes";
import { listGroups } from "@/lib/scopes/groups";
import { settableStatuses } from "@/lib/incidents/triage";
import { withParams, type SearchParams } from "@/lib/search-params";

import { bulkTriageAction } from "./actions";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const query = IncidentQuery.parse(params);
  // The version is of everything the staff member sees, as the changes notice polls it. Read before
  // the rows: a change committed in between makes the notice show, never hides it.
  const [groups, version] = await Promise.all([listGroups(staff.scope), storeVersion(staff.scope)]);
  const group = groups.find((candidate) => candidate.id === query.group);
  const scope = group ? narrowScope(staff.scope, group.tenantIds) : staff.scope;
  const [result, statuses, assignees] = await Promise.all([findIncidents(scope, query), tenantSyncStatuses(scope), staffSeen()]);
  const names = new Map(statuses.map((status) => [status.tenantId, status.name]));
  return (
    <>
      <PageHeader title="Incidents">Microsoft Defender incidents of every consented customer tenant, as the portal last synced them.</PageHeader>
      {statuses.length === 0 && !group ? (
        <EmptyState title="No consented tenants yet">Add tenants and send their consent links first; their incidents appear here once they accept.</EmptyState>
      ) : (
        <>
          <div className="mb-2 flex flex-wrap items-baseline gap-4">
            <RefreshButton />
            <a href={`/api/incidents/export${withParams(params, { page: undefined, size: undefined })}`} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100">
              Export CSV
            </a>
          </div>
          <ChangesNotice key={version} version={version} subject="Incidents" />
          <SyncStatusList statuses={statuses} />
          <IncidentFilters query={query} assignees={assignees} groups={groups} />
          <p className="mb-2 text-sm text-slate-600">
            {result.total.toLocaleString("en")} {result.total === 1 ? "incident" : "incidents"}
          </p>
          {result.incidents.length === 0 ? (
            <p className="text-slate-600">No incidents match these filters.</p>
          ) : (
            <>
              {mayAct(staff.role) && (
                <BulkTriage action={bulkTriageAction} me={staff.email} statuses={settableStatuses()} />
              )}
              <IncidentRows incidents={result.incidents} tenantNames={names} selectable={mayAct(staff.role)} />
            </>
          )}
          <Pager page={result.page} pages={result.pages} href={(page) => withParams(params, { page: String(page) })} />
        </>
      )}
    </>
  );
}
