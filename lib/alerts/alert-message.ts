import type { Severity } from "@/lib/incidents/model";

/** What one alert says, in its rule's language, whichever way it is sent. Titles and values are customer-controlled text. */
export interface AlertMessage {
  /** What happened, above the title: "High severity", "Consent lost". */
  label: string;
  /** An incident's severity: how a Teams card colours the label. */
  severity?: Severity;
  title: string;
  facts: { title: string; value: string }[];
  /** Where to look in the portal. */
  url: string;
}
