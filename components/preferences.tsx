"use client";

import { useLocale, useTimeZone, useTranslations } from "next-intl";
import { useActionState, useEffect, useTransition } from "react";

import { setLocaleAction, setTimeZoneAction } from "@/app/(portal)/preferences";
import { LOCALE_NAME, LOCALES } from "@/lib/i18n/locales";

/** The other languages, each named in itself; choosing one keeps it for the staff member. */
export function LanguageSwitch() {
  const t = useTranslations("Common");
  const current = useLocale();
  const [, action, pending] = useActionState(setLocaleAction, {});
  return (
    <form action={action} aria-label={t("languageSwitch")}>
      {LOCALES.filter((locale) => locale !== current).map((locale) => (
        <button key={locale} name="locale" value={locale} lang={locale} disabled={pending} className="rounded-md px-2 py-1.5 text-sm text-slate-700 underline hover:bg-slate-100">
          {LOCALE_NAME[locale]}
        </button>
      ))}
    </form>
  );
}

/** Tells the portal the browser's time zone when it is not the one times are shown in; they then follow it. */
export function TimeZoneSync() {
  const shown = useTimeZone();
  const [, startTransition] = useTransition();
  useEffect(() => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browser || browser === shown) return;
    const form = new FormData();
    form.set("timeZone", browser);
    startTransition(() => void setTimeZoneAction({}, form));
  }, [shown]);
  return null;
}
