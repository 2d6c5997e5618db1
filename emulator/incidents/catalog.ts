import type { EvidenceKind, Severity } from "./model";

// Alert kinds modelled on what Microsoft Defender XDR raises, with the service and detection
// source, MITRE techniques and evidence each one carries. Incidents are built from these.

export interface AlertTemplate {
  title: string;
  description: string;
  category: string;
  serviceSource: string;
  detectionSource: string;
  detectorId: string;
  mitreTechniques: string[];
  severity: Severity;
  evidence: EvidenceKind[];
  threatFamilyName?: string;
  /** The two letters Defender prefixes the alert id with (da = Defender for Endpoint, fa = Office 365, ...). */
  idPrefix: "da" | "fa" | "ca" | "aa" | "ad";
}

const mde = { serviceSource: "microsoftDefenderForEndpoint", detectionSource: "microsoftDefenderForEndpoint", idPrefix: "da" } as const;
const antivirus = { serviceSource: "microsoftDefenderForEndpoint", detectionSource: "antivirus", idPrefix: "da" } as const;
const mdo = { serviceSource: "microsoftDefenderForOffice365", detectionSource: "microsoftDefenderForOffice365", idPrefix: "fa" } as const;
const mcas = { serviceSource: "microsoftDefenderForCloudApps", detectionSource: "cloudAppSecurity", idPrefix: "ca" } as const;
const mdi = { serviceSource: "microsoftDefenderForIdentity", detectionSource: "microsoftDefenderForIdentity", idPrefix: "aa" } as const;
const idp = { serviceSource: "azureAdIdentityProtection", detectionSource: "azureAdIdentityProtection", idPrefix: "ad" } as const;

