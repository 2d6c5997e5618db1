import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFENDER, FABRIKAM, GRAPH, startIncidentWorld, WOODGROVE, type IncidentTestWorld } from "./incidents-fixture";

const LIST = "/defender/api/incidents";
const ENTITY_KEYS = [
  "entityType", "sha1", "sha256", "fileName", "filePath", "processId", "processCommandLine", "processCreationTime", "parentProcessId",
  "parentProcessCreationTime", "ipAddress", "url", "accountName", "domainName", "userSid", "aadUserId", "userPrincipalName",
  "mailboxDisplayName", "mailboxAddress", "clusterBy", "sender", "recipient", "subject", "deliveryAction", "securityGroupId",
  "securityGroupName", "registryHive", "registryKey", "registryValueType", "registryValue", "deviceId",
];

describe("emulated Microsoft 365 Defender incidents API", () => {
  let world: IncidentTestWorld;
  let token: (tenantId: string, roles?: string[]) => string;
  beforeAll(async () => {
    world = await startIncidentWorld();
    token = (tenantId, roles = ["Incident.Read.All"]) => world.token({ tenantId, audience: DEFENDER, roles, appId: randomUUID() });
  });
  afterAll(() => world.close());
  beforeEach(() => world.clock.advance(61 * 60_000));

  const list = async (query: string, tenantId = FABRIKAM) => {
    const response = await world.get(`${LIST}${query}`, token(tenantId));
    return { status: response.status, body: await response.json() };
  };

  it("lists incidents newest first with alerts, devices and flat entities, in Defender's shape", async () => {
    const { status, body } = await list("");
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["@odata.context", "value"]);
    expect(body["@odata.context"]).toBe(`${world.url}/defender/api/$metadata#Incidents`);
    expect(body.value).toHaveLength(100);
    const incident = body.value[0];
    expect(Object.keys(incident)).toEqual([
      "incidentId", "redirectIncidentId", "incidentName", "createdTime", "lastUpdateTime", "assignedTo", "classification", "determination",
      "status", "severity", "tags", "comments", "alerts",
    ]);
    expect(typeof incident.incidentId).toBe("number");
    const created = body.value.map((item: { createdTime: string }) => item.createdTime);
    expect(created).toEqual([...created].sort().reverse());
    const alerts = body.value.flatMap((item: { alerts: unknown[] }) => item.alerts);
    expect(alerts.length).toBeGreaterThan(100);
    const entities = alerts.flatMap((alert: { entities: Record<string, unknown>[] }) => alert.entities);
    for (const entity of entities) expect(Object.keys(entity)).toEqual(ENTITY_KEYS);
    expect(new Set(entities.map((entity: { entityType: string }) => entity.entityType))).toEqual(new Set(["User", "Ip", "Url", "File", "Process", "MailBox", "MailMessage", "MailCluster", "Registry"]));
    const device = alerts.flatMap((alert: { devices: Record<string, unknown>[] }) => alert.devices)[0];
    expect(Object.keys(device)).toEqual(["mdatpDeviceId", "aadDeviceId", "deviceDnsName", "osPlatform", "version", "osProcessor", "osBuild", "healthStatus", "riskScore", "rbacGroupName", "rbacGroupId", "firstSeen"]);
    for (const item of body.value) {
      expect(["Active", "InProgress", "Resolved", "Redirected"]).toContain(item.status);
      expect(["UnSpecified", "Informational", "Low", "Medium", "High"]).toContain(item.severity);
      expect(["Unknown", "FalsePositive", "TruePositive", "InformationalExpectedActivity"]).toContain(item.classification);
    }
  });

  it("honours $top up to 100 and $skip, and refuses $top 101", async () => {
    const first = (await list("?$top=100")).body.value.map((item: { incidentId: number }) => item.incidentId);
    const rest = (await list("?$top=100&$skip=100")).body.value.map((item: { incidentId: number }) => item.incidentId);
    expect(rest).toHaveLength(20);
    expect(new Set([...first, ...rest]).size).toBe(120);
    const { status, body } = await list("?$top=101");
    expect(status).toBe(400);
    expect(body).toEqual({
      error: { code: "ODataError", message: "Invalid OData URI query: The limit of '100' for Top query has been exceeded. The value from the incoming request is '101'.", target: expect.any(String) },
    });
  });

  it("filters on lastUpdateTime, createdTime, status and assignedTo", async () => {
    const all = [...(await list("?$top=100")).body.value, ...(await list("?$skip=100")).body.value];
    const cutoff = "2026-09-01T00:00:00Z";
    const { body } = await list(`?$filter=${encodeURIComponent(`status eq 'Active' and lastUpdateTime ge ${cutoff}`)}`);
    const expected = all.filter((item) => item.status === "Active" && Date.parse(item.lastUpdateTime) >= Date.parse(cutoff));
    expect(body.value.map((item: { incidentId: number }) => item.incidentId)).toEqual(expected.map((item) => item.incidentId));
    expect(expected.length).toBeGreaterThan(0);
    const created = await list(`?$filter=${encodeURIComponent(`createdTime lt ${cutoff} or assignedTo eq null`)}`);
    expect(created.body.value.length).toBe(all.filter((item) => Date.parse(item.createdTime) < Date.parse(cutoff) || item.assignedTo === null).length);
  });

  it("refuses a filter on any other property with 400", async () => {
    const { status, body } = await list(`?$filter=${encodeURIComponent("severity eq 'High'")}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "ODataError", message: "Invalid OData URI query: The property 'severity' cannot be used in the $filter query option." });
  });

  it("answers 401 Unauthorized in Defender's body for a missing token or a Graph token", async () => {
    const missing = await fetch(`${world.url}${LIST}`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: "Unauthorized", message: "Unauthorized", target: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    const graphToken = world.token({ tenantId: FABRIKAM, audience: GRAPH, roles: ["Incident.Read.All"] });
    expect((await world.get(LIST, graphToken)).status).toBe(401);
  });

  it("answers 403 when the token lacks Incident.Read.All", async () => {
    const response = await world.get(LIST, token(FABRIKAM, ["SecurityIncident.Read.All"]));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("Forbidden");
  });

  it("gets one incident, and not another tenant's", async () => {
    const [first] = (await list("?$top=1")).body.value;
    const response = await world.get(`${LIST}/${first.incidentId}`, token(FABRIKAM));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ "@odata.context": `${world.url}/defender/api/$metadata#Incidents/$entity`, ...first });
    const elsewhere = await world.get(`${LIST}/${first.incidentId}`, token(WOODGROVE));
    expect(elsewhere.status).toBe(404);
    expect((await elsewhere.json()).error.code).toBe("ResourceNotFound");
  });
});
