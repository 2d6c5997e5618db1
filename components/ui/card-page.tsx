import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { Logo } from "./logo";

/** A centred card for pages shown outside the signed-in portal. */
export function CardPage({ title, brand, children }: { title: string; brand?: string; children: ReactNode }) {
  const t = useTranslations("Common");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="flex items-center gap-2 text-sm font-semibold uppercase tracking-wide text-blue-700">
          <Logo />
          <span translate="no">{brand ?? t("appName")}</span>
        </p>
        <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
        <div className="mt-4 space-y-4 text-slate-700">{children}</div>
      </div>
    </main>
  );
}
