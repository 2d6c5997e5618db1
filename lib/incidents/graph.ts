import "server-only";

import { getConfig } from "@/lib/config";

import { asSeverity, asStatus, microsoftPortalUrl, plainValues, strings, text, type Alert, type Evidence, type Incident, type IncidentDetail } from "./model";
import { INCIDENT_ID, readPages, windowFilter, WindowTooLarge, type IncidentSource } from "./source";
import { getJson, sendJson, UpstreamError, upstreamProblem } from "./upstream";

type Json = Record<string, unknown>;

const PAGE_SIZE = 50; // Graph refuses $top above 50 for security incidents.
// Graph documents a $skip cap of 500 for security resources: nextLinks past it fail, so a window
// holding more than this is read as smaller windows instead.
const MAX_READABLE = 500 + PAGE_SIZE;
// Without it Graph sends `unknownFutureValue` for newer enum members such as `awaitingAction`.
const PREFER = { prefer: "include-unknown-enum-members" };

/** Microsoft Graph `/security/incidents`: the default incident API. */
export const graphSource: IncidentSource = {
  async *updated(tenantId, window) {
    const base = getConfig().microsoft.graphApiBase;
    // Lists never expand alerts: with $filter that gave persistent 500s on large tenants.
    const query = new URLSearchParams({ $filter: windowFilter("lastUpdateDateTime", window), $top: String(PAGE_SIZE), $count: "true" });
    yield* readPages(tenantId, "graph", {
      base,
      first: `${base}/v1.0/security/incidents?${query}`,
      headers: PREFER,
      toIncident: (item) => graphIncident(item, tenantId),
      check: (page) => {
        const count = page["@odata.count"];
        if (typeof count === "number" && count > MAX_READABLE) throw new WindowTooLarge(count);
      },
    });
  },

  async get(tenantId, incidentId) {
    if (!INCIDENT_ID.test(incidentId)) throw new UpstreamError(upstreamProblem("not_found", { key: "noSuchIncident" }));
    const base = getConfig().microsoft.graphApiBase;
    const item = (await getJson(tenantId, "graph", `${base}/v1.0/security/incidents/${incidentId}?$expand=alerts`, PREFER)) as Json;
    return {
      ...graphIncident(item, tenantId),
      description: text(item.description),
      comments: ((item.comments as Json[] | undefined) ?? []).map((comment) => ({
        text: String(comment.comment ?? ""),
        author: text(comment.createdByDisplayName),
        createdAt: text(comment.createdDateTime),
      })),
      alerts: ((item.alerts as Json[] | undefined) ?? []).map(graphAlert),
    } satisfies IncidentDetail;
  },

  async update(tenantId, incidentId, change) {
    if (!INCIDENT_ID.test(incidentId)) throw new UpstreamError(upstreamProblem("not_found", { key: "noSuchIncident" }));
    const url = `${getConfig().microsoft.graphApiBase}/v1.0/security/incidents/${incidentId}`;
    const { comment, tags, ...fields } = change;
    const body = { ...fields, ...(tags && { customTags: tags }) };
    const updated = Object.keys(body).length > 0 ? graphIncident((await sendJson(tenantId, "graph", url, "PATCH", body, PREFER)) as Json, tenantId) : null;
    if (comment) await sendJson(tenantId, "graph", `${url}/comments`, "POST", { "@odata.type": "microsoft.graph.security.alertComment", comment });
    return updated;
  },
};

function graphIncident(item: Json, tenantId: string): Incident {
  return {
    id: String(item.id),
    tenantId,
    title: String(item.displayName ?? ""),
    severity: asSeverity(item.severity),
    status: asStatus(item.status),
    classification: known(item.classification),
    determination: known(item.determination),
    assignedTo: text(item.assignedTo),
    createdAt: String(item.createdDateTime ?? ""),
    lastUpdatedAt: String(item.lastUpdateDateTime ?? ""),
    tags: strings(item.customTags),
    webUrl: microsoftPortalUrl(item.incidentWebUrl),
  };
}

function graphAlert(alert: Json): Alert {
  const evidence = (alert.evidence as Json[] | undefined) ?? [];
  const devices = evidence.filter((item) => evidenceType(item) === "device");
  return {
    id: String(alert.id ?? ""),
    title: String(alert.title ?? ""),
    description: text(alert.description),
    severity: asSeverity(alert.severity),
    status: String(alert.status ?? "unknown"),
    category: text(alert.category),
    serviceSource: text(alert.serviceSource),
    detectionSource: text(alert.detectionSource),
    createdAt: text(alert.createdDateTime),
    mitreTechniques: strings(alert.mitreTechniques),
    devices: devices.map((device) => ({
      name: String(device.deviceDnsName ?? device.mdeDeviceId ?? "unknown device"),
      osPlatform: text(device.osPlatform),
      healthStatus: text(device.healthStatus),
      riskScore: text(device.riskScore),
    })),
    evidence: evidence.filter((item) => evidenceType(item) !== "device").map(graphEvidence),
  };
}

/** `#microsoft.graph.security.userEvidence` → `user`. */
function evidenceType(item: Json): string {
  return /\.(\w+?)Evidence$/.exec(String(item["@odata.type"] ?? ""))?.[1] ?? "other";
}

function graphEvidence(item: Json): Evidence {
  const account = (item.userAccount ?? {}) as Json;
  const file = (item.fileDetails ?? item.imageFile ?? {}) as Json;
  const name =
    text(account.userPrincipalName) ??
    text(account.accountName) ??
    text(item.ipAddress) ??
    text(item.url) ??
    text(file.fileName) ??
    text(item.processCommandLine) ??
    text(item.primaryAddress) ??
    text(item.subject) ??
    text(item.registryKey) ??
    text(item.displayName) ??
    evidenceType(item);
  return { type: evidenceType(item), name, verdict: text(item.verdict), details: plainValues({ ...item, ...account, ...file }) };
}

function known(value: unknown): string | null {
  const normal = text(value);
  return normal && normal !== "unknown" && normal !== "unknownFutureValue" ? normal : null;
}
