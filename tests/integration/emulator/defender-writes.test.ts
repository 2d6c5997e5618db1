import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PORTAL_APP_ID } from "./emulator-fixture";
import { DEFENDER, FABRIKAM, GRAPH, startIncidentWorld, TAILSPIN, WOODGROVE, type IncidentTestWorld } from "./incidents-fixture";

const LIST = "/defender/api/incidents";
const WRITE = ["Incident.ReadWrite.All"];

function microsoftTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, "0000Z");
}

describe("emulated Microsoft 365 Defender incident writes (PATCH /api/incidents/{id})", () => {
  let world: IncidentTestWorld;
  // A fresh app id per token keeps each call out of the others' throttling windows.
  const token = (tenantId: string, roles = WRITE, appId = randomUUID()) => world.token({ tenantId, audience: DEFENDER, roles, appId });
  beforeAll(async () => {
    world = await startIncidentWorld();
  });
  afterAll(() => world.close());
  beforeEach(() => world.clock.advance(61 * 60_000));

  /** The nth incident (newest first) with that status. */
  const incident = async (tenantId: string, status: string, index = 0) => {
    const response = await world.get(`${LIST}?$filter=${encodeURIComponent(`status eq '${status}'`)}`, token(tenantId));
    const found = (await response.json()).value[index];
    if (!found) throw new Error(`No ${status} incident ${index} in ${tenantId}`);
    return found as Record<string, unknown> & { incidentId: number; comments: unknown[] };
  };
  const read = async (tenantId: string, id: number) => (await world.get(`${LIST}/${id}`, token(tenantId))).json();
  const expectRefusal = async (response: Response, code: string, message: string) => {
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code, message, target: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
  };

  it("needs Incident.ReadWrite.All", async () => {
    const target = await incident(WOODGROVE, "Active");
    const response = await world.patch(`${LIST}/${target.incidentId}`, token(WOODGROVE, ["Incident.Read.All"]), { status: "Resolved" });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatchObject({
      code: "Forbidden",
      message: "The application does not have any of the required application permissions (Incident.ReadWrite.All, Incident.ReadWrite) to access the resource.",
    });
  });

  it("updates status, assignee, classification, determination and tags, appends a comment, and answers 200 with the incident", async () => {
    const target = await incident(WOODGROVE, "Active");
    const writer = token(WOODGROVE, WRITE, PORTAL_APP_ID);
    const response = await world.patch(`${LIST}/${target.incidentId}`, writer, {
      status: "Resolved",
      assignedTo: "secop2@woodgrove.example",
      classification: "TruePositive",
      determination: "Malware",
      tags: ["Ransomware", "Escalated"],
      comment: "Contained by the SOC.",
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    const now = microsoftTime(world.clock.now);
    expect(body).toMatchObject({
      "@odata.context": `${world.url}/defender/api/$metadata#Incidents/$entity`,
      incidentId: target.incidentId,
      status: "Resolved",
      assignedTo: "secop2@woodgrove.example",
      classification: "TruePositive",
      determination: "Malware",
      tags: ["Ransomware", "Escalated"],
      lastUpdateTime: now,
    });
    expect(body.comments).toEqual([...target.comments, { comment: "Contained by the SOC.", createdBy: "API-App:Northwind Partner Portal", createdTime: now }]);
    expect(body.alerts.every((alert: { status: string }) => alert.status === "Resolved")).toBe(true);
    expect(await read(WOODGROVE, target.incidentId)).toEqual(body);

    const retagged = await (await world.patch(`${LIST}/${target.incidentId}`, writer, { tags: ["Closed"], comment: "Reviewed." })).json();
    expect(retagged.tags).toEqual(["Closed"]);
    expect(retagged.comments.map((comment: { comment: string }) => comment.comment).slice(-2)).toEqual(["Contained by the SOC.", "Reviewed."]);
    const graph = await (await world.get(`/graph/v1.0/security/incidents/${target.incidentId}`, world.token({ tenantId: WOODGROVE, audience: GRAPH, roles: ["SecurityIncident.Read.All"] }))).json();
    expect(graph).toMatchObject({ customTags: ["Closed"], lastModifiedBy: "API-App:Northwind Partner Portal" });
  });

  it("sets each documented status, InProgress and Redirected included", async () => {
    const target = await incident(TAILSPIN, "Active");
    for (const status of ["InProgress", "Active", "Resolved", "Redirected"]) {
      const response = await world.patch(`${LIST}/${target.incidentId}`, token(TAILSPIN), { status });
      expect(response.status, status).toBe(200);
      expect((await response.json()).status).toBe(status);
    }
  });

  it.each([
    ["TruePositive", ["MultiStagedAttack", "MaliciousUserActivity", "CompromisedAccount", "Malware", "Phishing", "UnwantedSoftware", "Other"], ["SecurityTesting", "Clean"]],
    ["InformationalExpectedActivity", ["SecurityTesting", "LineOfBusinessApplication", "ConfirmedActivity", "Other"], ["Malware", "NoEnoughDataToValidate"]],
    ["FalsePositive", ["Clean", "NoEnoughDataToValidate", "Other"], ["Phishing", "ConfirmedActivity"]],
  ])("takes %s with the determinations the API lists for it, and refuses others with InvalidInput", async (classification, fitting, others) => {
    const target = await incident(FABRIKAM, "Active");
    const writer = token(FABRIKAM);
    for (const determination of fitting) {
      const response = await world.patch(`${LIST}/${target.incidentId}`, writer, { classification, determination });
      expect(response.status, determination).toBe(200);
      expect(await response.json()).toMatchObject({ classification, determination });
    }
    for (const determination of others) {
      await expectRefusal(
        await world.patch(`${LIST}/${target.incidentId}`, writer, { classification, determination }),
        "InvalidInput",
        `Invalid input determination: ${determination} does not match the incident's classification.`,
      );
    }
  });

  it.each([
    ["a property named in the wrong case", { Status: "Resolved" }, "InvalidRequestBody", "Request body is incorrect"],
    ["an unknown status", { status: "Sleeping" }, "InvalidRequestBody", "Request body is incorrect"],
    ["Graph's awaitingAction", { status: "AwaitingAction" }, "InvalidRequestBody", "Request body is incorrect"],
    ["tags that are not a list", { tags: "one" }, "InvalidRequestBody", "Request body is incorrect"],
    ["a numeric assignee", { assignedTo: 7 }, "InvalidRequestBody", "Request body is incorrect"],
    ["severity, which is not writable", { severity: "High" }, "InvalidRequestBody", "Request body is incorrect"],
    ["a body that is not JSON", "not json", "InvalidRequestBody", "Request body is incorrect"],
    ["classification Unknown", { classification: "Unknown" }, "InvalidInput", "Invalid input classification: Unknown cannot be set."],
    ["the retired determination Apt", { classification: "TruePositive", determination: "Apt" }, "InvalidInput", "Invalid input determination: Apt cannot be set."],
    ["determination NotAvailable", { classification: "TruePositive", determination: "NotAvailable" }, "InvalidInput", "Invalid input determination: NotAvailable cannot be set."],
    ["an empty comment", { comment: "" }, "InvalidInput", "Invalid input comment: The comment is empty."],
    ["a comment of 30,001 characters", { comment: "x".repeat(30_001) }, "InvalidInput", "Invalid input comment: The comment has 30001 characters; at most 30000 are allowed."],
  ])("refuses %s with 400, writing nothing", async (_, body, code, message) => {
    const target = await incident(FABRIKAM, "InProgress");
    const sent = typeof body === "string" ? body : { status: "Resolved", ...body };
    await expectRefusal(await world.patch(`${LIST}/${target.incidentId}`, token(FABRIKAM), sent), code, message);
    expect(await read(FABRIKAM, target.incidentId)).toMatchObject({ status: "InProgress", comments: target.comments, lastUpdateTime: target.lastUpdateTime });
  });

  it("answers 404 ResourceNotFound for an unknown incident and for another tenant's", async () => {
    const target = await incident(FABRIKAM, "Active");
    for (const [tenantId, id] of [[FABRIKAM, "99999999"], [TAILSPIN, String(target.incidentId)], [FABRIKAM, "abc"]]) {
      const response = await world.patch(`${LIST}/${id}`, token(tenantId), { status: "Resolved" });
      expect(response.status).toBe(404);
      expect((await response.json()).error).toMatchObject({ code: "ResourceNotFound", message: `Incident ${id} was not found` });
    }
  });

  it("refuses to change a redirected (merged) incident with 400, naming the incident it was merged into", async () => {
    const target = await incident(FABRIKAM, "Redirected");
    const into = target.redirectIncidentId as number;
    await expectRefusal(
      await world.patch(`${LIST}/${target.incidentId}`, token(FABRIKAM), { assignedTo: "late@fabrikam.example", comment: "Too late." }),
      "BadRequest",
      `Incident ${target.incidentId} is redirected (merged into incident ${into}) and cannot be changed; change incident ${into} instead.`,
    );
    expect(await read(FABRIKAM, target.incidentId)).toMatchObject({ assignedTo: target.assignedTo, comments: target.comments, lastUpdateTime: target.lastUpdateTime });
  });
});
