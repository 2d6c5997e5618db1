import { getRequestConfig } from "next-intl/server";
import { headers } from "next/headers";

import { currentStaff } from "@/lib/auth/session";
import { log } from "@/lib/log";

import { localeFromAcceptLanguage } from "./locales";
import { MESSAGES } from "./messages";

/**
 * The language and time zone of a request: a staff member's own choice of language (else their
 * browser's) and their browser's time zone; anyone else, such as a customer's admin on a consent
 * result page, gets their browser's language, and times in UTC.
 */
export default getRequestConfig(async () => {
  const staff = await currentStaff();
  const locale = staff?.locale ?? localeFromAcceptLanguage((await headers()).get("accept-language"));
  return {
    locale,
    messages: MESSAGES[locale],
    timeZone: staff?.timeZone ?? "UTC",
    onError: (error) => log.error({ err: error.message, locale }, "message error"),
  };
});
