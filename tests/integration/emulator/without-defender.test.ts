import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NotInWorldError } from "@/emulator/control/control";
import {
  ADATUM_TENANT_ID,
  DEFENDER_DEFAULT,
  defaultSeed,
  expectEntraError,
  FABRIKAM_TENANT_ID,
  GRAPH_DEFAULT,
  GUID_PATTERN,
  PORTAL_APP_ID,
  PORTAL_SECRET,
  requestAppToken,
  startTestEmulator,
  withoutDefender,
  type TestEmulator,
} from "./emulator-fixture";
import { DEFENDER, GRAPH, startIncidentWorld, type IncidentTestWorld } from "./incidents-fixture";

// Adatum (no incidents) stands for a customer without Microsoft Defender XDR: no licence, never onboarded.
const NO_DEFENDER = ADATUM_TENANT_ID;
const seedWithoutDefender = async () => withoutDefender(await defaultSeed(), NO_DEFENDER);

describe("emulated incident APIs for a tenant without Microsoft Defender", () => {
  let world: IncidentTestWorld;
  beforeAll(async () => {
    world = await startIncidentWorld(await seedWithoutDefender());
  });
  afterAll(() => world.close());
  beforeEach(() => world.clock.advance(61 * 60_000));

  const defenderToken = (tenantId: string, roles = ["Incident.ReadWrite.All"]) => world.token({ tenantId, audience: DEFENDER, roles });
  const graphToken = (tenantId: string, roles = ["SecurityIncident.ReadWrite.All"]) => world.token({ tenantId, audience: GRAPH, roles });

  it("answers the Defender API with 403 DisabledFeature, in Defender's error shape", async () => {
    const token = defenderToken(NO_DEFENDER);
    for (const response of [
      await world.get("/defender/api/incidents", token),
      await world.get("/defender/api/incidents/1", token),
      await world.patch("/defender/api/incidents/1", token, { status: "Resolved" }),
    ]) {
      expect(response.status).toBe(403);
      const body = await response.json();
      expect(body).toEqual({ error: { code: "DisabledFeature", message: "Tenant feature is not enabled", target: expect.stringMatching(GUID_PATTERN) } });
    }
  });

  it("answers Graph's security incidents with 403 Forbidden, in Graph's error shape", async () => {
    const token = graphToken(NO_DEFENDER);
    for (const response of [
      await world.get("/graph/v1.0/security/incidents", token),
      await world.get("/graph/v1.0/security/incidents/1", token),
      await world.patch("/graph/v1.0/security/incidents/1", token, { status: "resolved" }),
    ]) {
      expect(response.status).toBe(403);
      const body = await response.json();
      expect(body).toEqual({
        error: {
          code: "Forbidden",
          message: "Microsoft Defender XDR is not enabled for this tenant.",
          innerError: { date: expect.any(String), "request-id": expect.stringMatching(GUID_PATTERN), "client-request-id": expect.any(String) },
        },
      });
    }
  });

  it("checks the permission first: a token without the role gets the lost-consent answer", async () => {
    const defender = await world.get("/defender/api/incidents", defenderToken(NO_DEFENDER, []));
    expect(defender.status).toBe(403);
    expect((await defender.json()).error.code).toBe("Forbidden");
    const graph = await world.get("/graph/v1.0/security/incidents", graphToken(NO_DEFENDER, []));
    expect(graph.status).toBe(403);
    expect((await graph.json()).error.message).toMatch(/^Missing application roles\. /);
  });

  it("still serves the tenants that have Defender", async () => {
    expect((await world.get("/defender/api/incidents?$top=1", defenderToken(FABRIKAM_TENANT_ID))).status).toBe(200);
    expect((await world.get("/graph/v1.0/security/incidents?$top=1", graphToken(FABRIKAM_TENANT_ID))).status).toBe(200);
  });
});

describe("emulated Entra ID for a tenant without Microsoft Defender", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator(await seedWithoutDefender());
    await emulator.world.grantConsent(NO_DEFENDER, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] });
  });
  afterAll(() => emulator.close());

  it("refuses an app-only token for the Defender API with 400 AADSTS500011, naming the resource as requested", async () => {
    const byUri = await requestAppToken(emulator.url, NO_DEFENDER, { client_secret: PORTAL_SECRET, scope: DEFENDER_DEFAULT });
    const body = await expectEntraError(byUri, 400, "invalid_resource", 500011);
    expect(body.error_description).toMatch(
      new RegExp(
        "^AADSTS500011: The resource principal named https://api\\.security\\.microsoft\\.com was not found in the tenant named Adatum Corporation\\. " +
          "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant\\. " +
          "You might have sent your authentication request to the wrong tenant\\. Trace ID: ",
      ),
    );
    const byAppId = await requestAppToken(emulator.url, "adatum.example", { client_secret: PORTAL_SECRET, scope: "8ee8fdad-f234-4243-8f3b-15c294843740/.default" });
    expect((await expectEntraError(byAppId, 400, "invalid_resource", 500011)).error_description).toMatch(
      /^AADSTS500011: The resource principal named 8ee8fdad-f234-4243-8f3b-15c294843740 was not found in the tenant named Adatum Corporation\. /,
    );
  });

  it("still issues Graph tokens there, and Defender tokens in tenants that have it", async () => {
    const graph = await requestAppToken(emulator.url, NO_DEFENDER, { client_secret: PORTAL_SECRET, scope: GRAPH_DEFAULT });
    expect(graph.status).toBe(200);
    await emulator.world.grantConsent(FABRIKAM_TENANT_ID, PORTAL_APP_ID, { graph: [], defender: ["Incident.Read.All"] });
    const defender = await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, { client_secret: PORTAL_SECRET, scope: DEFENDER_DEFAULT });
    expect(defender.status).toBe(200);
  });

  it("raises no incident there through the control API", async () => {
    await expect(emulator.control.createIncident(NO_DEFENDER)).rejects.toThrow(NotInWorldError);
  });
});
