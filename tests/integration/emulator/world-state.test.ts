import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startControlledEmulator } from "./control-fixture";
import {
  adminConsentUrl,
  ANALYST,
  DEFENDER_DEFAULT,
  FABRIKAM_ADMIN,
  FABRIKAM_TENANT_ID,
  newStateDir,
  PARTNER_TENANT_ID,
  PORTAL_APP_ID,
  startTestEmulator,
  walkConsent,
} from "./emulator-fixture";
import { DEFENDER, GRAPH, startIncidentWorld, TestClock } from "./incidents-fixture";

describe("emulator world state", () => {
  const stateDir = newStateDir();
  afterEach(() => vi.restoreAllMocks());
  afterEach(() => rm(stateDir, { recursive: true, force: true }));

  it("keeps a consent, a removed role and a revoked consent across restarts", async () => {
    const first = await startTestEmulator(undefined, { stateDir });
    await walkConsent(adminConsentUrl(first.url, { scope: null }), FABRIKAM_ADMIN.upn, "accept");
    const consented = first.world.servicePrincipal(FABRIKAM_TENANT_ID, PORTAL_APP_ID);
    await first.close();

    const second = await startTestEmulator(undefined, { stateDir });
    expect(second.world.servicePrincipal(FABRIKAM_TENANT_ID, PORTAL_APP_ID)).toEqual(consented);
    expect(await second.world.removeAppRole(FABRIKAM_TENANT_ID, PORTAL_APP_ID, "defender", "Incident.ReadWrite.All")).toBe(true);
    expect(await second.world.revokeConsent(PARTNER_TENANT_ID, PORTAL_APP_ID)).toBe(true);
    await second.close();

    const third = await startTestEmulator(undefined, { stateDir });
    expect(third.world.servicePrincipal(FABRIKAM_TENANT_ID, PORTAL_APP_ID)?.appRoles).toEqual({
      graph: ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"],
      defender: ["Incident.Read.All"],
    });
    expect(third.world.servicePrincipal(PARTNER_TENANT_ID, PORTAL_APP_ID)).toBeUndefined();
    await third.close();

    const saved = JSON.parse(await readFile(path.join(stateDir, "world-state.json"), "utf8"));
    expect(Object.keys(saved)).toEqual(["seedDigest", "servicePrincipals", "incidentEdits", "groups", "users"]);
  });

  it("keeps a user's changed roles, disabled account and revoked sessions across restarts", async () => {
    const first = await startTestEmulator(undefined, { stateDir, control: true });
    await first.control.changeUser(PARTNER_TENANT_ID, ANALYST.upn, { appRoles: [], accountEnabled: false, revokeSessions: true });
    await first.close();

    const second = await startTestEmulator(undefined, { stateDir });
    const analyst = second.world.userByPrincipalName(ANALYST.upn)!.user;
    expect(second.world.appRolesOf(analyst, PORTAL_APP_ID)).toEqual([]);
    expect(second.world.accountEnabled(analyst)).toBe(false);
    expect(second.world.tokensValidFrom(analyst)).toBeGreaterThan(0);
    await second.close();
  });

  it("keeps incident edits across restarts", async () => {
    const first = await startControlledEmulator({ stateDir });
    const graphToken = await first.appToken(FABRIKAM_TENANT_ID);
    const [incident] = (await (await first.get("/graph/v1.0/security/incidents?$top=1", graphToken)).json()).value;
    const patched = await fetch(`${first.url}/graph/v1.0/security/incidents/${incident.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${graphToken}`, "content-type": "application/json" },
      body: JSON.stringify({ status: "resolved", classification: "truePositive", determination: "malware", customTags: ["restart-proof"] }),
    });
    expect(patched.status).toBe(200);
    await first.close();

    const second = await startControlledEmulator({ stateDir });
    const reread = await (await second.get(`/graph/v1.0/security/incidents/${incident.id}`, await second.appToken(FABRIKAM_TENANT_ID))).json();
    expect(reread).toMatchObject({ status: "resolved", classification: "truePositive", determination: "malware", customTags: ["restart-proof"] });
    const defender = await (await second.get(`/defender/api/incidents/${incident.id}`, await second.appToken(FABRIKAM_TENANT_ID, DEFENDER_DEFAULT))).json();
    expect(defender).toMatchObject({ status: "Resolved", classification: "TruePositive", tags: ["restart-proof"] });
    await second.close();
  });

  it("keeps comments and Graph's free-text fields across restarts, in the edit log", async () => {
    const clock = new TestClock();
    const first = await startIncidentWorld(undefined, { stateDir, clock });
    const graphToken = first.token({ tenantId: FABRIKAM_TENANT_ID, audience: GRAPH, roles: ["SecurityIncident.ReadWrite.All"] });
    const defenderToken = first.token({ tenantId: FABRIKAM_TENANT_ID, audience: DEFENDER, roles: ["Incident.ReadWrite.All"] });
    const [incident] = (await (await first.get("/graph/v1.0/security/incidents?$top=1", graphToken)).json()).value;
    const incidentPath = `/graph/v1.0/security/incidents/${incident.id}`;
    expect((await first.post(`${incidentPath}/comments`, graphToken, { comment: "Through Graph." })).status).toBe(200);
    clock.advance(1_000);
    expect((await first.patch(incidentPath, graphToken, { summary: "Kept.", resolvingComment: "Also kept." })).status).toBe(200);
    clock.advance(1_000);
    expect((await first.patch(`/defender/api/incidents/${incident.id}`, defenderToken, { comment: "Through Defender." })).status).toBe(200);
    const before = await (await first.get(incidentPath, graphToken)).json();
    await first.close();

    const saved = JSON.parse(await readFile(path.join(stateDir, "world-state.json"), "utf8"));
    const actor = "API-App:Northwind Partner Portal";
    expect(saved.incidentEdits).toEqual([
      { tenantId: FABRIKAM_TENANT_ID, incidentId: Number(incident.id), changes: { comment: "Through Graph." }, actor, at: clock.now - 2_000 },
      { tenantId: FABRIKAM_TENANT_ID, incidentId: Number(incident.id), changes: { summary: "Kept.", resolvingComment: "Also kept." }, actor, at: clock.now - 1_000 },
      { tenantId: FABRIKAM_TENANT_ID, incidentId: Number(incident.id), changes: { comment: "Through Defender." }, actor, at: clock.now },
    ]);

    const second = await startIncidentWorld(undefined, { stateDir, clock });
    const after = await (await second.get(incidentPath, second.token({ tenantId: FABRIKAM_TENANT_ID, audience: GRAPH, roles: ["SecurityIncident.Read.All"] }))).json();
    expect({ ...after, "@odata.context": undefined }).toEqual({ ...before, "@odata.context": undefined });
    expect(after.comments.slice(-2).map((comment: { comment: string }) => comment.comment)).toEqual(["Through Graph.", "Through Defender."]);
    expect(after).toMatchObject({ summary: "Kept.", resolvingComment: "Also kept.", lastModifiedBy: actor });
    await second.close();
  });

  it("keeps incidents raised and changed through the control API across restarts, in the edit log", async () => {
    // One clock for both starts: generated details (device first-seen times) follow the start's day.
    const clock = new TestClock();
    const first = await startControlledEmulator({ stateDir, clock: clock.read });
    const raised = await first.control.createIncident(FABRIKAM_TENANT_ID, { displayName: "Raised before the restart", status: "awaitingAction" });
    const changed = await first.control.updateIncident(FABRIKAM_TENANT_ID, raised.id, { severity: "low", assignedTo: "secops@fabrikam.example" });
    await first.close();

    const saved = JSON.parse(await readFile(path.join(stateDir, "world-state.json"), "utf8"));
    expect(saved.incidentEdits).toEqual([
      { tenantId: FABRIKAM_TENANT_ID, incidentId: Number(raised.id), created: { displayName: "Raised before the restart", status: "awaitingAction" }, actor: expect.any(String), at: expect.any(Number) },
      { tenantId: FABRIKAM_TENANT_ID, incidentId: Number(raised.id), changes: { severity: "low", assignedTo: "secops@fabrikam.example" }, actor: expect.any(String), at: expect.any(Number) },
    ]);

    const second = await startControlledEmulator({ stateDir, clock: clock.read });
    const graph = await (await second.get(`/graph/v1.0/security/incidents/${raised.id}?$expand=alerts`, await second.appToken(FABRIKAM_TENANT_ID))).json();
    expect(graph).toEqual({ "@odata.context": expect.any(String), ...changed, status: "unknownFutureValue" });
    const defender = await (await second.get(`/defender/api/incidents/${raised.id}`, await second.appToken(FABRIKAM_TENANT_ID, DEFENDER_DEFAULT))).json();
    expect(defender).toMatchObject({ incidentName: "Raised before the restart", status: "Active", severity: "Low", assignedTo: "secops@fabrikam.example" });
    await second.close();
  });

  it("starts from the seed, and says so, when the seed changed since the state was written", async () => {
    const first = await startTestEmulator(undefined, { stateDir });
    await first.world.grantConsent(FABRIKAM_TENANT_ID, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await first.close();

    const seed = JSON.parse(await readFile("emulator/seeds/default.json", "utf8"));
    seed.consents = [{ tenantId: FABRIKAM_TENANT_ID, appId: PORTAL_APP_ID, defender: ["Incident.Read.All"] }];
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const second = await startTestEmulator(seed, { stateDir });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/the seed changed since .*world-state\.json was written; starting from the seed\./));
    expect(second.world.servicePrincipal(FABRIKAM_TENANT_ID, PORTAL_APP_ID)?.appRoles).toEqual({ graph: [], defender: ["Incident.Read.All"] });
    // Seeded service principals, including the app's home tenant, keep stable object ids across resets.
    expect(second.world.servicePrincipal(PARTNER_TENANT_ID, PORTAL_APP_ID)?.objectId).toBe(first.world.servicePrincipal(PARTNER_TENANT_ID, PORTAL_APP_ID)?.objectId);
    await second.close();
  });
});
