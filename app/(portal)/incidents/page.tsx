import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { BulkTriage } from "@/components/incidents/bulk-triage";
import { ChangesNotice } from "@/components/incidents/changes-notice";
import { IncidentFilters } from "@/components/incidents/filters";
import { IncidentRows } from "@/components/incidents/incident-rows";
import { SavedViews } from "@/components/incidents/saved-views";
import { RefreshButton } from "@/components/incidents/refresh-button";
import { SyncStatusList } from "@/components/incidents/sync-status";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { staffSeen } from "@/lib/auth/staff";
import { mayAct } from "@/lib/auth/access";
import { requireStaff } from "@/lib/auth/session";
import { FIRST_DIR, IncidentQuery } from "@/lib/incidents/query";
import { findIncidents, storeVersion } from "@/lib/incidents/store";
import { defaultViewQuery, listViews, viewQuery } from "@/lib/incidents/views";
import { tenantSyncStatuses } from "@/lib/incidents/sync-status";
import { narrowScope } from "@/lib/scopes";
import { listGroups } from "@/lib/scopes/groups";
import { settableStatuses } from "@/lib/incidents/triage";
import { listTenants } from "@/lib/tenants";
import { withParams, type SearchParams } from "@/lib/search-params";

import { bulkTriageAction } from "./actions";
import { deleteViewAction, saveViewAction, setDefaultViewAction } from "./view-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("IncidentsPage"))("title") };
}

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  // The queue opened bare (from the menu): with the staff member's default view, if they chose one.
  if (Object.keys(params).length === 0) {
    const standard = await defaultViewQuery(staff.email);
    if (standard) redirect(`/incidents?${standard}`);
  }
  const query = IncidentQuery.parse(params);
  // The version is of everything the staff member sees, as the changes notice polls it. Read before
  // the rows: a change committed in between makes the notice show, never hides it.
  const [groups, version] = await Promise.all([listGroups(staff.scope), storeVersion(staff.scope)]);
  const group = groups.find((candidate) => candidate.id === query.group);
  const scope = group ? narrowScope(staff.scope, group.tenantIds) : staff.scope;
  const [result, statuses, assignees, awaiting, views] = await Promise.all([
    findIncidents(scope, query),
    tenantSyncStatuses(scope),
    staffSeen(),
    listTenants(scope, { status: ["pending", "verifying", "denied", "error"] }),
    listViews(staff.email),
  ]);
  const names = new Map(statuses.map((status) => [status.tenantId, status.name]));
  const [t, list] = await Promise.all([getTranslations("IncidentsPage"), getTranslations("IncidentList")]);
  return (
    <>
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      {statuses.length === 0 && !group ? (
        <EmptyState title={t("noTenantsTitle")}>{t("noTenantsBody")}</EmptyState>
      ) : (
        <>
          <div className="mb-2 flex flex-wrap items-baseline gap-4">
            <RefreshButton />
            <a href={`/api/incidents/export${withParams(params, { page: undefined, size: undefined })}`} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100">
              {t("exportCsv")}
            </a>
          </div>
          <ChangesNotice key={version} version={version} subject="queue" />
          <SyncStatusList statuses={statuses} />
          {awaiting.length > 0 && (
            <p className="mb-4 text-sm">
              {list("awaiting")}{" "}
              {awaiting.map((tenant, index) => (
                <span key={tenant.id}>
                  {index > 0 && ", "}
                  <Link href={`/tenants/${tenant.id}`} className="text-blue-700 underline" translate="no">
                    {tenant.displayName}
                  </Link>
                </span>
              ))}
            </p>
          )}
          <SavedViews views={views} current={viewQuery(params)} actions={{ save: saveViewAction, remove: deleteViewAction, setDefault: setDefaultViewAction }} />
          <IncidentFilters query={query} assignees={assignees} groups={groups} tenants={statuses.map((status) => ({ id: status.tenantId, name: status.name }))} />
          <p className="mb-2 text-lg font-semibold">
            {list("count", { count: result.total })}
          </p>
          {result.incidents.length === 0 ? (
            <p className="text-slate-600">{list("noMatch")}</p>
          ) : (
            <>
              {mayAct(staff.role) && (
                <BulkTriage action={bulkTriageAction} me={staff.email} statuses={settableStatuses()} />
              )}
              <IncidentRows
                incidents={result.incidents}
                tenantNames={names}
                selectable={mayAct(staff.role)}
                sort={{ sort: query.sort, dir: query.dir ?? FIRST_DIR[query.sort], href: (sort, dir) => withParams(params, { sort, dir, page: undefined }) }}
              />
            </>
          )}
          <Pager page={result.page} pages={result.pages} href={(page) => withParams(params, { page: String(page) })} />
        </>
      )}
    </>
  );
}
