import { incidentWebUrl, microsoftTime, type Alert, type Evidence, type FileDetails, type Incident, type IncidentComment, type IncidentStatus, type UserAccount } from "../incidents/model";
import { UNKNOWN_FUTURE_VALUE } from "../incidents/odata";

// The Graph security API's view of the store: property names, order and enum spellings as in
// the v1.0 incident, alert and alertEvidence resources.

export interface GraphView {
  /** $expand=alerts. */
  withAlerts: boolean;
  /** `Prefer: include-unknown-enum-members`: otherwise members after the sentinel read as unknownFutureValue. */
  includeUnknownEnumMembers: boolean;
}

type GraphIncident = ReturnType<typeof graphIncident>;
/** An incident as Graph shows it with $expand=alerts. */
export type GraphIncidentWithAlerts = GraphIncident & Required<Pick<GraphIncident, "alerts">>;

export function graphIncident(incident: Incident, { withAlerts, includeUnknownEnumMembers }: GraphView) {
  return {
    "@odata.type": "#microsoft.graph.security.incident",
    id: String(incident.id),
    incidentWebUrl: incidentWebUrl(incident),
    redirectIncidentId: incident.redirectIncidentId === null ? null : String(incident.redirectIncidentId),
    tenantId: incident.tenantId,
    displayName: incident.displayName,
    createdDateTime: microsoftTime(incident.createdAt),
    lastUpdateDateTime: microsoftTime(incident.lastUpdatedAt),
    assignedTo: incident.assignedTo,
    classification: incident.classification,
    determination: incident.determination,
    status: graphStatus(incident.status, includeUnknownEnumMembers),
    severity: incident.severity,
    customTags: incident.customTags,
    comments: incident.comments.map(graphComment),
    systemTags: incident.systemTags,
    description: incident.description,
    lastModifiedBy: incident.lastModifiedBy,
    resolvingComment: incident.resolvingComment,
    summary: incident.summary,
    ...(withAlerts && { alerts: incident.alerts.map((alert) => graphAlert(incident, alert)) }),
  };
}

/** An alertComment, as the incident's `comments` and POST …/comments show it. */
export function graphComment(comment: IncidentComment) {
  return { comment: comment.comment, createdByDisplayName: comment.createdBy, createdDateTime: microsoftTime(comment.createdAt) };
}

function graphStatus(status: IncidentStatus, includeUnknownEnumMembers: boolean): IncidentStatus | typeof UNKNOWN_FUTURE_VALUE {
  return status === "awaitingAction" && !includeUnknownEnumMembers ? UNKNOWN_FUTURE_VALUE : status;
}

function graphAlert(incident: Incident, alert: Alert) {
  return {
    "@odata.type": "#microsoft.graph.security.alert",
    id: alert.id,
    providerAlertId: alert.id,
    incidentId: String(incident.id),
    status: alert.status,
    severity: alert.severity,
    classification: alert.classification ?? "unknown",
    determination: alert.determination ?? "unknown",
    serviceSource: alert.serviceSource,
    detectionSource: alert.detectionSource,
    detectorId: alert.detectorId,
    tenantId: incident.tenantId,
    title: alert.title,
    description: alert.description,
    recommendedActions: alert.recommendedActions,
    category: alert.category,
    assignedTo: alert.assignedTo,
    alertWebUrl: alert.alertWebUrl,
    incidentWebUrl: incidentWebUrl(incident),
    actorDisplayName: alert.actorDisplayName,
    threatDisplayName: alert.threatFamilyName,
    threatFamilyName: alert.threatFamilyName,
    mitreTechniques: alert.mitreTechniques,
    createdDateTime: microsoftTime(alert.createdAt),
    lastUpdateDateTime: microsoftTime(alert.lastUpdatedAt),
    resolvedDateTime: alert.resolvedAt === null ? null : microsoftTime(alert.resolvedAt),
    firstActivityDateTime: microsoftTime(alert.firstActivityAt),
    lastActivityDateTime: microsoftTime(alert.lastActivityAt),
    comments: [],
    systemTags: [],
    evidence: alert.evidence.map((evidence) => graphEvidence(evidence, alert.createdAt)),
  };
}

