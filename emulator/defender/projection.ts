import { microsoftTime, type Alert, type Classification, type DeviceDetails, type Determination, type Evidence, type Incident, type IncidentStatus, type Severity } from "../incidents/model";

// The legacy Defender API's view of the store: PascalCase enums, alerts always included, devices
// split out of the evidence, and every other evidence item flattened into an entity that carries
// every entity key (null when it does not apply).

// Defender's status has no awaitingAction and Microsoft documents no mapping: the emulator shows
// those incidents as Active, which they are to the customer.
export const DEFENDER_STATUS: Record<IncidentStatus, string> = { active: "Active", inProgress: "InProgress", resolved: "Resolved", redirected: "Redirected", awaitingAction: "Active" };
const DEFENDER_SEVERITY: Record<Severity, string> = { unknown: "UnSpecified", informational: "Informational", low: "Low", medium: "Medium", high: "High" };
export const DEFENDER_CLASSIFICATION: Record<Classification, string> = {
  unknown: "Unknown",
  falsePositive: "FalsePositive",
  truePositive: "TruePositive",
  informationalExpectedActivity: "InformationalExpectedActivity",
};
export const DEFENDER_DETERMINATION: Record<Determination, string> = {
  unknown: "NotAvailable",
  apt: "Apt",
  malware: "Malware",
  securityPersonnel: "SecurityPersonnel",
  securityTesting: "SecurityTesting",
  unwantedSoftware: "UnwantedSoftware",
  other: "Other",
  multiStagedAttack: "MultiStagedAttack",
  compromisedAccount: "CompromisedAccount",
  phishing: "Phishing",
  maliciousUserActivity: "MaliciousUserActivity",
  notMalicious: "Clean",
  notEnoughDataToValidate: "NoEnoughDataToValidate",
  confirmedActivity: "ConfirmedActivity",
  lineOfBusinessApplication: "LineOfBusinessApplication",
};

// Defender names its sources as its documentation's examples do (the pre-rename product names).
const SERVICE_SOURCES: Record<string, string> = {
  microsoftDefenderForEndpoint: "MicrosoftDefenderATP",
  microsoftDefenderForOffice365: "OfficeATP",
  microsoftDefenderForCloudApps: "MicrosoftCloudAppSecurity",
  microsoftDefenderForIdentity: "AzureATP",
  azureAdIdentityProtection: "AzureAdIdentityProtection",
  microsoft365Defender: "Microsoft365Defender",
};
const DETECTION_SOURCES: Record<string, string> = {
  microsoftDefenderForEndpoint: "WindowsDefenderAtp",
  antivirus: "WindowsDefenderAv",
  microsoftDefenderForOffice365: "OfficeATP",
  cloudAppSecurity: "MCAS",
  microsoftDefenderForIdentity: "AzureATP",
  azureAdIdentityProtection: "AzureAdIdentityProtection",
  customDetection: "CustomDetection",
};
const ALERT_STATUS = { new: "New", inProgress: "InProgress", resolved: "Resolved" } as const;

const ENTITY_KEYS = [
  "entityType", "sha1", "sha256", "fileName", "filePath", "processId", "processCommandLine", "processCreationTime", "parentProcessId",
  "parentProcessCreationTime", "ipAddress", "url", "accountName", "domainName", "userSid", "aadUserId", "userPrincipalName",
  "mailboxDisplayName", "mailboxAddress", "clusterBy", "sender", "recipient", "subject", "deliveryAction", "securityGroupId",
  "securityGroupName", "registryHive", "registryKey", "registryValueType", "registryValue", "deviceId",
] as const;

type DefenderEntity = Record<(typeof ENTITY_KEYS)[number], string | number | null>;

export function defenderIncident(incident: Incident) {
  return {
    incidentId: incident.id,
    redirectIncidentId: incident.redirectIncidentId,
    incidentName: incident.displayName,
    createdTime: microsoftTime(incident.createdAt),
    lastUpdateTime: microsoftTime(incident.lastUpdatedAt),
    assignedTo: incident.assignedTo,
    classification: DEFENDER_CLASSIFICATION[incident.classification],
    determination: DEFENDER_DETERMINATION[incident.determination],
    status: DEFENDER_STATUS[incident.status],
    severity: DEFENDER_SEVERITY[incident.severity],
    tags: incident.customTags,
    comments: incident.comments.map((comment) => ({ comment: comment.comment, createdBy: comment.createdBy, createdTime: microsoftTime(comment.createdAt) })),
    alerts: incident.alerts.map(defenderAlert),
  };
}

