import { MESSAGES, type Messages } from "@/lib/i18n/messages";

/** A sentence of the "IncidentProblem" messages. */
export type ProblemKey = keyof Messages["IncidentProblem"];

/**
 * Why something failed, in words for any language: a sentence (its key and values), and after it
 * Microsoft's own words, which are shown as Microsoft sent them.
 */
export interface ProblemText {
  key?: ProblemKey;
  values?: Record<string, string | number>;
  detail?: string;
}

/** The IncidentProblem messages of one language (getTranslations, useTranslations or createTranslator). */
export type ProblemTranslator = (key: ProblemKey, values?: Record<string, string | number>) => string;

/** The problem as one line of text in the translator's language. */
export function problemLine(t: ProblemTranslator, { key, values, detail }: ProblemText): string {
  return [key && t(key, values), detail].filter(Boolean).join(" ");
}

// next-intl cannot be loaded where the sync runs outside Next.js (node --conditions=react-server),
// so the English is filled in here: these messages have plain {placeholders} only.
const english: ProblemTranslator = (key, values = {}) => MESSAGES.en.IncidentProblem[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

/** The problem in English, as logs, the audit trail and alert notifications keep it. */
export function inEnglish(text: ProblemText): string {
  return problemLine(english, text);
}

/** Whether a stored value is a ProblemText (a row written before it had one holds null). */
export function isProblemText(value: unknown): value is ProblemText {
  if (typeof value !== "object" || value === null) return false;
  const { key, detail } = value as ProblemText;
  return (key === undefined || Object.hasOwn(MESSAGES.en.IncidentProblem, key)) && (detail === undefined || typeof detail === "string") && (key !== undefined || detail !== undefined);
}