function graphEvidence(evidence: Evidence, createdAt: number) {
  const common = (type: string) => ({
    "@odata.type": `#microsoft.graph.security.${type}`,
    createdDateTime: microsoftTime(createdAt),
    verdict: evidence.verdict,
    remediationStatus: evidence.remediationStatus,
    remediationStatusDetails: null,
    roles: evidence.roles,
    detailedRoles: [],
    tags: [],
  });
  switch (evidence.kind) {
    case "device": {
      const { device } = evidence;
      return {
        ...common("deviceEvidence"),
        firstSeenDateTime: microsoftTime(device.firstSeen),
        mdeDeviceId: device.mdeDeviceId,
        azureAdDeviceId: device.azureAdDeviceId,
        deviceDnsName: device.deviceDnsName,
        osPlatform: device.osPlatform,
        osBuild: device.osBuild,
        version: device.version,
        healthStatus: device.healthStatus,
        riskScore: device.riskScore,
        rbacGroupId: device.rbacGroupId,
        rbacGroupName: device.rbacGroupName,
        onboardingStatus: "onboarded",
        defenderAvStatus: "updated",
        ipInterfaces: device.ipInterfaces,
        loggedOnUsers: [],
        vmMetadata: null,
      };
    }
    case "user":
      return { ...common("userEvidence"), userAccount: userAccount(evidence.account) };
    case "ip":
      return { ...common("ipEvidence"), ipAddress: evidence.ipAddress, countryLetterCode: evidence.countryLetterCode };
    case "url":
      return { ...common("urlEvidence"), url: evidence.url };
    case "file":
      return { ...common("fileEvidence"), detectionStatus: "detected", mdeDeviceId: evidence.mdeDeviceId, fileDetails: fileDetails(evidence.file) };
    case "process":
      return {
        ...common("processEvidence"),
        processId: evidence.processId,
        parentProcessId: evidence.parentProcessId,
        processCommandLine: evidence.commandLine,
        processCreationDateTime: microsoftTime(evidence.createdAt),
        parentProcessCreationDateTime: microsoftTime(evidence.parentCreatedAt),
        detectionStatus: "detected",
        mdeDeviceId: evidence.mdeDeviceId,
        imageFile: fileDetails(evidence.image),
        parentProcessImageFile: null,
        userAccount: userAccount(evidence.account),
      };
    case "mailbox":
      return { ...common("mailboxEvidence"), displayName: evidence.displayName, primaryAddress: evidence.primaryAddress, userAccount: userAccount(evidence.account) };
    case "mailMessage":
      return {
        ...common("analyzedMessageEvidence"),
        networkMessageId: evidence.networkMessageId,
        subject: evidence.subject,
        senderIp: evidence.senderIp,
        recipientEmailAddress: evidence.recipient,
        p1Sender: sender(evidence.sender),
        p2Sender: sender(evidence.sender),
        deliveryAction: evidence.deliveryAction.toLowerCase(),
        deliveryLocation: evidence.deliveryAction === "Delivered" ? "inbox" : evidence.deliveryAction === "Junked" ? "junkFolder" : "quarantine",
        receivedDateTime: microsoftTime(evidence.receivedAt),
        antiSpamDirection: "Inbound",
        language: "en",
        urlCount: 1,
        attachmentsCount: 0,
        threats: ["Phish"],
        threatDetectionMethods: ["URL detonation reputation"],
      };
    case "mailCluster":
      return { ...common("mailClusterEvidence"), clusterBy: evidence.clusterBy, clusterByValue: evidence.clusterByValue, emailCount: evidence.emailCount, networkMessageIds: [], query: null, urn: null };
    case "registryValue":
      return {
        ...common("registryValueEvidence"),
        mdeDeviceId: evidence.mdeDeviceId,
        registryHive: evidence.registryHive,
        registryKey: evidence.registryKey,
        registryValue: evidence.registryValue,
        registryValueName: evidence.registryValueName,
        registryValueType: evidence.registryValueType,
      };
  }
}

function userAccount(account: UserAccount) {
  return {
    accountName: account.accountName,
    domainName: account.domainName,
    userSid: account.userSid,
    azureAdUserId: account.azureAdUserId,
    userPrincipalName: account.userPrincipalName,
    displayName: account.displayName,
  };
}

function fileDetails(file: FileDetails) {
  return { sha1: file.sha1, sha256: file.sha256, fileName: file.fileName, filePath: file.filePath, fileSize: file.fileSize, filePublisher: file.filePublisher, signer: null, issuer: null };
}

function sender(address: string) {
  return { emailAddress: address, displayName: null, domainName: address.split("@")[1] ?? null };
}
