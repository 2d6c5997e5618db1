import "server-only";

import { getConfig } from "@/lib/config";

import { asSeverity, asStatus, incidentPortalUrl, lowerFirst, plainValues, strings, text, type Alert, type Incident, type IncidentDetail } from "./model";
import { INCIDENT_ID, readPages, windowFilter, type IncidentSource, type UpdateWindow } from "./source";
import { getJson, sendJson, UpstreamError, upstreamProblem } from "./upstream";

type Json = Record<string, unknown>;

const PAGE_SIZE = 100; // The Defender API's largest $top.

// Defender's determinations in Graph's spelling, so both APIs give the same incident model.
const DETERMINATIONS: Record<string, string | null> = {
  NotAvailable: null,
  Clean: "notMalicious",
  NoEnoughDataToValidate: "notEnoughDataToValidate",
};

// Defender names alert sources by the older product names; the model uses Graph's names.
const SERVICE_SOURCES: Record<string, string> = {
  MicrosoftDefenderATP: "microsoftDefenderForEndpoint",
  OfficeATP: "microsoftDefenderForOffice365",
  MicrosoftCloudAppSecurity: "microsoftDefenderForCloudApps",
  AzureATP: "microsoftDefenderForIdentity",
};
const DETECTION_SOURCES: Record<string, string> = {
  WindowsDefenderAtp: "microsoftDefenderForEndpoint",
  WindowsDefenderAv: "antivirus",
  OfficeATP: "microsoftDefenderForOffice365",
  MCAS: "cloudAppSecurity",
  AzureATP: "microsoftDefenderForIdentity",
};

/**
 * The legacy Microsoft 365 Defender `/api/incidents`, which Microsoft is reported to retire on
 * 2027-02-01. It documents no nextLink: pages by $skip until a short page (a nextLink is followed if sent).
 */
export const defenderSource: IncidentSource = {
  async *updated(tenantId, window) {
    const base = getConfig().microsoft.defenderApiBase;
    yield* readPages(tenantId, "defender", {
      base,
      first: pageUrl(base, window, 0),
      toIncident: (item) => defenderIncident(item, tenantId),
      fallback: (items, read) => (items.length === PAGE_SIZE ? pageUrl(base, window, read) : null),
    });
  },

  async get(tenantId, incidentId) {
    if (!INCIDENT_ID.test(incidentId)) throw new UpstreamError(upstreamProblem("not_found", { key: "noSuchIncident" }));
    const base = getConfig().microsoft.defenderApiBase;
    const item = (await getJson(tenantId, "defender", `${base}/api/incidents/${incidentId}`)) as Json;
    return {
      ...defenderIncident(item, tenantId),
      description: text(item.description),
      comments: ((item.comments as Json[] | undefined) ?? []).map((comment) => ({
        text: String(comment.comment ?? ""),
        author: text(comment.createdBy),
        createdAt: text(comment.createdTime),
      })),
      alerts: ((item.alerts as Json[] | undefined) ?? []).map(defenderAlert),
    } satisfies IncidentDetail;
  },

  async update(tenantId, incidentId, change) {
    if (!INCIDENT_ID.test(incidentId)) throw new UpstreamError(upstreamProblem("not_found", { key: "noSuchIncident" }));
    const { status, classification, determination, ...rest } = change;
    // One PATCH carries everything, the comment included; Defender spells its enums in PascalCase.
    const body = {
      ...rest,
      ...(status && { status: upperFirst(status) }),
      ...(classification && { classification: upperFirst(classification) }),
      ...(determination && { determination: DEFENDER_DETERMINATIONS[determination] ?? upperFirst(determination) }),
    };
    const item = (await sendJson(tenantId, "defender", `${getConfig().microsoft.defenderApiBase}/api/incidents/${incidentId}`, "PATCH", body)) as Json;
    return defenderIncident(item, tenantId);
  },
};

// Graph's spelling → Defender's, where they differ by more than the first letter.
const DEFENDER_DETERMINATIONS: Record<string, string> = { notMalicious: "Clean", notEnoughDataToValidate: "NoEnoughDataToValidate" };

function upperFirst(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function pageUrl(base: string, window: UpdateWindow, skip: number): string {
  const query = new URLSearchParams({ $filter: windowFilter("lastUpdateTime", window), $top: String(PAGE_SIZE), $skip: String(skip) });
  return `${base}/api/incidents?${query}`;
}

function defenderIncident(item: Json, tenantId: string): Incident {
  const id = String(item.incidentId);
  return {
    id,
    tenantId,
    title: String(item.incidentName ?? ""),
    severity: asSeverity(item.severity),
    status: asStatus(item.status),
    classification: item.classification && item.classification !== "Unknown" ? lowerFirst(String(item.classification)) : null,
    determination: determination(item.determination),
    assignedTo: text(item.assignedTo),
    createdAt: String(item.createdTime ?? ""),
    lastUpdatedAt: String(item.lastUpdateTime ?? ""),
    tags: strings(item.tags),
    // The API has no portal link; this is the address Microsoft's portal uses for an incident.
    webUrl: incidentPortalUrl(tenantId, id),
  };
}

function determination(value: unknown): string | null {
  const name = text(value);
  if (!name) return null;
  return name in DETERMINATIONS ? DETERMINATIONS[name] : lowerFirst(name);
}

function defenderAlert(alert: Json): Alert {
  return {
    id: String(alert.alertId ?? ""),
    title: String(alert.title ?? ""),
    description: text(alert.description),
    severity: asSeverity(alert.severity),
    status: lowerFirst(String(alert.status ?? "Unknown")),
    category: text(alert.category),
    serviceSource: graphName(alert.serviceSource, SERVICE_SOURCES),
    detectionSource: graphName(alert.detectionSource, DETECTION_SOURCES),
    createdAt: text(alert.creationTime),
    mitreTechniques: strings(alert.mitreTechniques),
    devices: ((alert.devices as Json[] | undefined) ?? []).map((device) => ({
      name: String(device.deviceDnsName ?? device.mdatpDeviceId ?? "unknown device"),
      osPlatform: text(device.osPlatform),
      healthStatus: graphName(device.healthStatus, {}),
      riskScore: graphName(device.riskScore, {}),
    })),
    evidence: ((alert.entities as Json[] | undefined) ?? []).map((entity) => {
      const type = lowerFirst(String(entity.entityType ?? "other"));
      const name =
        text(entity.userPrincipalName) ??
        text(entity.accountName) ??
        text(entity.ipAddress) ??
        text(entity.url) ??
        text(entity.fileName) ??
        text(entity.processCommandLine) ??
        text(entity.mailboxAddress) ??
        text(entity.subject) ??
        text(entity.registryKey) ??
        text(entity.securityGroupName) ??
        type;
      return { type, name, verdict: null, details: plainValues(entity) };
    }),
  };
}

function graphName(value: unknown, names: Record<string, string>): string | null {
  const name = text(value);
  return name === null ? null : (names[name] ?? lowerFirst(name));
}
