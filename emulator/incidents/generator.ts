import { ALERTS, incidentName, SCENARIOS, type AlertTemplate, type Scenario } from "./catalog";
import { hostileFragment, JAVASCRIPT_URL, RIGHT_TO_LEFT_OVERRIDE, VERY_LONG_TEXT } from "./hostile-text";
import { SEVERITY_RANK, type Alert, type Classification, type DeviceDetails, type Determination, type Evidence, type EvidenceKind, type FileDetails, type Incident, type IncidentStatus, type Severity, type UserAccount } from "./model";
import { SeededRandom } from "./random";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RETENTION_DAYS = 180;
// Time is an input, never read here: incidents fall in the 180 days (Defender's retention) before
// a reference moment derived from the store's epoch, so the same tenant, spec and epoch give the
// same incidents, and a store started today has incidents up to yesterday.

export interface GenerationSpec {
  generate: number;
  seed: number;
  hostileText?: boolean;
}

export interface GenerationTenant {
  id: string;
  domains: readonly string[];
  users: readonly { userPrincipalName: string; displayName: string }[];
}

/** The start of the UTC day before `now`: the store's epoch, so every reference moment is in the past. */
export function epochBefore(now: number): number {
  return Math.floor(now / DAY) * DAY - DAY;
}

/** The moment a seed's incidents lead up to: the epoch plus (seed mod 24) hours. */
export function referenceMoment(seed: number, epoch: number): number {
  return epoch + (((seed % 24) + 24) % 24) * HOUR;
}

const FIRST_NAMES = ["Alex", "Jordan", "Morgan", "Taylor", "Casey", "Jamie", "Robin", "Avery", "Quinn", "Riley", "Sasha", "Kim"];
const LAST_NAMES = ["Nguyen", "Garcia", "Okafor", "Schmidt", "Kowalski", "Haddad", "Silva", "Tanaka", "Murphy", "Rossi", "Dubois", "Larsen"];
const COUNTRIES = ["US", "NL", "DE", "BR", "NG", "SG", "GB", "IN"];
const OS = [
  { osPlatform: "Windows11", version: "23H2", osBuild: 22631 },
  { osPlatform: "Windows10", version: "22H2", osBuild: 19045 },
  { osPlatform: "WindowsServer2022", version: "21H2", osBuild: 20348 },
  { osPlatform: "macOS", version: "14.5", osBuild: 23 },
] as const;
const CUSTOM_TAGS = ["VIP", "Finance", "Pen test", "Escalated", "Customer notified", "Known issue"];
const COMMENTS = [
  "Contacted the user; sign-in was not theirs. Password reset and sessions revoked.",
  "Isolated the device pending investigation.",
  "Confirmed with IT: scheduled penetration test.",
  "Mail purged from all mailboxes; sender blocked.",
  "No further activity in the last 48 hours.",
];

interface TenantCast {
  people: UserAccount[];
  devices: DeviceDetails[];
  analysts: string[];
}

/** Generates a tenant's incidents deterministically: the same tenant and spec give the same incidents. */
export function generateIncidents(tenant: GenerationTenant, spec: GenerationSpec, epoch: number): Incident[] {
  const random = new SeededRandom(spec.seed);
  const reference = referenceMoment(spec.seed, epoch);
  const cast = castFor(tenant, random, reference);
  const createdTimes = Array.from({ length: spec.generate }, () => reference - Math.floor(random.next() * RETENTION_DAYS * DAY)).sort((a, b) => a - b);
  let id = random.int(100_000, 899_999);
  const incidents: Incident[] = [];
  for (const createdAt of createdTimes) {
    id += random.int(1, 4);
    incidents.push(generateIncident({ random, tenant, cast, reference, id, createdAt, earlier: incidents }));
  }
  if (spec.hostileText) incidents.forEach((incident, index) => makeHostile(incident, index));
  return incidents;
}

/** What a new incident raised while the emulator runs is made of; the rest comes from a PRNG seeded with its id. */
interface NewIncidentDraft {
  id: number;
  createdAt: number;
  status: IncidentStatus;
}

