// The one incident model behind both incident APIs. Enum values use Microsoft Graph's spelling
// (the current API); the Defender API is a projection that renames them.

export const SEVERITIES = ["unknown", "informational", "low", "medium", "high"] as const;
// awaitingAction: Defender Experts wait for the customer; Graph added it after its unknownFutureValue sentinel.
export const INCIDENT_STATUSES = ["active", "resolved", "inProgress", "redirected", "awaitingAction"] as const;
export const ALERT_STATUSES = ["new", "inProgress", "resolved"] as const;
export const CLASSIFICATIONS = ["unknown", "falsePositive", "truePositive", "informationalExpectedActivity"] as const;
export const DETERMINATIONS = [
  "unknown",
  "apt",
  "malware",
  "securityPersonnel",
  "securityTesting",
  "unwantedSoftware",
  "other",
  "multiStagedAttack",
  "compromisedAccount",
  "phishing",
  "maliciousUserActivity",
  "notMalicious",
  "notEnoughDataToValidate",
  "confirmedActivity",
  "lineOfBusinessApplication",
] as const;

export type Severity = (typeof SEVERITIES)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type Classification = (typeof CLASSIFICATIONS)[number];
export type Determination = (typeof DETERMINATIONS)[number];

/** A severity's rank, for comparing and sorting: SEVERITIES runs from least to most severe. */
export const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((severity, index) => [severity, index])) as Record<Severity, number>;

// Which determinations go with which classification, as the Defender update API documents them
// (Graph shares the backend). "unknown" is always allowed: it means "not determined yet".
const DETERMINATIONS_BY_CLASSIFICATION: Record<Classification, readonly Determination[]> = {
  unknown: ["unknown"],
  truePositive: ["unknown", "multiStagedAttack", "maliciousUserActivity", "compromisedAccount", "malware", "phishing", "unwantedSoftware", "apt", "securityPersonnel", "other"],
  informationalExpectedActivity: ["unknown", "securityTesting", "lineOfBusinessApplication", "confirmedActivity", "other"],
  falsePositive: ["unknown", "notMalicious", "notEnoughDataToValidate", "other"],
};

export function determinationFits(classification: Classification, determination: Determination): boolean {
  return DETERMINATIONS_BY_CLASSIFICATION[classification].includes(determination);
}

export interface IncidentComment {
  comment: string;
  createdBy: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

export interface DeviceDetails {
  mdeDeviceId: string;
  azureAdDeviceId: string | null;
  deviceDnsName: string;
  osPlatform: string;
  osBuild: number;
  version: string;
  osProcessor: string;
  healthStatus: "active" | "inactive" | "impairedCommunication" | "noSensorData";
  riskScore: "none" | "informational" | "low" | "medium" | "high";
  rbacGroupId: number;
  rbacGroupName: string;
  firstSeen: number;
  ipInterfaces: string[];
}

export interface UserAccount {
  accountName: string;
  domainName: string;
  userSid: string;
  azureAdUserId: string | null;
  userPrincipalName: string | null;
  displayName: string | null;
}

export interface FileDetails {
  sha1: string | null;
  sha256: string | null;
  fileName: string;
  filePath: string;
  fileSize: number;
  filePublisher: string | null;
}

/** Evidence as Graph types it; the Defender API flattens the non-device kinds into entities. */
export type Evidence = { verdict: "unknown" | "suspicious" | "malicious" | "noThreatsFound"; remediationStatus: "none" | "remediated" | "prevented" | "blocked" | "notFound"; roles: string[] } & (
  | { kind: "device"; device: DeviceDetails }
  | { kind: "user"; account: UserAccount }
  | { kind: "ip"; ipAddress: string; countryLetterCode: string | null }
  | { kind: "url"; url: string }
  | { kind: "file"; file: FileDetails; mdeDeviceId: string | null }
  | { kind: "process"; processId: number; parentProcessId: number; commandLine: string; createdAt: number; parentCreatedAt: number; image: FileDetails; account: UserAccount; mdeDeviceId: string }
  | { kind: "mailbox"; displayName: string; primaryAddress: string; account: UserAccount }
  | { kind: "mailMessage"; sender: string; recipient: string; subject: string; deliveryAction: string; networkMessageId: string; senderIp: string; receivedAt: number }
  | { kind: "mailCluster"; clusterBy: string; clusterByValue: string; emailCount: number }
  | { kind: "registryValue"; registryHive: string; registryKey: string; registryValueType: string; registryValue: string; registryValueName: string; mdeDeviceId: string }
);

export type EvidenceKind = Evidence["kind"];

export interface Alert {
  id: string;
  incidentId: number;
  title: string;
  description: string;
  recommendedActions: string;
  category: string;
  severity: Severity;
  status: AlertStatus;
  classification: Classification | null;
  determination: Determination | null;
  serviceSource: string;
  detectionSource: string;
  detectorId: string;
  assignedTo: string | null;
  actorDisplayName: string | null;
  threatFamilyName: string | null;
  mitreTechniques: string[];
  /** Where a client might link to the alert; Microsoft's portal URL, or hostile text in the hostile tenant. */
  alertWebUrl: string;
  investigationId: number | null;
  investigationState: string;
  createdAt: number;
  lastUpdatedAt: number;
  resolvedAt: number | null;
  firstActivityAt: number;
  lastActivityAt: number;
  evidence: Evidence[];
}

export interface Incident {
  /** The numeric id: Graph serves it as a string, Defender as a number. */
  id: number;
  tenantId: string;
  displayName: string;
  /** Rich text Defender Experts and some detections fill in; null for most incidents. */
  description: string | null;
  /** Graph's overview of the attack; null until someone writes one. */
  summary: string | null;
  /** Why the incident was resolved as it was (Graph); free text. */
  resolvingComment: string | null;
  /** Who changed the incident last (Graph's lastModifiedBy); null for incidents nobody has edited. */
  lastModifiedBy: string | null;
  redirectIncidentId: number | null;
  createdAt: number;
  lastUpdatedAt: number;
  assignedTo: string | null;
  classification: Classification;
  determination: Determination;
  status: IncidentStatus;
  severity: Severity;
  customTags: string[];
  systemTags: string[];
  comments: IncidentComment[];
  alerts: Alert[];
}

/** The Defender portal page of an incident, as both APIs return it. */
export function incidentWebUrl(incident: Pick<Incident, "id" | "tenantId">): string {
  return `https://security.microsoft.com/incidents/${incident.id}?tid=${incident.tenantId}`;
}

/** Microsoft's timestamps carry seven fractional digits (.NET ticks): 2021-08-13T08:43:35.5533333Z. */
export function microsoftTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, "0000Z");
}
