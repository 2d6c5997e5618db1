import { useTranslations } from "next-intl";

import type { Severity, Status } from "@/lib/incidents/model";

const SEVERITY_CLASS: Record<Severity, string> = {
  high: "bg-red-50 text-red-800",
  medium: "bg-amber-50 text-amber-800",
  low: "bg-blue-50 text-blue-800",
  informational: "bg-slate-100 text-slate-700",
  unknown: "bg-slate-100 text-slate-700",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  const t = useTranslations("Labels");
  return <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${SEVERITY_CLASS[severity]}`}>{t(`severity.${severity}`)}</span>;
}

/**
 * Microsoft's values in the viewer's language: severities and statuses as labels, the others in
 * words. A value Microsoft sends that has no words here is shown as it is, split into words.
 */
export function useLabels() {
  const labels = useTranslations("Labels");
  const alertStatuses = useTranslations("IncidentAlertStatus");
  const verdicts = useTranslations("IncidentEvidenceVerdict");
  const none = useTranslations("Common")("none");
  return {
    severity: (severity: Severity) => labels(`severity.${severity}`),
    status: (status: Status) => labels(`status.${status}`),
    classification: (value: string | null) => (value === null ? none : wordsOf(labels, `classification.${value}`, value)),
    determination: (value: string | null) => (value === null ? none : wordsOf(labels, `determination.${value}`, value)),
    alertStatus: (value: string) => wordsOf(alertStatuses, value, value),
    verdict: (value: string) => wordsOf(verdicts, value, value),
  };
}

/** A translator's message for one of Microsoft's values, when it has one. */
type ValueTranslator = { (key: never): string; has(key: never): boolean };

function wordsOf(t: ValueTranslator, key: string, value: string): string {
  return t.has(key as never) ? t(key as never) : words(value);
}

/** "camelCase" enum values from Microsoft in words: truePositive → true positive. */
export function words(value: string): string {
  return value.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
