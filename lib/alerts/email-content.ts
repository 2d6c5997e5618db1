import "server-only";

import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

import type { AlertMessage } from "./alert-message";
import { noticeTexts } from "./texts";

/**
 * The alert as an email, its own words in `locale`: plain text and HTML built from the same values,
 * every value escaped in the HTML.
 */
export function alertEmail({ label, title, facts, url }: AlertMessage, locale: Locale = DEFAULT_LOCALE): { subject: string; text: string; html: string } {
  const t = noticeTexts(locale);
  const oneLine = title.replace(/\s+/g, " ").trim();
  const text = [label, oneLine, "", ...facts.map((fact) => `${fact.title}: ${fact.value}`), "", `${t("open")}: ${url}`].join("\n");
  const rows = facts.map((fact) => `<tr><th align="left">${escapeHtml(fact.title)}</th><td>${escapeHtml(fact.value)}</td></tr>`).join("");
  const html = [
    `<p><strong>${escapeHtml(label)}</strong></p>`,
    `<h1>${escapeHtml(oneLine)}</h1>`,
    `<table>${rows}</table>`,
    `<p><a href="${escapeHtml(url)}">${escapeHtml(t("open"))}</a></p>`,
  ].join("\n");
  return { subject: `[${label}] ${oneLine}`, text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
