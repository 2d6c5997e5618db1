import type { Metadata } from "next";

import { IncidentFilters } from "@/components/incidents/filters";
import { IncidentQueue } from "@/components/incidents/queue";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { IncidentQuery } from "@/lib/incidents/query";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff();
  const params = await searchParams;
  const query = IncidentQuery.parse(params);
  const search = new URLSearchParams(
    Object.entries(params).flatMap(([key, value]) => (typeof value === "string" && value ? [[key, value]] : [])),
  ).toString();
  return (
    <>
      <PageHeader title="Incidents">Microsoft Defender incidents across every consented customer tenant, as each tenant answers.</PageHeader>
      <IncidentFilters query={query} />
      <IncidentQueue key={search} search={search} sort={query.sort} />
    </>
  );
}
