import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { IncidentAlerts, IncidentComments, IncidentDescription, IncidentSummary } from "@/components/incidents/incident-detail";
import { ProblemPanel } from "@/components/incidents/problem";
import { requireStaff } from "@/lib/auth/session";
import { incidentDetail } from "@/lib/incidents";
import { findTenant } from "@/lib/tenants";

export const metadata: Metadata = { title: "Incident" };

export default async function IncidentPage({ params }: { params: Promise<{ id: string; incidentId: string }> }) {
  await requireStaff();
  const { id, incidentId } = await params;
  const tenant = await findTenant(id);
  if (!tenant) notFound();
  const result = await incidentDetail(tenant.id, incidentId);
  if (!result.ok && result.problem.kind === "not_found") notFound();
  const shown = result.ok ? result.incident : result.stored;
  return (
    <article>
      <Link href={`/tenants/${tenant.id}/incidents`} className="text-sm text-blue-700 underline">
        ← {tenant.displayName} incidents
      </Link>
      {shown && (
        <h1 className="mt-2 break-words text-2xl font-semibold" dir="auto">
          {shown.title || `Incident ${shown.id}`}
        </h1>
      )}
      {!result.ok && (
        <div className="mt-4 space-y-2">
          <ProblemPanel problem={result.problem} />
          {result.stored && <p className="text-sm text-amber-800">Microsoft could not be asked just now: below is the copy the portal stored at its last sync, which may be out of date. Alerts and evidence need Microsoft.</p>}
        </div>
      )}
      {shown && <IncidentSummary incident={shown} />}
      {result.ok && (
        <>
          <IncidentDescription incident={result.incident} />
          <IncidentAlerts alerts={result.incident.alerts} />
          <IncidentComments incident={result.incident} />
        </>
      )}
    </article>
  );
}
