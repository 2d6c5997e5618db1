import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { ChangesNotice } from "@/components/incidents/changes-notice";
import { IncidentAlerts, IncidentComments, IncidentDescription, IncidentSummary } from "@/components/incidents/incident-detail";
import { ProblemPanel, ProblemWords } from "@/components/incidents/problem";
import { ConsentLinkPanel } from "@/components/tenants/consent-link-panel";
import { IncidentHistory } from "@/components/incidents/incident-history";
import { TriagePanel } from "@/components/incidents/triage-panel";
import { incidentHistory } from "@/lib/audit";
import { staffSeen } from "@/lib/auth/staff";
import { mayAct } from "@/lib/auth/access";
import { requireStaff, type Staff } from "@/lib/auth/session";
import { incidentDetail } from "@/lib/incidents";
import { storeVersion } from "@/lib/incidents/store";
import type { IncidentDetail } from "@/lib/incidents/model";
import { triagePermission } from "@/lib/incidents/triage";
import { findTenant, type Tenant } from "@/lib/tenants";

import { createConsentLinkAction } from "../../../actions";
import { tenantTitle } from "../../tenant-title";
import { triageIncidentAction } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ id: string; incidentId: string }> }): Promise<Metadata> {
  const [{ incidentId }, t] = await Promise.all([params, getTranslations("IncidentPage")]);
  return tenantTitle(params, (tenant) => t("title", { id: incidentId, tenant }));
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string; incidentId: string }> }) {
  const staff = await requireStaff();
  const { id, incidentId } = await params;
  const tenant = await findTenant(staff.scope, id);
  if (!tenant) notFound();
  // Read before the incident: a change committed in between makes the notice show, never hides it.
  const version = await storeVersion(staff.scope, { tenantId: tenant.id, incidentId });
  const result = await incidentDetail(tenant.id, incidentId);
  if (!result.ok && result.problem.kind === "not_found") notFound();
  const shown = result.ok ? result.incident : result.stored;
  const [t, rows] = await Promise.all([getTranslations("IncidentPage"), getTranslations("IncidentRows")]);
  return (
    <article>
      <Link href={`/tenants/${tenant.id}/incidents`} className="text-sm text-blue-700 underline">
        {t.rich("back", { tenant: tenant.displayName, name: (chunks) => <span translate="no">{chunks}</span> })}
      </Link>
      {shown && (
        <h1 className="mt-2 break-words text-2xl font-semibold" dir="auto" translate={shown.title ? "no" : undefined}>
          {shown.title || rows("untitled", { id: shown.id })}
        </h1>
      )}
      <div className="mt-4">
        <ChangesNotice key={version} version={version} tenantId={tenant.id} incidentId={incidentId} subject="incident" />
      </div>
      {!result.ok && (
        <div className="mt-4 space-y-2">
          <ProblemPanel problem={result.problem} />
          {result.stored && <p className="text-sm text-amber-800">{t("staleCopy")}</p>}
        </div>
      )}
      {shown && <IncidentSummary incident={shown} />}
      {result.ok && (
        <Triage staff={staff} tenant={tenant} incident={result.incident} />
      )}
      {result.ok && (
        <>
          <IncidentDescription incident={result.incident} />
          <IncidentAlerts alerts={result.incident.alerts} />
          <IncidentComments incident={result.incident} />
        </>
      )}
      <IncidentHistory events={await incidentHistory(tenant.id, incidentId)} />
    </article>
  );
}

/** The triage actions, or why there are none: a Reader, a merged incident, a read-only consent. */
async function Triage({ staff, tenant, incident }: { staff: Staff; tenant: Tenant; incident: IncidentDetail }) {
  const t = await getTranslations("IncidentPage");
  if (!mayAct(staff.role)) return <Notice>{t("readerNotice")}</Notice>;
  if (incident.status === "redirected") {
    return (
      <Notice>
        <ProblemWords text={{ key: "merged" }} />
      </Notice>
    );
  }
  const permission = triagePermission(tenant);
  if (!permission.allowed) {
    return (
      <>
        <Notice>
          <ProblemWords text={permission.reason} /> {permission.writeAccessMissing && (staff.role === "admin" ? t("writeAccessAdmin") : t("writeAccessOther"))}
        </Notice>
        {permission.writeAccessMissing && staff.role === "admin" && <ConsentLinkPanel action={createConsentLinkAction} tenantId={tenant.id} />}
      </>
    );
  }
  return <TriagePanel action={triageIncidentAction} incident={incident} me={staff.email} colleagues={await staffSeen()} statuses={permission.statuses} />;
}

function Notice({ children }: { children: ReactNode }) {
  return <p className="my-4 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">{children}</p>;
}