/**
 * An incident Defender raises while the emulator runs, among the tenant's people and devices: the
 * same tenant, spec, epoch and draft give the same incident, so it can be rebuilt after a restart.
 */
export function generateNewIncident(tenant: GenerationTenant, spec: GenerationSpec | undefined, epoch: number, draft: NewIncidentDraft): Incident {
  const seed = spec?.seed ?? 0;
  const cast = castFor(tenant, new SeededRandom(seed), referenceMoment(seed, epoch));
  const incident = generateIncident({ ...draft, random: new SeededRandom(draft.id), tenant, cast, reference: draft.createdAt, earlier: [] });
  if (spec?.hostileText) makeHostile(incident, draft.id);
  return incident;
}

function castFor(tenant: GenerationTenant, random: SeededRandom, reference: number): TenantCast {
  const domain = tenant.domains[0];
  const shortName = domain.split(".")[0].slice(0, 4).toUpperCase();
  const people = Array.from({ length: 10 }, (): UserAccount => {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const accountName = `${first}.${last}`.toLowerCase();
    return {
      accountName,
      domainName: shortName,
      userSid: `S-1-5-21-${random.int(1e9, 4e9)}-${random.int(1e8, 9e8)}-${random.int(1e9, 4e9)}-${random.int(1000, 9999)}`,
      azureAdUserId: random.guid(),
      userPrincipalName: `${accountName}@${domain}`,
      displayName: `${first} ${last}`,
    };
  });
  const devices = Array.from({ length: 8 }, (_, index): DeviceDetails => {
    const os = random.pick(OS);
    const server = os.osPlatform.startsWith("WindowsServer");
    return {
      mdeDeviceId: random.hex(40),
      azureAdDeviceId: server ? null : random.guid(),
      deviceDnsName: `${shortName.toLowerCase()}-${server ? "srv" : "ws"}-${String(index + 1).padStart(3, "0")}.${domain}`,
      ...os,
      osProcessor: "x64",
      healthStatus: random.weighted([["active", 8], ["inactive", 1], ["impairedCommunication", 1]] as const),
      riskScore: random.weighted([["low", 3], ["medium", 3], ["high", 2], ["none", 1]] as const),
      rbacGroupId: server ? 12 : 75,
      rbacGroupName: server ? "Servers" : "UnassignedGroup",
      firstSeen: reference - random.int(200, 900) * DAY,
      ipInterfaces: [`10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`],
    };
  });
  const analysts = [...tenant.users.map((user) => user.userPrincipalName), `secops@${domain}`, `soc.tier2@${domain}`];
  return { people, devices, analysts };
}

interface IncidentDraft {
  random: SeededRandom;
  tenant: GenerationTenant;
  cast: TenantCast;
  reference: number;
  id: number;
  createdAt: number;
  earlier: readonly Incident[];
  /** Picked at random (by age) when not given. */
  status?: IncidentStatus;
}

