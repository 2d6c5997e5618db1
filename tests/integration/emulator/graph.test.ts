import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeJwtPart } from "./emulator-fixture";
import { ADATUM_EMPTY, FABRIKAM, GRAPH, LITWARE_LARGE, startIncidentWorld, TAILSPIN, WOODGROVE, type IncidentTestWorld } from "./incidents-fixture";

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
      "lastModifiedBy", "resolvingComment", "summary",
    ]);
    expect(incident.id).toMatch(/^\d+$/);
    expect(incident.incidentWebUrl).toBe(`https://security.microsoft.com/incidents/${incident.id}?tid=${FABRIKAM}`);
    expect(incident.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
  });

  it("pages by nextLink with $skip, keeping the query as sent, and refuses the link past the $skip cap of 500", async () => {
    const seen: string[] = [];
    const links: string[] = [];
    const query = `$count=true&$filter=${encodeURIComponent("createdDateTime ge 2000-01-01T00:00:00Z")}`;
    let next: string | undefined = `${world.url}${LIST}?${query}`;
    const bearer = token(LITWARE_LARGE);
    while (next && links.length < 11) {
      const response: Response = await fetch(next, { headers: { authorization: `Bearer ${bearer}` } });
      expect(response.status).toBe(200);
      const body: { value: { id: string }[]; "@odata.count": number; "@odata.nextLink"?: string } = await response.json();
      expect(body["@odata.count"]).toBe(1200);
      seen.push(...body.value.map((incident) => incident.id));
      next = body["@odata.nextLink"];
      if (next) links.push(next);
    }
    expect(links[0]).toBe(`${world.url}${LIST}?${query}&$skip=50`);
    expect(links.at(-1)).toBe(`${world.url}${LIST}?${query}&$skip=550`);
    expect(seen).toHaveLength(550);
    expect(new Set(seen).size).toBe(550);
    const past = await fetch(links.at(-1) as string, { headers: { authorization: `Bearer ${bearer}` } });
    expect(past.status).toBe(400);
    expect((await past.json()).error).toMatchObject({ code: "BadRequest", message: "The $skip value 550 exceeds the maximum of 500." });
  });

  it("accepts $skip up to 500 and no $skiptoken", async () => {
    expect((await list("?$skip=500&$top=1", LITWARE_LARGE)).status).toBe(200);
    const refused = await list("?$skip=501&$top=1", LITWARE_LARGE);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("The $skip value 501 exceeds the maximum of 500.");
    expect((await list("?$skiptoken=eyJvZmZzZXQiOjUwfQ")).status).toBe(400);
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

  describe("awaitingAction, a status Graph added after unknownFutureValue", () => {
    const PREFER = { prefer: "include-unknown-enum-members" };
    const statusFilter = (clause: string) => `?$count=true&$filter=${encodeURIComponent(clause)}`;
    type Row = { id: string; status: string };

    it("is shown only to a client that sends Prefer: include-unknown-enum-members, as unknownFutureValue to others", async () => {
      const opted = await world.get(`${LIST}${statusFilter("status eq 'awaitingAction'")}`, token(FABRIKAM), PREFER);
      expect(opted.status).toBe(200);
      expect(opted.headers.get("preference-applied")).toBe("include-unknown-enum-members");
      const awaiting: Row[] = (await opted.json()).value;
      expect(awaiting.length).toBeGreaterThan(0);
      expect(awaiting.every((incident) => incident.status === "awaitingAction")).toBe(true);

      const hidden = await list(statusFilter("status eq 'unknownFutureValue'"));
      expect(hidden.body.value.map((incident: Row) => incident.id)).toEqual(awaiting.map((incident) => incident.id));
      expect(hidden.body.value.every((incident: Row) => incident.status === "unknownFutureValue")).toBe(true);
      const alone = await world.get(`${LIST}/${awaiting[0].id}`, token(FABRIKAM));
      expect(alone.headers.get("preference-applied")).toBeNull();
      expect((await alone.json()).status).toBe("unknownFutureValue");

      const among = await world.get(`${LIST}/${awaiting[0].id}`, token(FABRIKAM), { prefer: "return=minimal, Include-Unknown-Enum-Members" });
      expect((await among.json()).status).toBe("awaitingAction");
      const otherPreference = await world.get(`${LIST}/${awaiting[0].id}`, token(FABRIKAM), { prefer: "odata.maxpagesize=10" });
      expect((await otherPreference.json()).status).toBe("unknownFutureValue");
      const sentinel = await world.get(`${LIST}${statusFilter("status eq 'unknownFutureValue'")}`, token(FABRIKAM), PREFER);
      expect((await sentinel.json())["@odata.count"]).toBe(0);
    });

    it("cannot be named in a filter without the header; ordering comparisons use Graph's member order", async () => {
      const { status, body } = await list(statusFilter("status eq 'awaitingAction'"));
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: "BadRequest", message: "Invalid filter clause: The string 'awaitingAction' is not a valid enumeration type constant." });
      const awaiting = (await (await world.get(`${LIST}${statusFilter("status eq 'awaitingAction'")}`, token(FABRIKAM), PREFER)).json())["@odata.count"];
      expect((await list(statusFilter("status gt 'unknownFutureValue'"))).body["@odata.count"]).toBe(awaiting);
      const known = (await list(statusFilter("status lt 'unknownFutureValue'"))).body["@odata.count"];
      expect(known + awaiting).toBe(120);
    });

    it("cannot be set by PATCH; a property sent as unknownFutureValue is left unchanged", async () => {
      const writer = token(WOODGROVE, ["SecurityIncident.ReadWrite.All"]);
      const [first] = (await list(statusFilter("status eq 'active'"), WOODGROVE)).body.value;
      const optedIn = await world.patch(`${LIST}/${first.id}`, writer, { status: "awaitingAction" }, PREFER);
      expect(optedIn.status).toBe(400);
      expect((await optedIn.json()).error).toMatchObject({ code: "BadRequest", message: "The status 'awaitingAction' is set only by Microsoft Defender Experts." });
      const unaware = await world.patch(`${LIST}/${first.id}`, writer, { status: "awaitingAction" });
      expect(unaware.status).toBe(400);
      expect((await unaware.json()).error.message).toBe("Cannot convert the literal 'awaitingAction' to the expected type 'microsoft.graph.security.incidentStatus'.");
      const sentinel = await world.patch(`${LIST}/${first.id}`, writer, { status: "unknownFutureValue", assignedTo: "soc@woodgrove.example" });
      expect(sentinel.status).toBe(200);
      expect(await sentinel.json()).toMatchObject({ id: first.id, status: "active", assignedTo: "soc@woodgrove.example" });
    });
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
});
