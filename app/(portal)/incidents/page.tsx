import type { Metadata } from "next";

import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage() {
  await requireStaff();
  return (
    <>
      <PageHeader title="Incidents">Microsoft Defender incidents across your customers&apos; tenants.</PageHeader>
      <EmptyState title="No incidents to show">
        Incidents appear here for every customer tenant that has granted consent.
      </EmptyState>
    </>
  );
}
