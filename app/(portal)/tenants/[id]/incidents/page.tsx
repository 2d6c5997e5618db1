import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { IncidentFilters } from "@/components/incidents/filters";
import { IncidentRows } from "@/components/incidents/incident-rows";
import { SEVERITY_LABEL } from "@/components/incidents/labels";
import { ProblemPanel } from "@/components/incidents/problem";
import { RefreshedAgo } from "@/components/incidents/refreshed-ago";
import { requireStaff } from "@/lib/auth/session";
import { tenantIncidents } from "@/lib/incidents";
import { SEVERITIES } from "@/lib/incidents/model";
import { countBySeverity, filterIncidents, IncidentQuery, sortIncidents } from "@/lib/incidents/query";
import { findTenant } from "@/lib/tenants";

export const metadata: Metadata = { title: "Tenant incidents" };

const PAGE_SIZE = 50;

export default async function TenantIncidentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireStaff();
  const tenant = await findTenant((await params).id);
  if (!tenant) notFound();
  const raw = await searchParams;
  const query = IncidentQuery.parse(raw);
  const result = await tenantIncidents(tenant.id, query.range, { refresh: raw.refresh === "1" });
  const matching = result.ok ? sortIncidents(filterIncidents(result.incidents, query), query.sort) : [];
  const counts = countBySeverity(matching);
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const pageLink = (target: number) => {
    const search = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" && k !== "refresh" && k !== "page" ? [[k, v]] : [])));
    search.set("page", String(target));
    return `?${search}`;
  };
  const refreshLink = `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === "string")), refresh: "1" } as Record<string, string>)}`;
  return (
    <>
      <Link href={`/tenants/${tenant.id}`} className="text-sm text-blue-700 underline">
        ← {tenant.displayName}
      </Link>
      <div className="mb-4 mt-2 flex flex-wrap items-baseline gap-4">
        <h1 className="text-2xl font-semibold">Incidents — {tenant.displayName}</h1>
        <RefreshedAgo at={result.fetchedAt} />
        <a href={refreshLink} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100">
          Refresh
        </a>
      </div>
      <IncidentFilters query={query} />
      {!result.ok ? (
        <ProblemPanel problem={result.problem} />
      ) : (
        <>
          <ul aria-label="Counts by severity" className="mb-4 flex flex-wrap gap-4 text-sm">
            {SEVERITIES.map((severity) => (
              <li key={severity}>
                {SEVERITY_LABEL[severity]}: <strong>{counts[severity]}</strong>
              </li>
            ))}
          </ul>
          {matching.length === 0 ? (
            <p className="text-slate-600">No incidents match these filters.</p>
          ) : (
            <IncidentRows incidents={matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)} />
          )}
          {result.truncated && <p className="mt-2 text-sm text-slate-600">This tenant has more incidents in the range than the portal reads at once; narrow the time range.</p>}
          {pages > 1 && (
            <nav aria-label="Pages" className="mt-4 flex items-center gap-3 text-sm">
              {page > 1 && <Link href={pageLink(page - 1)} className="text-blue-700 underline">Previous</Link>}
              <span>
                Page {page} of {pages}
              </span>
              {page < pages && <Link href={pageLink(page + 1)} className="text-blue-700 underline">Next</Link>}
            </nav>
          )}
        </>
      )}
    </>
  );
}
