import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";

export const LOCALES = ["en", "nl"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language by its own name, as a language switch offers it. */
export const LOCALE_NAME: Record<Locale, string> = { en: "English", nl: "Nederlands" };

export function isLocale(value: unknown): value is Locale {
  return LOCALES.includes(value as Locale);
}

/** The language a browser asks for first among ours (`nl-BE,nl;q=0.9` is Dutch), else English. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  const asked = new Negotiator({ headers: { "accept-language": header ?? "" } }).languages().filter((tag) => tag !== "*");
  try {
    return match(asked, LOCALES, DEFAULT_LOCALE) as Locale;
  } catch {
    // A malformed tag: Intl refuses it.
    return DEFAULT_LOCALE;
  }
}

/** An IANA time zone this runtime knows ("Europe/Amsterdam"), as a browser reports it. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
