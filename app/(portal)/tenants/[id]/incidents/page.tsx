import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { BulkTriage } from "@/components/incidents/bulk-triage";
import { ChangesNotice } from "@/components/incidents/changes-notice";
import { IncidentFilters } from "@/components/incidents/filters";
import { IncidentRows } from "@/components/incidents/incident-rows";
import { SEVERITY_LABEL } from "@/components/incidents/labels";
import { ProblemPanel } from "@/components/incidents/problem";
import { RefreshButton } from "@/components/incidents/refresh-button";
import { SyncStatusList } from "@/components/incidents/sync-status";
import { Pager } from "@/components/ui/pager";
import { staffSeen } from "@/lib/auth/staff";
import { mayAct } from "@/lib/auth/access";
import { requireStaff } from "@/lib/auth/session";
import { SEVERITIES } from "@/lib/incidents/model";
import { IncidentQuery } from "@/lib/incidents/query";
import { countBySeverity, findIncidents, storeVersion } from "@/lib/incidents/store";
import { tenantSyncStatus } from "@/lib/incidents/sync-status";
import { settableStatuses } from "@/lib/incidents/triage";
import { narrowScope } from "@/lib/scopes";
import { withParams, type SearchParams } from "@/lib/search-params";
import { findTenant } from "@/lib/tenants";

import { bulkTriageAction } from "../../../incidents/actions";
import { tenantTitle } from "../tenant-title";

export const generateMetadata = ({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> => tenantTitle(params, (tenant) => `${tenant} incidents`);

export default async function TenantIncidentsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff();
  const tenant = await findTenant(staff.scope, (await params).id);
  if (!tenant) notFound();
  const raw = await searchParams;
  const query = IncidentQuery.parse(raw);
  // Read before the rows: a change committed in between makes the notice show, never hides it.
  const version = await storeVersion(staff.scope, { tenantId: tenant.id });
  const scope = narrowScope(staff.scope, [tenant.id]);
  const [result, counts, status, assignees] = await Promise.all([findIncidents(scope, query), countBySeverity(scope, query), tenantSyncStatus(tenant), staffSeen()]);
  return (
    <>
      <Link href={`/tenants/${tenant.id}`} className="text-sm text-blue-700 underline">
        ← {tenant.displayName}
      </Link>
      <div className="mb-4 mt-2 flex flex-wrap items-baseline gap-4">
        <h1 className="text-2xl font-semibold">Incidents — {tenant.displayName}</h1>
        {tenant.status === "consented" && <RefreshButton tenantIds={[tenant.id]} />}
      </div>
      <ChangesNotice key={version} version={version} tenantId={tenant.id} subject="This tenant's incidents" />
      <SyncStatusList statuses={[status]} />
      {status.problem && (
        <div className="mb-4">
          <ProblemPanel problem={status.problem} />
        </div>
      )}
      <IncidentFilters query={query} assignees={assignees} />
      <ul aria-label="Counts by severity" className="mb-4 flex flex-wrap gap-4 text-sm">
        {SEVERITIES.map((severity) => (
          <li key={severity}>
            {SEVERITY_LABEL[severity]}: <strong>{counts[severity]}</strong>
          </li>
        ))}
      </ul>
      <p className="mb-2 text-sm text-slate-600">
        {result.total.toLocaleString("en")} {result.total === 1 ? "incident" : "incidents"}
      </p>
      {result.incidents.length === 0 ? (
        <p className="text-slate-600">No incidents match these filters.</p>
      ) : (
        <>
          {mayAct(staff.role) && <BulkTriage action={bulkTriageAction} me={staff.email} statuses={settableStatuses()} />}
          <IncidentRows incidents={result.incidents} selectable={mayAct(staff.role)} />
        </>
      )}
      <Pager page={result.page} pages={result.pages} href={(page) => withParams(raw, { page: String(page) })} />
    </>
  );
}