function generateIncident(draft: IncidentDraft): Incident {
  const { random, cast, reference, createdAt, earlier } = draft;
  const scenario = random.weighted(SCENARIOS.map((candidate) => [candidate, candidate.weight] as const));
  const templates = scenario.alerts.map((kind) => ALERTS[kind] as AlertTemplate);
  const needsDevice = templates.some((template) => template.evidence.includes("device"));
  const devices = needsDevice ? pickDistinct(random, cast.devices, scenario.alerts.length > 1 && random.chance(0.3) ? random.int(2, 3) : 1) : [];
  const user = random.pick(cast.people);
  const ageShare = (reference - createdAt) / (RETENTION_DAYS * DAY);
  const status = draft.status ?? pickStatus(random, ageShare, earlier.length > 0);
  const { classification, determination } = verdictFor(random, status, scenario);
  const assigned = status === "active" || status === "awaitingAction" ? random.chance(0.35) : random.chance(0.9);
  const span = random.int(5, status === "resolved" ? 14 * 24 * 60 : 5 * 24 * 60) * MINUTE;
  // Still being worked on at the reference moment: last touched somewhere between creation and then,
  // not all at the same minute.
  const lastUpdatedAt = createdAt + (createdAt + span <= reference ? span : Math.floor((reference - createdAt) * random.next()));
  const assignedTo = assigned ? random.pick(cast.analysts) : null;
  const alerts = templates.map((template, index) =>
    generateAlert(draft, template, { device: devices[index % Math.max(devices.length, 1)], user, status, classification, determination, assignedTo, lastUpdatedAt }),
  );
  return {
    id: draft.id,
    tenantId: draft.tenant.id,
    displayName: incidentName(templates, devices.length, 1),
    description: scenario.determination === "multiStagedAttack" && random.chance(0.4) ? multiStageDescription(devices.length) : null,
    summary: null,
    resolvingComment: null,
    lastModifiedBy: null,
    redirectIncidentId: status === "redirected" ? random.pick(earlier).id : null,
    createdAt,
    lastUpdatedAt,
    assignedTo,
    classification,
    determination,
    status,
    severity: highestSeverity(alerts.map((alert) => alert.severity)),
    customTags: random.chance(0.3) ? pickDistinct(random, CUSTOM_TAGS, random.int(1, 2)) : [],
    // Only Defender Experts set awaitingAction, on incidents they work for the customer.
    systemTags: (scenario.determination === "multiStagedAttack" && random.chance(0.3)) || status === "awaitingAction" ? ["Defender Experts"] : [],
    comments:
      assignedTo && random.chance(0.4)
        ? [{ comment: random.pick(COMMENTS), createdBy: assignedTo, createdAt: Math.min(lastUpdatedAt, createdAt + random.int(10, 600) * MINUTE) }]
        : [],
    alerts,
  };
}

function pickStatus(random: SeededRandom, ageShare: number, canRedirect: boolean): IncidentStatus {
  if (canRedirect && random.chance(0.04)) return "redirected";
  if (random.chance(0.2 + 0.65 * ageShare)) return "resolved";
  // One draw picks among the open statuses; a small share waits on the customer for Defender Experts.
  const roll = random.next();
  return roll < 0.3 ? "inProgress" : roll < 0.38 ? "awaitingAction" : "active";
}

function verdictFor(random: SeededRandom, status: IncidentStatus, scenario: Scenario): { classification: Classification; determination: Determination } {
  if (status === "resolved") {
    const classification = random.weighted([["truePositive", 5], ["falsePositive", 2], ["informationalExpectedActivity", 2]] as const);
    const determination: Determination =
      classification === "truePositive"
        ? scenario.determination
        : classification === "falsePositive"
          ? random.pick(["notMalicious", "notEnoughDataToValidate"] as const)
          : random.pick(["securityTesting", "lineOfBusinessApplication", "confirmedActivity"] as const);
    return { classification, determination };
  }
  if (status === "inProgress" && random.chance(0.3)) return { classification: "truePositive", determination: scenario.determination };
  return { classification: "unknown", determination: "unknown" };
}

interface AlertContext {
  device: DeviceDetails | undefined;
  user: UserAccount;
  status: IncidentStatus;
  classification: Classification;
  determination: Determination;
  assignedTo: string | null;
  lastUpdatedAt: number;
}

