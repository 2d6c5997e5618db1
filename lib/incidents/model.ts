// One incident model for both incident APIs. Every string in it is customer-controlled text:
// render it as text, never as HTML, and link only what `microsoftPortalUrl` accepted.

export const SEVERITIES = ["high", "medium", "low", "informational", "unknown"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The "updated within" choices, in days. */
export const TIME_RANGES = { "24h": 1, "7d": 7, "30d": 30, "90d": 90, "180d": 180 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

export const STATUSES = ["active", "inProgress", "awaitingAction", "resolved", "redirected", "unknown"] as const;
export type Status = (typeof STATUSES)[number];

/** Classifications an analyst can give, each with the determinations Microsoft accepts with it. */
export const DETERMINATIONS_BY_CLASSIFICATION = {
  truePositive: ["multiStagedAttack", "maliciousUserActivity", "compromisedAccount", "malware", "phishing", "unwantedSoftware", "other"],
  informationalExpectedActivity: ["securityTesting", "lineOfBusinessApplication", "confirmedActivity", "other"],
  falsePositive: ["notMalicious", "notEnoughDataToValidate", "other"],
} as const;
export type Classification = keyof typeof DETERMINATIONS_BY_CLASSIFICATION;

/** A "classification/determination" choice, as the triage forms send it, when Microsoft accepts the pair. */
export function classificationPair(text: string | undefined): { classification: Classification; determination: string } | null {
  const [classification, determination] = (text ?? "").split("/");
  if (!(classification in DETERMINATIONS_BY_CLASSIFICATION)) return null;
  const allowed = DETERMINATIONS_BY_CLASSIFICATION[classification as Classification] as readonly string[];
  return allowed.includes(determination) ? { classification: classification as Classification, determination } : null;
}

/** Statuses an analyst can set: Graph documents active and resolved (and redirected, which merging sets); Defender also In progress. */
export const SETTABLE_STATUSES = { graph: ["active", "resolved"], defender: ["active", "inProgress", "resolved"] } as const satisfies Record<string, readonly Status[]>;
export type SettableStatus = (typeof SETTABLE_STATUSES)[keyof typeof SETTABLE_STATUSES][number];

/** The longest comment the portal sends to Microsoft. */
export const MAX_COMMENT_LENGTH = 4_000;

/** What an analyst changes on an incident; each field left out stays as it is. */
export interface IncidentChange {
  assignedTo?: string | null;
  status?: SettableStatus;
  classification?: Classification;
  determination?: string;
  tags?: string[];
  comment?: string;
}

export interface Incident {
  id: string;
  tenantId: string;
  title: string;
  severity: Severity;
  status: Status;
  classification: string | null;
  determination: string | null;
  assignedTo: string | null;
  createdAt: string;
  lastUpdatedAt: string;
  tags: string[];
  /** The incident in Microsoft's portal, only when it is an https link to security.microsoft.com. */
  webUrl: string | null;
}

export interface IncidentDetail extends Incident {
  description: string | null;
  comments: { text: string; author: string | null; createdAt: string | null }[];
  alerts: Alert[];
}

export interface Alert {
  id: string;
  title: string;
  description: string | null;
  severity: Severity;
  status: string;
  category: string | null;
  serviceSource: string | null;
  detectionSource: string | null;
  createdAt: string | null;
  mitreTechniques: string[];
  devices: Device[];
  evidence: Evidence[];
}

export interface Device {
  name: string;
  osPlatform: string | null;
  healthStatus: string | null;
  riskScore: string | null;
}

export interface Evidence {
  /** e.g. user, ip, url, file, process, mailbox. */
  type: string;
  name: string;
  verdict: string | null;
  /** The other plain values Microsoft sent, by property name. */
  details: [string, string][];
}

const PORTAL_HOSTS = new Set(["security.microsoft.com"]);

/** Accepts only an https link into Microsoft's security portal; anything else becomes null. */
/** An incident's page in Microsoft's Defender portal: the address Graph gives as incidentWebUrl. */
export function incidentPortalUrl(tenantId: string, id: string): string | null {
  return microsoftPortalUrl(`https://security.microsoft.com/incidents/${id}?tid=${tenantId}`);
}

export function microsoftPortalUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && PORTAL_HOSTS.has(url.hostname) && !url.username && !url.password ? url.toString() : null;
  } catch {
    return null;
  }
}

/** `camelCase` from Defender's `PascalCase` enum spellings. */
export function lowerFirst(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}

export function asSeverity(value: unknown): Severity {
  const normal = typeof value === "string" ? lowerFirst(value) : "";
  return (SEVERITIES as readonly string[]).includes(normal) ? (normal as Severity) : "unknown";
}

export function asStatus(value: unknown): Status {
  const normal = typeof value === "string" ? lowerFirst(value) : "";
  return (STATUSES as readonly string[]).includes(normal) ? (normal as Status) : "unknown";
}

export function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** The string and number properties of an object, for an evidence's detail list. */
export function plainValues(item: Record<string, unknown>): [string, string][] {
  return Object.entries(item)
    .filter(([key, value]) => !key.startsWith("@") && (typeof value === "string" || typeof value === "number") && value !== "")
    .map(([key, value]) => [key, String(value)]);
}
