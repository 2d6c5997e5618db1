import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { CardPage } from "@/components/ui/card-page";
import { getConfig } from "@/lib/config";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ConsentResult"))("pageTitle") };
}

// What the customer's admin reads, in their browser's language.
const OUTCOMES = ["granted", "generic", "mismatch", "cancelled", "declined", "not_admin", "failed", "expired", "used", "invalid", "unavailable"] as const;
type Outcome = (typeof OUTCOMES)[number];

export default async function ConsentResultPage({ params }: { params: Promise<{ outcome: string }> }) {
  const asked = (await params).outcome;
  const outcome: Outcome = OUTCOMES.includes(asked as Outcome) ? (asked as Outcome) : "invalid";
  const t = await getTranslations("ConsentResult");
  const partner = getConfig().partnerName;
  return (
    <CardPage title={t(`${outcome}.title`)} brand={partner}>
      <p>{t(`${outcome}.body`, { partner })}</p>
      <p className="font-medium">{outcome === "granted" || outcome === "generic" ? t("done") : t(`${outcome}.next`, { partner })}</p>
    </CardPage>
  );
}