export const ALERTS = {
  phishingLink: {
    ...mdo,
    title: "Email messages containing malicious URL removed after delivery",
    description: "Emails with malicious URL that were delivered and later removed. Zero-hour auto purge (ZAP) removed them from the mailboxes.",
    category: "InitialAccess",
    detectorId: "c5d5b8a1-6f2a-4b0e-9a55-2a6b1f0d8e11",
    mitreTechniques: ["T1566.002"],
    severity: "medium",
    evidence: ["mailMessage", "mailCluster", "url", "mailbox"],
  },
  userReported: {
    ...mdo,
    title: "Email reported by user as malware or phish",
    description: "This alert is triggered when any email message is reported as malware or phish by users.",
    category: "InitialAccess",
    detectorId: "5d1e2a3b-0c4f-4e6a-8b7c-9d0e1f2a3b4c",
    mitreTechniques: ["T1566"],
    severity: "informational",
    evidence: ["mailMessage", "mailbox"],
  },
  forwardingRule: {
    ...mcas,
    title: "Suspicious email forwarding rule",
    description: "A user created an inbox rule that forwards all incoming email to an external address. This may indicate a compromised account used to exfiltrate mail.",
    category: "Exfiltration",
    detectorId: "0f8e2b6d-1c3a-4e5f-9a7b-8c6d4e2f0a1b",
    mitreTechniques: ["T1114.003", "T1020"],
    severity: "medium",
    evidence: ["user", "mailbox", "ip"],
  },
  atypicalTravel: {
    ...idp,
    title: "Atypical travel",
    description: "Sign-ins from geographically distant locations within a time shorter than the travel time between them.",
    category: "InitialAccess",
    detectorId: "7a3c9e1f-2b4d-4f6a-8c0e-1d3f5a7b9c2e",
    mitreTechniques: ["T1078"],
    severity: "medium",
    evidence: ["user", "ip", "ip"],
  },
  unfamiliarSignIn: {
    ...idp,
    title: "Unfamiliar sign-in properties",
    description: "A sign-in with properties not recently seen for the user: a new location, device or browser.",
    category: "InitialAccess",
    detectorId: "3e5f7a9b-1c2d-4e6f-8a0b-2c4d6e8f0a1c",
    mitreTechniques: ["T1078.004"],
    severity: "low",
    evidence: ["user", "ip"],
  },
  impossibleTravel: {
    ...mcas,
    title: "Impossible travel activity",
    description: "The user signed in from two countries within a time too short to travel between them.",
    category: "InitialAccess",
    detectorId: "9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2b4d6f",
    mitreTechniques: ["T1078"],
    severity: "medium",
    evidence: ["user", "ip", "ip"],
  },
  massDownload: {
    ...mcas,
    title: "Mass download by a single user",
    description: "A user downloaded an unusually large number of files from SharePoint Online in a short time.",
    category: "Exfiltration",
    detectorId: "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f7a",
    mitreTechniques: ["T1530"],
    severity: "medium",
    evidence: ["user", "ip", "file"],
  },
  ransomware: {
    ...mcas,
    title: "Ransomware activity",
    description: "The user manipulated many files, renaming them with an uncommon extension. This is indicative of a potential ransomware attack.",
    category: "Impact",
    detectorId: "6e8a0c2e-4f6b-4d8f-a1c3-5e7a9c1e3a5c",
    mitreTechniques: ["T1486"],
    severity: "high",
    evidence: ["user", "file", "ip"],
  },
  powershell: {
    ...mde,
    title: "Suspicious PowerShell command line",
    description: "A suspicious PowerShell activity was observed on the machine. This behavior may indicate that PowerShell was used during installation, exploration, or in some cases in lateral movement activities.",
    category: "Execution",
    detectorId: "b7a4e2d0-3c1f-4e8a-9b6d-5f2c0e8a6d4b",
    mitreTechniques: ["T1059.001", "T1027"],
    severity: "medium",
    evidence: ["device", "process", "user"],
  },
  hiddenFile: {
    ...mde,
    title: "Suspicious execution of hidden file",
    description: "A hidden file has been launched. This activity could indicate a compromised host. Attackers often hide files associated with malicious tools to evade file system inspection and defenses.",
    category: "DefenseEvasion",
    detectorId: "e0da400f-affd-43ef-b1d5-afc2eb6f2756",
    mitreTechniques: ["T1564.001"],
    severity: "low",
    evidence: ["device", "file", "process"],
  },
  lsass: {
    ...mde,
    title: "Suspicious access to LSASS service",
    description: "A process accessed the memory of the Local Security Authority Subsystem Service (LSASS), a common technique to steal credentials.",
    category: "CredentialAccess",
    detectorId: "f1c3e5a7-9b2d-4f6e-8a0c-3e5a7c9e1b2d",
    mitreTechniques: ["T1003.001"],
    severity: "high",
    evidence: ["device", "process", "user"],
  },
  remoteService: {
    ...mde,
    title: "Suspicious service creation on a remote device",
    description: "A service was created remotely on this device using SMB and the Service Control Manager. Attackers use this to move laterally.",
    category: "LateralMovement",
    detectorId: "a2c4e6f8-0b1d-4f3a-9c5e-7a9b1d3f5e7c",
    mitreTechniques: ["T1021.002", "T1569.002"],
    severity: "high",
    evidence: ["device", "process", "ip", "user"],
  },
  asepRegistry: {
    ...mde,
    title: "Anomaly detected in ASEP registry",
    description: "A process registered a suspicious command or file in an auto-start registry key, so it runs after every reboot.",
    category: "Persistence",
    detectorId: "c3e5a7c9-1e2f-4a4c-8e6a-9c1e3a5c7e9a",
    mitreTechniques: ["T1547.001"],
    severity: "medium",
    evidence: ["device", "registryValue", "process"],
  },
  beacon: {
    ...mde,
    title: "Communication with a known command and control server",
    description: "A process on this device connected to an address associated with command and control infrastructure.",
    category: "CommandAndControl",
    detectorId: "d4f6b8d0-2f3a-4b5d-9f7b-0d2f4b6d8f0b",
    mitreTechniques: ["T1071.001"],
    severity: "high",
    evidence: ["device", "ip", "url", "process"],
  },
  mimikatz: {
    ...antivirus,
    title: "'Mimikatz' hacktool was detected",
    description: "Readily available tools, such as hacking programs, can be used by unauthorized individuals to spy on users. When used by attackers, these tools are often installed without authorization and used to compromise targeted machines.",
    category: "CredentialAccess",
    detectorId: "8f0b2d4f-6a7c-4e9a-b1d3-5f7b9d1f3a5c",
    mitreTechniques: ["T1003"],
    severity: "high",
    evidence: ["device", "file"],
    threatFamilyName: "Mimikatz",
  },
  unwantedSoftware: {
    ...antivirus,
    title: "'Presenoker' unwanted software was detected",
    description: "Potentially unwanted applications (PUA) can impact device performance and be used for unwanted advertising.",
    category: "UnwantedSoftware",
    detectorId: "1a3c5e7a-9c0e-4a2c-8e4a-6c8e0a2c4e6a",
    mitreTechniques: [],
    severity: "low",
    evidence: ["device", "file"],
    threatFamilyName: "Presenoker",
  },
  dcsync: {
    ...mdi,
    title: "Suspected DCSync attack (replication of directory services)",
    description: "A computer that is not a domain controller sent a replication request to a domain controller, which may indicate a DCSync attack.",
    category: "CredentialAccess",
    detectorId: "4b6d8f0b-2d4f-4a6b-8d0f-2b4d6f8a0c2e",
    mitreTechniques: ["T1003.006"],
    severity: "high",
    evidence: ["device", "user"],
  },
} satisfies Record<string, AlertTemplate>;

