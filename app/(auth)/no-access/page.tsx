import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { CardPage } from "@/components/ui/card-page";
import { single, type SearchParams } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("NoAccess"))("title") };
}

// Why a sign-in was refused, as lib/auth names it in `?reason=`; an unknown one reads as "role".
const REASONS = ["tenant", "role", "groups", "admin"] as const;

export default async function NoAccessPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const reason = single((await searchParams).reason);
  const t = await getTranslations("NoAccess");
  return (
    <CardPage title={t("title")}>
      <p>{t(`reasons.${REASONS.find((each) => each === reason) ?? "role"}`)}</p>
      <Link href={reason === "admin" ? "/tenants" : "/signin"} className="inline-block text-blue-700 underline">
        {reason === "admin" ? t("backToPortal") : t("otherAccount")}
      </Link>
    </CardPage>
  );
}
