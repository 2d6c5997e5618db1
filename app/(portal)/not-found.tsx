import Link from "next/link";
import { useTranslations } from "next-intl";

import { PageHeader } from "@/components/ui/page-header";

// Inside the portal's own layout (its header and main content), for a page that calls notFound().
// The same words as app/not-found.tsx: neither says whether the thing exists out of the viewer's scope.
export default function PortalNotFound() {
  const t = useTranslations("NotFound");
  return (
    <>
      <PageHeader title={t("title")}>{t("body")}</PageHeader>
      <Link href="/tenants" className="text-blue-700 underline">
        {t("home")}
      </Link>
    </>
  );
}