export type AlertKind = keyof typeof ALERTS;

/** A story of correlated alerts that Defender would group into one incident. */
export interface Scenario {
  alerts: AlertKind[];
  /** The true-positive determination when an analyst resolves it as real. */
  determination: "multiStagedAttack" | "malware" | "phishing" | "compromisedAccount" | "maliciousUserActivity" | "unwantedSoftware";
  weight: number;
}

export const SCENARIOS: Scenario[] = [
  { alerts: ["phishingLink"], determination: "phishing", weight: 10 },
  { alerts: ["userReported"], determination: "phishing", weight: 8 },
  { alerts: ["forwardingRule"], determination: "compromisedAccount", weight: 6 },
  { alerts: ["atypicalTravel"], determination: "compromisedAccount", weight: 7 },
  { alerts: ["unfamiliarSignIn", "forwardingRule"], determination: "compromisedAccount", weight: 4 },
  { alerts: ["impossibleTravel"], determination: "compromisedAccount", weight: 5 },
  { alerts: ["massDownload"], determination: "maliciousUserActivity", weight: 3 },
  { alerts: ["ransomware"], determination: "malware", weight: 2 },
  { alerts: ["powershell"], determination: "malware", weight: 6 },
  { alerts: ["hiddenFile", "asepRegistry"], determination: "malware", weight: 4 },
  { alerts: ["phishingLink", "powershell", "remoteService"], determination: "multiStagedAttack", weight: 3 },
  { alerts: ["powershell", "lsass", "remoteService"], determination: "multiStagedAttack", weight: 3 },
  { alerts: ["asepRegistry", "beacon"], determination: "multiStagedAttack", weight: 3 },
  { alerts: ["mimikatz"], determination: "malware", weight: 4 },
  { alerts: ["unwantedSoftware"], determination: "unwantedSoftware", weight: 5 },
  { alerts: ["dcsync", "lsass"], determination: "multiStagedAttack", weight: 2 },
];

const CATEGORY_NAMES: Record<string, string> = {
  InitialAccess: "Initial access",
  Execution: "Execution",
  Persistence: "Persistence",
  DefenseEvasion: "Defense evasion",
  CredentialAccess: "Credential access",
  LateralMovement: "Lateral movement",
  CommandAndControl: "Command and control",
  Exfiltration: "Exfiltration",
  Impact: "Impact",
  UnwantedSoftware: "Unwanted software",
};

/** Names an incident the way Defender does: after its only alert, or after the first and last attack stages. */
export function incidentName(alerts: readonly AlertTemplate[], devices: number, users: number): string {
  const scope = devices > 1 ? " on multiple endpoints" : devices === 1 ? " on one endpoint" : users > 1 ? " involving multiple users" : " involving one user";
  if (alerts.length === 1) return `${alerts[0].title}${scope}`;
  const first = CATEGORY_NAMES[alerts[0].category] ?? alerts[0].category;
  const last = CATEGORY_NAMES[alerts[alerts.length - 1].category] ?? alerts[alerts.length - 1].category;
  const sources = new Set(alerts.map((alert) => alert.serviceSource)).size > 1 ? " reported by multiple sources" : "";
  const stages = first === last ? first : `${first} & ${last}`;
  return `Multi-stage incident involving ${stages}${scope}${sources}`;
}
