import Link from "next/link";
import { useTranslations } from "next-intl";

/** Previous / "Page 2 of 9" / Next, as links that keep every other search parameter. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const t = useTranslations("Ui");
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("pages")} className="mt-4 flex items-center gap-3 text-sm">
      {page > 1 && (
        <Link href={href(page - 1)} className="text-blue-700 underline">
          {t("previous")}
        </Link>
      )}
      <span>{t("pageOf", { page, pages })}</span>
      {page < pages && (
        <Link href={href(page + 1)} className="text-blue-700 underline">
          {t("next")}
        </Link>
      )}
    </nav>
  );
}
