import "server-only";

import type { AlertMessage } from "./alert-message";

/** The alert as an email: plain text and HTML built from the same values, every value escaped in the HTML. */
export function alertEmail({ label, title, facts, url }: AlertMessage): { subject: string; text: string; html: string } {
  const oneLine = title.replace(/\s+/g, " ").trim();
  const text = [label, oneLine, "", ...facts.map((fact) => `${fact.title}: ${fact.value}`), "", `Open in the portal: ${url}`].join("\n");
  const rows = facts.map((fact) => `<tr><th align="left">${escapeHtml(fact.title)}</th><td>${escapeHtml(fact.value)}</td></tr>`).join("");
  const html = [
    `<p><strong>${escapeHtml(label)}</strong></p>`,
    `<h1>${escapeHtml(oneLine)}</h1>`,
    `<table>${rows}</table>`,
    `<p><a href="${escapeHtml(url)}">Open in the portal</a></p>`,
  ].join("\n");
  return { subject: `[${label}] ${oneLine}`, text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
