import type { Metadata } from "next";
import Link from "next/link";

import { CardPage } from "@/components/ui/card-page";
import { entryOf, single, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "No access" };

const REASONS: Record<string, string> = {
  tenant:
    "This portal is for partner staff only, and the account you used belongs to another organization. " +
    "If you are a customer's administrator, you only need the consent link your partner sent you.",
  role:
    "Your account has no role in this portal. Ask a portal administrator to assign you the Portal.Analyst " +
    "or Portal.Admin role on the portal's enterprise application in Microsoft Entra ID.",
  groups:
    "You are in more Microsoft Entra groups than a sign-in token lists, and the portal could not read them from " +
    "Microsoft Graph, so it cannot tell which customers you serve. Try again in a minute; if it keeps happening, " +
    "tell a portal administrator.",
  admin: "This page is for portal administrators. Ask a portal administrator if you need it.",
};

export default async function NoAccessPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const reason = single((await searchParams).reason);
  return (
    <CardPage title="No access">
      <p>{entryOf(REASONS, reason) ?? REASONS.role}</p>
      <Link href={reason === "admin" ? "/tenants" : "/signin"} className="inline-block text-blue-700 underline">
        {reason === "admin" ? "Back to the portal" : "Sign in with a different account"}
      </Link>
    </CardPage>
  );
}
