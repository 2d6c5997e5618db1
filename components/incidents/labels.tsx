import type { Severity, Status } from "@/lib/incidents/model";

export const SEVERITY_LABEL: Record<Severity, string> = {
  high: "High",
  medium: "Medium",
  low: "Low",
  informational: "Informational",
  unknown: "Unknown",
};

export const STATUS_LABEL: Record<Status, string> = {
  active: "Active",
  inProgress: "In progress",
  awaitingAction: "Awaiting action",
  resolved: "Resolved",
  redirected: "Redirected",
  unknown: "Unknown",
};

const SEVERITY_CLASS: Record<Severity, string> = {
  high: "bg-red-50 text-red-800",
  medium: "bg-amber-50 text-amber-800",
  low: "bg-blue-50 text-blue-800",
  informational: "bg-slate-100 text-slate-700",
  unknown: "bg-slate-100 text-slate-700",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${SEVERITY_CLASS[severity]}`}>{SEVERITY_LABEL[severity]}</span>;
}

/** "camelCase" enum values from Microsoft in words: truePositive → true positive. */
export function words(value: string | null): string {
  return value ? value.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() : "—";
}
