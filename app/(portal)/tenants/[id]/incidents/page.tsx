import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";

import { BulkTriage } from "@/components/incidents/bulk-triage";
import { ChangesNotice } from "@/components/incidents/changes-notice";
import { IncidentFilters } from "@/components/incidents/filters";
import { IncidentRows } from "@/components/incidents/incident-rows";
import { ProblemPanel } from "@/components/incidents/problem";
import { RefreshButton } from "@/components/incidents/refresh-button";
import { SyncStatusList } from "@/components/incidents/sync-status";
import { Pager } from "@/components/ui/pager";
import { staffSeen } from "@/lib/auth/staff";
import { mayAct } from "@/lib/auth/access";
import { requireStaff } from "@/lib/auth/session";
import { SEVERITIES } from "@/lib/incidents/model";
import { FIRST_DIR, IncidentQuery } from "@/lib/incidents/query";
import { countBySeverity, findIncidents, storeVersion } from "@/lib/incidents/store";
import { tenantSyncStatus } from "@/lib/incidents/sync-status";
import { settableStatuses } from "@/lib/incidents/triage";
import { narrowScope } from "@/lib/scopes";
import { withParams, type SearchParams } from "@/lib/search-params";
import { findTenant } from "@/lib/tenants";

import { bulkTriageAction } from "../../../incidents/actions";
import { tenantTitle } from "../tenant-title";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const t = await getTranslations("TenantIncidents");
  return tenantTitle(params, (tenant) => t("title", { tenant }));
}

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
  const [t, list, labels, format] = await Promise.all([getTranslations("TenantIncidents"), getTranslations("IncidentList"), getTranslations("Labels"), getFormatter()]);
  return (
    <>
      <Link href={`/tenants/${tenant.id}`} className="text-sm text-blue-700 underline" translate="no">
        ← {tenant.displayName}
      </Link>
      <div className="mb-4 mt-2 flex flex-wrap items-baseline gap-4">
        <h1 className="text-2xl font-semibold">{t.rich("heading", { tenant: tenant.displayName, name: (chunks) => <span translate="no">{chunks}</span> })}</h1>
        {tenant.status === "consented" && <RefreshButton tenantIds={[tenant.id]} />}
      </div>
      <ChangesNotice key={version} version={version} tenantId={tenant.id} subject="tenant" />
      <SyncStatusList statuses={[status]} />
      {status.problem && (
        <div className="mb-4">
          <ProblemPanel problem={status.problem} />
        </div>
      )}
      <IncidentFilters query={query} assignees={assignees} />
      <ul aria-label={t("countsBySeverity")} className="mb-4 flex flex-wrap gap-4 text-sm">
        {SEVERITIES.map((severity) => (
          <li key={severity}>
            {labels(`severity.${severity}`)}: <strong>{format.number(counts[severity])}</strong>
          </li>
        ))}
      </ul>
      <p className="mb-2 text-lg font-semibold">{list("count", { count: result.total })}</p>
      {result.incidents.length === 0 ? (
        <p className="text-slate-600">{list("noMatch")}</p>
      ) : (
        <>
          {mayAct(staff.role) && <BulkTriage action={bulkTriageAction} me={staff.email} statuses={settableStatuses()} />}
          <IncidentRows
            incidents={result.incidents}
            selectable={mayAct(staff.role)}
            sort={{ sort: query.sort, dir: query.dir ?? FIRST_DIR[query.sort], href: (sort, dir) => withParams(raw, { sort, dir, page: undefined }) }}
          />
        </>
      )}
      <Pager page={result.page} pages={result.pages} href={(page) => withParams(raw, { page: String(page) })} />
    </>
  );
}
