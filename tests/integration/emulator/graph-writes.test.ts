import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PORTAL_APP_ID } from "./emulator-fixture";
import { DEFENDER, FABRIKAM, GRAPH, startIncidentWorld, TAILSPIN, WOODGROVE, type IncidentTestWorld } from "./incidents-fixture";

const LIST = "/graph/v1.0/security/incidents";
const WRITE = ["SecurityIncident.ReadWrite.All"];
const PORTAL_NAME = "Northwind Partner Portal";

function microsoftTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, "0000Z");
}

describe("emulated Microsoft Graph incident writes", () => {
  let world: IncidentTestWorld;
  // The portal's own app id by default, so edits carry its display name.
  const token = (tenantId: string, roles = WRITE, appId = PORTAL_APP_ID) => world.token({ tenantId, audience: GRAPH, roles, appId });
  beforeAll(async () => {
    world = await startIncidentWorld();
  });
  afterAll(() => world.close());
  beforeEach(() => world.clock.advance(61_000));

  /** The nth incident (newest first) matching the filter. */
  const incident = async (tenantId: string, filter: string, index = 0) => {
    const response = await world.get(`${LIST}?$top=50&$filter=${encodeURIComponent(filter)}`, token(tenantId), { prefer: "include-unknown-enum-members" });
    const found = (await response.json()).value[index];
    if (!found) throw new Error(`No incident ${index} with ${filter} in ${tenantId}`);
    return found as Record<string, unknown> & { id: string; comments: unknown[] };
  };
  const read = async (tenantId: string, id: string) => (await world.get(`${LIST}/${id}`, token(tenantId))).json();
  const expectBadRequest = async (response: Response, message: string) => {
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "BadRequest", message });
  };

  describe("PATCH /security/incidents/{id}", () => {
    it("needs SecurityIncident.ReadWrite.All", async () => {
      const target = await incident(TAILSPIN, "status eq 'active'");
      const response = await world.patch(`${LIST}/${target.id}`, token(TAILSPIN, ["SecurityIncident.Read.All"]), { status: "resolved" });
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toBe("Missing application roles. API required roles: SecurityIncident.ReadWrite.All, application roles: SecurityIncident.Read.All.");
      expect(await read(TAILSPIN, target.id)).toMatchObject({ status: "active" });
    });

    it("sets every property the update API documents and answers 200 with the updated incident", async () => {
      const target = await incident(TAILSPIN, "status eq 'active'");
      const response = await world.patch(`${LIST}/${target.id}`, token(TAILSPIN), {
        "@odata.type": "#microsoft.graph.security.incident",
        assignedTo: "analyst@tailspin.example",
        classification: "TruePositive",
        determination: "phishing",
        status: "resolved",
        customTags: ["Reviewed"],
        description: "Credential phishing against finance.",
        summary: "Two mailboxes received the lure; one user entered credentials.",
        resolvingComment: "Password reset, sessions revoked.",
        displayName: "Phishing against finance",
        severity: "high",
      });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({
        "@odata.context": `${world.url}/graph/v1.0/$metadata#security/incidents/$entity`,
        id: target.id,
        assignedTo: "analyst@tailspin.example",
        classification: "truePositive",
        determination: "phishing",
        status: "resolved",
        customTags: ["Reviewed"],
        description: "Credential phishing against finance.",
        summary: "Two mailboxes received the lure; one user entered credentials.",
        resolvingComment: "Password reset, sessions revoked.",
        displayName: "Phishing against finance",
        severity: "high",
        lastModifiedBy: `API-App:${PORTAL_NAME}`,
        lastUpdateDateTime: microsoftTime(world.clock.now),
      });
      expect(await read(TAILSPIN, target.id)).toEqual({ ...body, "@odata.context": `${world.url}/graph/v1.0/$metadata#security/incidents/$entity` });
      const defender = await (await world.get(`/defender/api/incidents/${target.id}`, world.token({ tenantId: TAILSPIN, audience: DEFENDER, roles: ["Incident.Read.All"] }))).json();
      expect(defender).toMatchObject({ status: "Resolved", classification: "TruePositive", determination: "Phishing", severity: "High", incidentName: "Phishing against finance" });
    });

    it("replaces customTags, clears free text with null, and leaves what the body leaves out", async () => {
      const target = await incident(TAILSPIN, "status eq 'active'", 1);
      await world.patch(`${LIST}/${target.id}`, token(TAILSPIN), { customTags: ["one", "two"], summary: "first" });
      const response = await world.patch(`${LIST}/${target.id}`, token(TAILSPIN), { customTags: ["three"], summary: null, assignedTo: null });
      expect(await response.json()).toMatchObject({ customTags: ["three"], summary: null, assignedTo: null, status: "active", displayName: target.displayName });
    });

    it("refuses inProgress, which the update API does not list as settable, and awaitingAction", async () => {
      const target = await incident(WOODGROVE, "status eq 'active'");
      await expectBadRequest(
        await world.patch(`${LIST}/${target.id}`, token(WOODGROVE), { status: "inProgress" }),
        "The status 'inProgress' cannot be set through this API; the settable statuses are active, resolved and redirected.",
      );
      await expectBadRequest(await world.patch(`${LIST}/${target.id}`, token(WOODGROVE), { status: "awaitingAction" }, { prefer: "include-unknown-enum-members" }), "The status 'awaitingAction' is set only by Microsoft Defender Experts.");
      expect(await read(WOODGROVE, target.id)).toMatchObject({ status: "active", lastUpdateDateTime: target.lastUpdateDateTime });
    });

    it("accepts only determinations that fit the classification, and writes nothing of a refused body", async () => {
      const target = await incident(WOODGROVE, "status eq 'active'", 1);
      const path = `${LIST}/${target.id}`;
      await expectBadRequest(
        await world.patch(path, token(WOODGROVE), { assignedTo: "someone@woodgrove.example", classification: "falsePositive", determination: "malware" }),
        "The determination 'malware' is not valid for classification 'falsePositive'.",
      );
      await expectBadRequest(await world.patch(path, token(WOODGROVE), { assignedTo: "someone@woodgrove.example", status: "sleeping" }), "Cannot convert the literal 'sleeping' to the expected type 'microsoft.graph.security.incidentStatus'.");
      expect(await read(WOODGROVE, target.id)).toMatchObject({ assignedTo: target.assignedTo, classification: "unknown", lastUpdateDateTime: target.lastUpdateDateTime });
      const fits = await world.patch(path, token(WOODGROVE), { classification: "informationalExpectedActivity", determination: "securityTesting" });
      expect(await fits.json()).toMatchObject({ classification: "informationalExpectedActivity", determination: "securityTesting" });
    });

    it.each([
      ["an unknown severity", { severity: "extreme" }, "Cannot convert the literal 'extreme' to the expected type 'microsoft.graph.security.alertSeverity'."],
      ["a numeric description", { description: 42 }, "Cannot convert the value of property 'description' to 'Edm.String'."],
      ["customTags that are not a list", { customTags: "one" }, "Cannot convert the value of property 'customTags' to 'Collection(Edm.String)'."],
      ["a blank displayName", { displayName: " " }, "The property 'displayName' cannot be empty."],
      ["a read-only property", { createdDateTime: "2026-01-01T00:00:00Z" }, "The property 'createdDateTime' cannot be updated."],
      ["an unknown property", { priority: 1 }, "The property 'priority' does not exist on type 'microsoft.graph.security.incident'. Make sure to only use property names that are defined by the type or mark the type as open type."],
      ["another @odata.type", { "@odata.type": "#microsoft.graph.security.alert" }, "A type named '#microsoft.graph.security.alert' could not be resolved by the model. When a model is available, each type name must resolve to a valid type."],
    ])("refuses %s with 400", async (_, body, message) => {
      const target = await incident(WOODGROVE, "status eq 'active'", 2);
      await expectBadRequest(await world.patch(`${LIST}/${target.id}`, token(WOODGROVE), body), message);
    });

    it("answers an empty change with the incident as it is, recording nothing", async () => {
      const target = await incident(WOODGROVE, "status eq 'resolved'");
      const response = await world.patch(`${LIST}/${target.id}`, token(WOODGROVE), {});
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: target.id, lastUpdateDateTime: target.lastUpdateDateTime, lastModifiedBy: null });
    });

    it("answers 404 for an unknown incident and for another tenant's", async () => {
      const target = await incident(FABRIKAM, "status eq 'active'");
      for (const [tenantId, id] of [[FABRIKAM, "99999999"], [TAILSPIN, target.id], [FABRIKAM, "abc"]]) {
        const response = await world.patch(`${LIST}/${id}`, token(tenantId), { status: "resolved" });
        expect(response.status).toBe(404);
        expect((await response.json()).error).toMatchObject({ code: "NotFound", message: `Incident ${id} was not found.` });
      }
    });
  });

  describe("POST /security/incidents/{id}/comments", () => {
    const comments = (id: string) => `${LIST}/${id}/comments`;
    const alertComment = (comment: unknown) => ({ "@odata.type": "microsoft.graph.security.alertComment", comment });

    it("answers 200 with every comment of the incident, the new one last, and shows it through both APIs", async () => {
      const target = await incident(FABRIKAM, "status eq 'inProgress'");
      const response = await world.post(comments(target.id), token(FABRIKAM), alertComment("Isolated the device; waiting on the user."));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json;odata\.metadata=minimal/);
      const body = await response.json();
      const now = microsoftTime(world.clock.now);
      expect(body).toEqual({
        "@odata.context": `${world.url}/graph/v1.0/$metadata#security/incidents('${target.id}')/comments`,
        value: [...target.comments, { comment: "Isolated the device; waiting on the user.", createdByDisplayName: PORTAL_NAME, createdDateTime: now }],
      });

      // Read back, the application's comment carries the API-App: prefix, as Graph was seen to show it.
      const stored = { comment: "Isolated the device; waiting on the user.", createdByDisplayName: `API-App:${PORTAL_NAME}`, createdDateTime: now };
      expect(await read(FABRIKAM, target.id)).toMatchObject({ comments: [...target.comments, stored], lastUpdateDateTime: now, lastModifiedBy: `API-App:${PORTAL_NAME}` });
      const defender = await (await world.get(`/defender/api/incidents/${target.id}`, world.token({ tenantId: FABRIKAM, audience: DEFENDER, roles: ["Incident.Read.All"] }))).json();
      expect(defender.comments.at(-1)).toEqual({ comment: stored.comment, createdBy: stored.createdByDisplayName, createdTime: now });
      expect(defender.lastUpdateTime).toBe(now);

      world.clock.advance(1_000);
      const second = await (await world.post(comments(target.id), token(FABRIKAM), { comment: "No @odata.type is needed." })).json();
      expect(second.value.slice(-2)).toEqual([stored, { comment: "No @odata.type is needed.", createdByDisplayName: PORTAL_NAME, createdDateTime: microsoftTime(world.clock.now) }]);
    });

    it("names a signed-in user by UPN, and an application the world does not know by its app id", async () => {
      const target = await incident(FABRIKAM, "status eq 'inProgress'", 1);
      const user = world.token({ tenantId: FABRIKAM, audience: GRAPH, claims: { scp: "SecurityIncident.ReadWrite.All", upn: "admin@fabrikam.example" } });
      expect((await (await world.post(comments(target.id), user, alertComment("By hand."))).json()).value.at(-1).createdByDisplayName).toBe("admin@fabrikam.example");
      const stranger = randomUUID();
      expect((await (await world.post(comments(target.id), token(FABRIKAM, WRITE, stranger), alertComment("By a script."))).json()).value.at(-1).createdByDisplayName).toBe(stranger);
      expect((await read(FABRIKAM, target.id)).comments.slice(-2).map((comment: { createdByDisplayName: string }) => comment.createdByDisplayName)).toEqual(["admin@fabrikam.example", `API-App:${stranger}`]);
    });

    it("needs SecurityIncident.ReadWrite.All", async () => {
      const target = await incident(FABRIKAM, "status eq 'inProgress'", 2);
      const response = await world.post(comments(target.id), token(FABRIKAM, ["SecurityIncident.Read.All"]), alertComment("Not allowed."));
      expect(response.status).toBe(403);
      expect((await response.json()).error).toMatchObject({
        code: "Forbidden",
        message: "Missing application roles. API required roles: SecurityIncident.ReadWrite.All, application roles: SecurityIncident.Read.All.",
      });
      expect((await read(FABRIKAM, target.id)).comments).toEqual(target.comments);
    });

    it("answers 404 for an unknown incident and for another tenant's", async () => {
      const target = await incident(FABRIKAM, "status eq 'inProgress'", 2);
      for (const [tenantId, id] of [[FABRIKAM, "99999999"], [TAILSPIN, target.id]]) {
        const response = await world.post(comments(id), token(tenantId), alertComment("Where?"));
        expect(response.status).toBe(404);
        expect((await response.json()).error).toMatchObject({ code: "NotFound", message: `Incident ${id} was not found.` });
      }
    });

    it.each([
      ["no comment", { "@odata.type": "microsoft.graph.security.alertComment" }, "The property 'comment' is required."],
      ["an empty comment", alertComment(""), "The comment is empty."],
      ["a blank comment", alertComment("  \n "), "The comment is empty."],
      ["a null comment", alertComment(null), "The comment is empty."],
      ["a number", alertComment(42), "Cannot convert the value of property 'comment' to 'Edm.String'."],
      ["30,001 characters", alertComment("x".repeat(30_001)), "The comment has 30001 characters; at most 30000 are allowed."],
      ["an unknown property", { comment: "hi", author: "me" }, "The property 'author' does not exist on type 'microsoft.graph.security.alertComment'. Make sure to only use property names that are defined by the type or mark the type as open type."],
      ["another @odata.type", { "@odata.type": "microsoft.graph.security.incident", comment: "hi" }, "A type named 'microsoft.graph.security.incident' could not be resolved by the model. When a model is available, each type name must resolve to a valid type."],
      ["a body that is not JSON", "not json", "Empty Payload. JSON content expected."],
    ])("refuses %s with 400, adding nothing", async (_, body, message) => {
      const target = await incident(FABRIKAM, "status eq 'inProgress'", 3);
      await expectBadRequest(await world.post(comments(target.id), token(FABRIKAM), body), message);
      expect(await read(FABRIKAM, target.id)).toMatchObject({ comments: target.comments, lastUpdateDateTime: target.lastUpdateDateTime });
    });

    it("takes a comment of 30,000 characters, hostile text included, verbatim", async () => {
      const target = await incident(FABRIKAM, "status eq 'inProgress'", 4);
      const hostile = `<script>alert(1)</script>\u202E${"x".repeat(30_000 - 26)}`;
      expect(hostile).toHaveLength(30_000);
      const response = await world.post(comments(target.id), token(FABRIKAM), alertComment(hostile));
      expect(response.status).toBe(200);
      expect((await read(FABRIKAM, target.id)).comments.at(-1).comment).toBe(hostile);
    });
  });

  describe("redirected (merged) incidents", () => {
    it("refuses to change or comment on a redirected incident, naming the incident it was merged into", async () => {
      const target = await incident(FABRIKAM, "status eq 'redirected'");
      expect(target.redirectIncidentId).toMatch(/^\d+$/);
      const message = `Incident ${target.id} is redirected (merged into incident ${target.redirectIncidentId}) and cannot be changed; change incident ${target.redirectIncidentId} instead.`;
      await expectBadRequest(await world.patch(`${LIST}/${target.id}`, token(FABRIKAM), { assignedTo: "late@fabrikam.example" }), message);
      await expectBadRequest(await world.post(`${LIST}/${target.id}/comments`, token(FABRIKAM), { comment: "Too late." }), message);
      expect(await read(FABRIKAM, target.id)).toMatchObject({ assignedTo: target.assignedTo, comments: target.comments, lastUpdateDateTime: target.lastUpdateDateTime });
    });

    it("lets a client set redirected, as documented, after which the incident is read-only", async () => {
      const target = await incident(TAILSPIN, "status eq 'active'", 2);
      expect(await (await world.patch(`${LIST}/${target.id}`, token(TAILSPIN), { status: "redirected" })).json()).toMatchObject({ status: "redirected", redirectIncidentId: null });
      await expectBadRequest(await world.patch(`${LIST}/${target.id}`, token(TAILSPIN), { status: "active" }), `Incident ${target.id} is redirected (merged into another incident) and cannot be changed.`);
    });
  });
});
