import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeJwtPart } from "./emulator-fixture";
import { ADATUM_EMPTY, FABRIKAM, GRAPH, LITWARE_LARGE, startIncidentWorld, TAILSPIN, type IncidentTestWorld } from "./incidents-fixture";

const LIST = "/graph/v1.0/security/incidents";
const READ = ["SecurityIncident.Read.All"];

describe("emulated Microsoft Graph security incidents API", () => {
  let world: IncidentTestWorld;
  let token: (tenantId: string, roles?: string[]) => string;
  beforeAll(async () => {
    world = await startIncidentWorld();
    // A fresh app id per token keeps each test in its own throttling window.
    token = (tenantId, roles = READ) => world.token({ tenantId, audience: GRAPH, roles, appId: randomUUID() });
  });
  afterAll(() => world.close());
  beforeEach(() => world.clock.advance(61_000));

  const list = async (query: string, tenantId = FABRIKAM) => {
    const response = await world.get(`${LIST}${query}`, token(tenantId));
    return { status: response.status, body: await response.json() };
  };

  it("lists the most recent incidents first, 50 per page, in Graph's shape", async () => {
    const response = await world.get(LIST, token(FABRIKAM));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json;odata\.metadata=minimal/);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["@odata.context", "@odata.nextLink", "value"]);
    expect(body["@odata.context"]).toBe(`${world.url}/graph/v1.0/$metadata#security/incidents`);
    expect(body.value).toHaveLength(50);
    const created = body.value.map((incident: { createdDateTime: string }) => Date.parse(incident.createdDateTime));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const incident = body.value[0];
    expect(Object.keys(incident)).toEqual([
      "@odata.type", "id", "incidentWebUrl", "redirectIncidentId", "tenantId", "displayName", "createdDateTime", "lastUpdateDateTime",
      "assignedTo", "classification", "determination", "status", "severity", "customTags", "comments", "systemTags", "description",
    ]);
    expect(incident.id).toMatch(/^\d+$/);
    expect(incident.incidentWebUrl).toBe(`https://security.microsoft.com/incidents/${incident.id}?tid=${FABRIKAM}`);
    expect(incident.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
  });

  it("pages through a tenant with 1,200 incidents by nextLink, each incident exactly once", async () => {
    const seen: string[] = [];
    let next: string | undefined = `${world.url}${LIST}?$count=true`;
    const bearer = token(LITWARE_LARGE);
    while (next) {
      expect(next.startsWith(`${world.url}/graph/v1.0/security/incidents?`)).toBe(true);
      const response: Response = await fetch(next, { headers: { authorization: `Bearer ${bearer}` } });
      expect(response.status).toBe(200);
      const body: { value: { id: string }[]; "@odata.count": number; "@odata.nextLink"?: string } = await response.json();
      expect(body["@odata.count"]).toBe(1200);
      seen.push(...body.value.map((incident) => incident.id));
      next = body["@odata.nextLink"];
    }
    expect(seen).toHaveLength(1200);
    expect(new Set(seen).size).toBe(1200);
  });

  it("answers an empty tenant with an empty page and no nextLink", async () => {
    const { status, body } = await list("?$count=true", ADATUM_EMPTY);
    expect(status).toBe(200);
    expect(body).toEqual({ "@odata.context": `${world.url}/graph/v1.0/$metadata#security/incidents`, "@odata.count": 0, value: [] });
  });

  it("honours $top and $skip", async () => {
    const all = (await list("?$top=50")).body.value.map((incident: { id: string }) => incident.id);
    const page = await list("?$top=5&$skip=10");
    expect(page.body.value.map((incident: { id: string }) => incident.id)).toEqual(all.slice(10, 15));
    expect(new URL(page.body["@odata.nextLink"]).searchParams.get("$top")).toBe("5");
  });

  it("refuses $top over 50 with 400 and Graph's error body", async () => {
    const response = await world.get(`${LIST}?$top=51`, token(FABRIKAM));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("BadRequest");
    expect(body.error.message).toBe("The limit of '50' for Top query has been exceeded. The value from the incoming request is '51'.");
    expect(Object.keys(body.error.innerError)).toEqual(["date", "request-id", "client-request-id"]);
  });

  it("filters on enums, strings and dates combined with and, or and parentheses", async () => {
    const everything = (await list("?$top=50")).body;
    const all = [...everything.value, ...(await (await fetch(everything["@odata.nextLink"], { headers: { authorization: `Bearer ${token(FABRIKAM)}` } })).json()).value];
    const next = await (await fetch(`${world.url}${LIST}?$skip=100`, { headers: { authorization: `Bearer ${token(FABRIKAM)}` } })).json();
    all.push(...next.value);
    expect(all).toHaveLength(120);
    type Row = { status: string; severity: string; lastUpdateDateTime: string; assignedTo: string | null; classification: string };
    const cutoff = "2026-09-01T00:00:00Z";
    const cases: [string, (incident: Row) => boolean][] = [
      ["status eq 'active'", (incident) => incident.status === "active"],
      ["status ne 'resolved' and severity eq 'high'", (incident) => incident.status !== "resolved" && incident.severity === "high"],
      [`lastUpdateDateTime ge ${cutoff}`, (incident) => Date.parse(incident.lastUpdateDateTime) >= Date.parse(cutoff)],
      [`(status eq 'active' or status eq 'inProgress') and lastUpdateDateTime lt ${cutoff}`, (incident) => ["active", "inProgress"].includes(incident.status) && Date.parse(incident.lastUpdateDateTime) < Date.parse(cutoff)],
      ["assignedTo eq null and classification eq 'unknown'", (incident) => incident.assignedTo === null && incident.classification === "unknown"],
      ["severity ge 'medium'", (incident) => incident.severity === "medium" || incident.severity === "high"],
    ];
    for (const [filter, expected] of cases) {
      const { status, body } = await list(`?$count=true&$filter=${encodeURIComponent(filter)}`);
      expect(status, filter).toBe(200);
      expect(body["@odata.count"], filter).toBe(all.filter(expected).length);
      expect(body["@odata.count"], filter).toBeGreaterThan(0);
    }
  });

  it.each([
    ["displayName eq 'x'", "Invalid filter clause: The property 'displayName' cannot be used in the $filter query option."],
    ["colour eq 'blue'", "Invalid filter clause: Could not find a property named 'colour' on type 'microsoft.graph.security.incident'."],
    ["status eq 'sleeping'", "Invalid filter clause: The string 'sleeping' is not a valid enumeration type constant."],
    ["lastUpdateDateTime ge '2026-01-01'", "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThanOrEqual'."],
    ["contains(assignedTo,'a')", "Invalid filter clause: Function 'contains' is not allowed. To allow it, set the 'AllowedFunctions' property on EnableQueryAttribute or QueryValidationSettings."],
    ["status eq", "Invalid filter clause: Syntax error at position 9 in 'status eq'."],
  ])("refuses the filter %s with 400 BadRequest", async (filter, message) => {
    const { status, body } = await list(`?$filter=${encodeURIComponent(filter)}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "BadRequest", message });
  });

  it("orders by $orderby and refuses properties it cannot sort on", async () => {
    const ascending = (await list("?$orderby=lastUpdateDateTime asc&$top=20")).body.value.map((incident: { lastUpdateDateTime: string }) => incident.lastUpdateDateTime);
    expect(ascending).toEqual([...ascending].sort());
    const refused = await list("?$orderby=displayName");
    expect(refused.status).toBe(400);
  });

  it("includes alerts with typed evidence only with $expand=alerts", async () => {
    const plain = await list("?$top=3");
    expect(plain.body.value[0].alerts).toBeUndefined();
    const expanded = await list("?$top=3&$expand=alerts");
    expect(expanded.body["@odata.context"]).toBe(`${world.url}/graph/v1.0/$metadata#security/incidents(alerts())`);
    const alert = expanded.body.value[0].alerts[0];
    expect(alert).toMatchObject({ "@odata.type": "#microsoft.graph.security.alert", incidentId: expanded.body.value[0].id, tenantId: FABRIKAM });
    expect(alert.evidence.length).toBeGreaterThan(0);
    for (const evidence of alert.evidence) expect(evidence["@odata.type"]).toMatch(/^#microsoft\.graph\.security\.\w+Evidence$/);
    expect((await list("?$expand=comments")).status).toBe(400);
  });

  it("gets one incident by id, and answers 404 for an id of another tenant", async () => {
    const [first] = (await list("?$top=1")).body.value;
    const response = await world.get(`${LIST}/${first.id}?$expand=alerts`, token(FABRIKAM));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body["@odata.context"]).toBe(`${world.url}/graph/v1.0/$metadata#security/incidents(alerts())/$entity`);
    expect(body.id).toBe(first.id);
    expect(body.alerts.length).toBeGreaterThan(0);
    const elsewhere = await world.get(`${LIST}/${first.id}`, token(TAILSPIN));
    expect(elsewhere.status).toBe(404);
    expect((await elsewhere.json()).error.code).toBe("NotFound");
  });

  describe("token checks", () => {
    const expectInvalidToken = async (response: Response, message: string) => {
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
      const body = await response.json();
      expect(body).toEqual({ error: { code: "InvalidAuthenticationToken", message, innerError: { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/), "request-id": expect.any(String), "client-request-id": expect.any(String) } } });
    };

    it("refuses a request without a token", async () => {
      await expectInvalidToken(await fetch(`${world.url}${LIST}`), "Access token is empty.");
    });

    it("refuses a token whose signature does not match", async () => {
      const [header, , signature] = token(FABRIKAM).split(".");
      const forgedClaims = Buffer.from(JSON.stringify({ ...decodeJwtPart(token(FABRIKAM), 1), roles: ["SecurityIncident.ReadWrite.All"] })).toString("base64url");
      await expectInvalidToken(await world.get(LIST, `${header}.${forgedClaims}.${signature}`), "Access token validation failure.");
    });

    it("refuses a token for another audience", async () => {
      const defenderToken = world.token({ tenantId: FABRIKAM, audience: "https://api.security.microsoft.com", roles: READ });
      await expectInvalidToken(await world.get(LIST, defenderToken), "Access token validation failure. Invalid audience.");
    });

    it("refuses an expired token", async () => {
      const expired = world.token({ tenantId: FABRIKAM, audience: GRAPH, roles: READ, claims: { exp: Math.floor(world.clock.now / 1000) - 600 } });
      await expectInvalidToken(await world.get(LIST, expired), "Access token has expired or is not yet valid.");
    });

    it("accepts Graph's application id as the audience", async () => {
      const response = await world.get(`${LIST}?$top=1`, world.token({ tenantId: FABRIKAM, audience: "00000003-0000-0000-c000-000000000000", roles: READ, appId: randomUUID() }));
      expect(response.status).toBe(200);
    });

    it("answers 403 naming the required roles when the token has none", async () => {
      const response = await world.get(LIST, world.token({ tenantId: FABRIKAM, audience: GRAPH, appId: randomUUID() }));
      expect(response.status).toBe(403);
      expect((await response.json()).error).toMatchObject({
        code: "Forbidden",
        message: "Missing application roles. API required roles: SecurityIncident.Read.All,SecurityIncident.ReadWrite.All, application roles: .",
      });
    });
  });

  describe("updates", () => {
    it("needs SecurityIncident.ReadWrite.All to PATCH", async () => {
      const [first] = (await list("?$top=1", TAILSPIN)).body.value;
      const response = await world.patch(`${LIST}/${first.id}`, token(TAILSPIN), { status: "resolved" });
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toBe(
        "Missing application roles. API required roles: SecurityIncident.ReadWrite.All, application roles: SecurityIncident.Read.All.",
      );
    });

    it("returns 200 with the updated incident and keeps the classification and determination consistent", async () => {
      const writer = token(TAILSPIN, ["SecurityIncident.ReadWrite.All"]);
      const [first] = (await list("?$top=1&$filter=status eq 'active'", TAILSPIN)).body.value;
      const response = await world.patch(`${LIST}/${first.id}`, writer, {
        status: "resolved",
        classification: "TruePositive",
        determination: "phishing",
        assignedTo: "analyst@tailspin.example",
        customTags: ["Reviewed"],
      });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ id: first.id, status: "resolved", classification: "truePositive", determination: "phishing", assignedTo: "analyst@tailspin.example", customTags: ["Reviewed"] });
      expect(Date.parse(body.lastUpdateDateTime)).toBe(world.clock.now);
      const mismatch = await world.patch(`${LIST}/${first.id}`, writer, { classification: "falsePositive", determination: "malware" });
      expect(mismatch.status).toBe(400);
      const unknown = await world.patch(`${LIST}/${first.id}`, writer, { severity: "low" });
      expect(unknown.status).toBe(400);
    });
  });
});
