import type { Metadata } from "next";

import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Tenants" };

export default async function TenantsPage() {
  await requireStaff();
  return (
    <>
      <PageHeader title="Tenants">Your customers&apos; Microsoft Entra ID tenants and their consent status.</PageHeader>
      <EmptyState title="No customer tenants yet">
        Customer tenants appear here once they are registered and their administrators have granted consent.
      </EmptyState>
    </>
  );
}
