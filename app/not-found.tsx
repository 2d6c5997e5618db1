import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { CardPage } from "@/components/ui/card-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("NotFound"))("title") };
}

// The same for a page that does not exist and one out of the viewer's scope: neither says which.
export default async function NotFound() {
  const t = await getTranslations("NotFound");
  return (
    <CardPage title={t("title")}>
      <p>{t("body")}</p>
      <Link href="/tenants" className="inline-block text-blue-700 underline">
        {t("home")}
      </Link>
    </CardPage>
  );
}