function generateAlert(draft: IncidentDraft, template: AlertTemplate, context: AlertContext): Alert {
  const { random } = draft;
  const id = alertId(random, template.idPrefix);
  const createdAt = draft.createdAt - random.int(0, 30) * MINUTE;
  const resolved = context.status === "resolved";
  const fromEndpoint = template.serviceSource === "microsoftDefenderForEndpoint";
  return {
    id,
    incidentId: draft.id,
    title: template.title,
    description: template.description,
    recommendedActions: "Review the activity, contain affected users and devices, and collect artifacts for further analysis.",
    category: template.category,
    severity: template.severity,
    status: resolved ? "resolved" : context.status === "inProgress" ? "inProgress" : "new",
    classification: resolved ? context.classification : null,
    determination: resolved ? context.determination : null,
    serviceSource: template.serviceSource,
    detectionSource: template.detectionSource,
    detectorId: template.detectorId,
    assignedTo: context.assignedTo,
    actorDisplayName: null,
    threatFamilyName: template.threatFamilyName ?? null,
    mitreTechniques: template.mitreTechniques,
    alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${draft.tenant.id}`,
    investigationId: fromEndpoint ? random.int(1000, 99_999) : null,
    investigationState: fromEndpoint ? (resolved ? "SuccessfullyRemediated" : random.pick(["Running", "PendingApproval", "Benign"])) : "UnsupportedAlertType",
    createdAt,
    lastUpdatedAt: context.lastUpdatedAt,
    resolvedAt: resolved ? context.lastUpdatedAt : null,
    firstActivityAt: createdAt - random.int(1, 120) * MINUTE,
    lastActivityAt: createdAt - random.int(0, 1) * MINUTE,
    evidence: template.evidence.map((kind) => generateEvidence(random, kind, context, createdAt)),
  };
}

function alertId(random: SeededRandom, prefix: AlertTemplate["idPrefix"]): string {
  if (prefix === "da") return `da63${random.int(10 ** 15, 10 ** 16 - 1)}_${random.int(-2_147_483_648, 2_147_483_647)}`;
  if (prefix === "ca") return `ca${random.guid().toUpperCase()}`;
  if (prefix === "ad") return `ad${random.hex(40)}`;
  return `${prefix}${random.guid()}`;
}

function generateEvidence(random: SeededRandom, kind: EvidenceKind, context: AlertContext, at: number): Evidence {
  const verdict = random.weighted([["malicious", 3], ["suspicious", 3], ["unknown", 2]] as const);
  const base = { verdict, remediationStatus: context.status === "resolved" ? ("remediated" as const) : ("none" as const), roles: [] as string[] };
  const device = context.device;
  const mdeDeviceId = device?.mdeDeviceId ?? null;
  const user = context.user;
  switch (kind) {
    case "device":
      if (!device) throw new Error("Device evidence needs a device in the incident");
      return { ...base, kind, roles: ["compromised"], device };
    case "user":
      return { ...base, kind, roles: ["compromised"], account: user };
    case "ip":
      return { ...base, kind, roles: ["attacker"], ipAddress: `${random.pick(["203.0.113", "198.51.100", "192.0.2"])}.${random.int(1, 254)}`, countryLetterCode: random.pick(COUNTRIES) };
    case "url":
      return { ...base, kind, url: `https://${random.pick(["login-micros0ft-verify", "sharepoint-docs-share", "invoice-portal-secure"])}.example/${random.hex(12)}` };
    case "file":
      return { ...base, kind, file: fileDetails(random), mdeDeviceId };
    case "process":
      return {
        ...base,
        kind,
        processId: random.int(1000, 30_000),
        parentProcessId: random.int(400, 1000),
        commandLine: `powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand ${random.hex(48)}`,
        createdAt: at - random.int(1, 60) * MINUTE,
        parentCreatedAt: at - random.int(61, 600) * MINUTE,
        image: { sha1: random.hex(40), sha256: random.hex(64), fileName: "powershell.exe", filePath: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0", fileSize: 452_608, filePublisher: "Microsoft Corporation" },
        account: user,
        mdeDeviceId: mdeDeviceId ?? random.hex(40),
      };
    case "mailbox":
      return { ...base, kind, displayName: user.displayName ?? user.accountName, primaryAddress: user.userPrincipalName ?? "", account: user };
    case "mailMessage":
      return {
        ...base,
        kind,
        sender: random.pick(["billing@contoso-invoices.example", "it-support@helpdesk-reset.example", "ceo.office@fabrikam-mail.example"]),
        recipient: user.userPrincipalName ?? "",
        subject: random.pick(["[EXTERNAL] Invoice overdue", "Action required: password expires today", "Shared document: Q3 payroll"]),
        deliveryAction: random.pick(["Delivered", "Junked", "Blocked"]),
        networkMessageId: random.guid(),
        senderIp: `198.51.100.${random.int(1, 254)}`,
        receivedAt: at - random.int(1, 30) * MINUTE,
      };
    case "mailCluster":
      return { ...base, kind, clusterBy: "Subject;P2SenderDomain;ContentType", clusterByValue: random.hex(16), emailCount: random.int(2, 40) };
    case "registryValue":
      return {
        ...base,
        kind,
        registryHive: "HKEY_LOCAL_MACHINE",
        registryKey: "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
        registryValueType: "String",
        registryValue: "C:\\Users\\Public\\updater.exe",
        registryValueName: "Updater",
        mdeDeviceId: mdeDeviceId ?? random.hex(40),
      };
  }
}

function fileDetails(random: SeededRandom): FileDetails {
  const fileName = random.pick(["mimikatz.exe", "invoice_0423.docm", "setup_presenoker.exe", "payroll.xlsx.lnk", "updater.exe"]);
  return { sha1: random.hex(40), sha256: random.hex(64), fileName, filePath: "C:\\Users\\Public\\Downloads", fileSize: random.int(20_000, 4_000_000), filePublisher: null };
}

function multiStageDescription(devices: number): string {
  return `Microsoft observed a multi-stage attack on ${devices > 1 ? "multiple devices" : "one device"} in your environment. The activity is consistent with hands-on-keyboard intrusion and could precede ransomware deployment.`;
}

function highestSeverity(severities: Severity[]): Severity {
  return severities.reduce((highest, severity) => (SEVERITY_RANK[severity] > SEVERITY_RANK[highest] ? severity : highest), "unknown");
}

function pickDistinct<T>(random: SeededRandom, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(random.int(0, pool.length - 1), 1)[0]);
  return picked;
}

