import "server-only";
// next-intl's own entry, under the react-server condition outside Next (the instances tests, the e2e
// runner), loads React hooks React's server build lacks: its core, which it re-exports, does not.
import { createFormatter, createTranslator } from "use-intl/core";

import type { Locale } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";

// Alerts are written outside any request (a delivery job has no viewer), so each text names its language.

/** Why an alert address is refused or a delivery failed, as the admin (or the rule's delivery log) reads it. */
export function problemTexts(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: "AlertProblems" });
}

/** What a notification says around the customer's values. */
export function noticeTexts(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: "AlertNotice" });
}

/** A time as a notification shows it: in the rule's language, in UTC, which it says ("3 Dec 2026, 14:05 UTC"). */
export function utcTime(value: string | Date, locale: Locale): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const time = createFormatter({ locale, timeZone: "UTC" }).dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  return noticeTexts(locale)("utcTime", { time });
}