function defenderAlert(alert: Alert) {
  return {
    alertId: alert.id,
    incidentId: alert.incidentId,
    serviceSource: SERVICE_SOURCES[alert.serviceSource] ?? alert.serviceSource,
    creationTime: microsoftTime(alert.createdAt),
    lastUpdatedTime: microsoftTime(alert.lastUpdatedAt),
    resolvedTime: alert.resolvedAt === null ? null : microsoftTime(alert.resolvedAt),
    firstActivity: microsoftTime(alert.firstActivityAt),
    lastActivity: microsoftTime(alert.lastActivityAt),
    title: alert.title,
    description: alert.description,
    category: alert.category,
    status: ALERT_STATUS[alert.status],
    severity: DEFENDER_SEVERITY[alert.severity],
    investigationId: alert.investigationId,
    investigationState: alert.investigationState,
    classification: alert.classification === null ? null : DEFENDER_CLASSIFICATION[alert.classification],
    determination: alert.determination === null ? null : DEFENDER_DETERMINATION[alert.determination],
    detectionSource: DETECTION_SOURCES[alert.detectionSource] ?? alert.detectionSource,
    detectorId: alert.detectorId,
    assignedTo: alert.assignedTo,
    actorName: alert.actorDisplayName,
    threatFamilyName: alert.threatFamilyName,
    mitreTechniques: alert.mitreTechniques,
    devices: alert.evidence.flatMap((evidence) => (evidence.kind === "device" ? [defenderDevice(evidence.device)] : [])),
    entities: alert.evidence.flatMap((evidence) => (evidence.kind === "device" ? [] : [defenderEntity(evidence)])),
  };
}

function defenderDevice(device: DeviceDetails) {
  return {
    mdatpDeviceId: device.mdeDeviceId,
    aadDeviceId: device.azureAdDeviceId,
    deviceDnsName: device.deviceDnsName,
    osPlatform: device.osPlatform,
    version: device.version,
    osProcessor: device.osProcessor,
    osBuild: device.osBuild,
    healthStatus: pascal(device.healthStatus),
    riskScore: pascal(device.riskScore),
    rbacGroupName: device.rbacGroupName,
    rbacGroupId: device.rbacGroupId,
    firstSeen: microsoftTime(device.firstSeen),
  };
}

function defenderEntity(evidence: Exclude<Evidence, { kind: "device" }>): DefenderEntity {
  const entity = Object.fromEntries(ENTITY_KEYS.map((key) => [key, null])) as DefenderEntity;
  const fill = (values: Partial<DefenderEntity>) => Object.assign(entity, values);
  switch (evidence.kind) {
    case "user": {
      const { account } = evidence;
      return fill({ entityType: "User", accountName: account.accountName, domainName: account.domainName, userSid: account.userSid, aadUserId: account.azureAdUserId, userPrincipalName: account.userPrincipalName });
    }
    case "ip":
      return fill({ entityType: "Ip", ipAddress: evidence.ipAddress });
    case "url":
      return fill({ entityType: "Url", url: evidence.url });
    case "file":
      return fill({ entityType: "File", sha1: evidence.file.sha1, sha256: evidence.file.sha256, fileName: evidence.file.fileName, filePath: evidence.file.filePath, deviceId: evidence.mdeDeviceId });
    case "process":
      return fill({
        entityType: "Process",
        sha1: evidence.image.sha1,
        sha256: evidence.image.sha256,
        fileName: evidence.image.fileName,
        filePath: evidence.image.filePath,
        processId: evidence.processId,
        processCommandLine: evidence.commandLine,
        processCreationTime: microsoftTime(evidence.createdAt),
        parentProcessId: evidence.parentProcessId,
        parentProcessCreationTime: microsoftTime(evidence.parentCreatedAt),
        accountName: evidence.account.accountName,
        domainName: evidence.account.domainName,
        userSid: evidence.account.userSid,
        deviceId: evidence.mdeDeviceId,
      });
    case "mailbox":
      return fill({ entityType: "MailBox", userPrincipalName: evidence.account.userPrincipalName, mailboxDisplayName: evidence.displayName, mailboxAddress: evidence.primaryAddress });
    case "mailMessage":
      return fill({ entityType: "MailMessage", userPrincipalName: evidence.recipient, sender: evidence.sender, recipient: evidence.recipient, subject: evidence.subject, deliveryAction: evidence.deliveryAction });
    case "mailCluster":
      return fill({ entityType: "MailCluster", clusterBy: evidence.clusterBy });
    case "registryValue":
      return fill({ entityType: "Registry", registryHive: evidence.registryHive, registryKey: evidence.registryKey, registryValueType: evidence.registryValueType, registryValue: evidence.registryValue, deviceId: evidence.mdeDeviceId });
  }
}

function pascal(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
