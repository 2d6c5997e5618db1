import type { Severity } from "@/lib/incidents/model";

/** What one alert says, whichever way it is sent. Titles and values are customer-controlled text. */
export interface AlertMessage {
  title: string;
  severity: Severity;
  facts: { title: string; value: string }[];
  /** The incident in the portal. */
  url: string;
}

export function severityLabel(severity: Severity): string {
  return `${severity[0].toUpperCase()}${severity.slice(1)} severity`;
}