/** Puts attacker-controlled text everywhere a customer's estate can put it (see hostile-text.ts). */
function makeHostile(incident: Incident, index: number): void {
  const fragment = hostileFragment(index);
  incident.displayName = index === 0 ? VERY_LONG_TEXT : `${incident.displayName} ${fragment}`;
  incident.description = index === 1 ? VERY_LONG_TEXT : `<h1>Investigate</h1><p>${fragment}</p>`;
  incident.customTags = [hostileFragment(index + 1), `tag${RIGHT_TO_LEFT_OVERRIDE}txt.exe`];
  if (index % 3 === 0) incident.assignedTo = `${hostileFragment(index + 2)}@attacker.example`;
  incident.comments.push({ comment: `${hostileFragment(index + 3)} ${index === 2 ? VERY_LONG_TEXT : ""}`.trim(), createdBy: "attacker@attacker.example", createdAt: incident.lastUpdatedAt });
  for (const alert of incident.alerts) {
    alert.title = `${alert.title} ${hostileFragment(index + 4)}`;
    alert.description = `${alert.description} ${hostileFragment(index + 5)}`;
    alert.alertWebUrl = JAVASCRIPT_URL;
    alert.evidence.push({ verdict: "malicious", remediationStatus: "none", roles: [], kind: "url", url: JAVASCRIPT_URL });
    for (const evidence of alert.evidence) hostileEvidence(evidence, index);
  }
}

function hostileEvidence(evidence: Evidence, index: number): void {
  if (evidence.kind === "file") evidence.file = { ...evidence.file, fileName: `invoice${RIGHT_TO_LEFT_OVERRIDE}fdp.exe` };
  if (evidence.kind === "mailMessage") evidence.subject = `${hostileFragment(index + 6)} ${evidence.subject}`;
  if (evidence.kind === "mailbox") evidence.displayName = `${evidence.displayName} ${hostileFragment(index + 7)}`;
  if (evidence.kind === "user") evidence.account = { ...evidence.account, displayName: `${evidence.account.displayName} ${hostileFragment(index + 8)}` };
}
