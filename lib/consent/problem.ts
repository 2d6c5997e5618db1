import { MESSAGES, type Messages } from "@/lib/i18n/messages";

/** A sentence of the "ConsentProblem" messages. */
export type ConsentProblemKey = keyof Messages["ConsentProblem"];

/**
 * Why a tenant's consent is in doubt, in words for any language: that an earlier consent still
 * holds, a sentence (its key and values), then Microsoft's own words, shown as Microsoft sent them.
 */
export interface ConsentProblemText {
  kept?: boolean;
  key?: ConsentProblemKey;
  values?: Record<string, string>;
  detail?: string;
}

/** The ConsentProblem messages of one language (getTranslations or useTranslations). */
export type ConsentProblemTranslator = (key: ConsentProblemKey, values?: Record<string, string>) => string;

/** The problem's own sentences in the translator's language; Microsoft's words follow them. */
export function problemSentences(t: ConsentProblemTranslator, { kept, key, values }: ConsentProblemText): string {
  return [kept && t("kept"), key && t(key, values)].filter(Boolean).join(" ");
}

// Also written where next-intl is not loaded (the consent proof after a restart): these messages
// have plain {placeholders} only.
const english: ConsentProblemTranslator = (key, values = {}) => MESSAGES.en.ConsentProblem[key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "");

/** The problem in English, as the tenant's lastError, the audit trail and alert notifications keep it. */
export function inEnglish(text: ConsentProblemText): string {
  return [problemSentences(english, text), text.detail].filter(Boolean).join(" ");
}

/** Whether a stored value is a ConsentProblemText (a row written before there was one holds null). */
export function isConsentProblemText(value: unknown): value is ConsentProblemText {
  if (typeof value !== "object" || value === null) return false;
  const { key, detail } = value as ConsentProblemText;
  return (key === undefined || Object.hasOwn(MESSAGES.en.ConsentProblem, key)) && (detail === undefined || typeof detail === "string") && (key !== undefined || detail !== undefined);
}
