import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GRAPH_INCIDENTS, startControlledEmulator, timed, type ControlledEmulator } from "./control-fixture";
import {
  codeFor,
  decodeJwtPart,
  DEFENDER_DEFAULT,
  FABRIKAM_TENANT_ID,
  PARTNER_TENANT_ID,
  PORTAL_APP_ID,
  redeemCode,
  startTestEmulator,
  TAILSPIN_TENANT_ID,
  WOODGROVE_TENANT_ID,
} from "./emulator-fixture";

describe("control API", () => {
  let emulator: ControlledEmulator;
  beforeAll(async () => {
    emulator = await startControlledEmulator();
  });
  afterEach(() => emulator.control.clearFaults());
  afterAll(() => emulator.close());

  it("answers 404 on every control path when the emulator was started without it", async () => {
    const plain = await startTestEmulator();
    try {
      for (const [method, path] of [["GET", "counters"], ["PUT", `tenants/${FABRIKAM_TENANT_ID}/faults`], ["DELETE", "faults"]]) {
        const response = await fetch(`${plain.url}/_emulator/control/${path}`, { method, headers: { "content-type": "application/json" }, body: method === "PUT" ? "{}" : undefined });
        expect(response.status).toBe(404);
      }
    } finally {
      await plain.close();
    }
  });

  it("refuses invalid faults with 400 and the problems, unknown tenants with 404, other bodies with 415", async () => {
    const invalid = await emulator.controlApi("PUT", `/tenants/${FABRIKAM_TENANT_ID}/faults`, { errorRate: 2, forceStatus: 418, colour: "red" });
    expect(invalid.status).toBe(400);
    const { error, problems } = (await invalid.json()) as { error: string; problems: { path: string; message: string }[] };
    expect(error).toBe("invalid_request");
    expect(problems.map((problem) => problem.path).sort()).toEqual(["", "errorRate", "forceStatus"]);
    expect((await emulator.controlApi("PUT", "/tenants/nowhere.example/faults", {})).status).toBe(404);
    const text = await fetch(`${emulator.url}/_emulator/control/tenants/${FABRIKAM_TENANT_ID}/faults`, { method: "PUT", body: "{}" });
    expect(text.status).toBe(415);
    expect(emulator.control.faults(FABRIKAM_TENANT_ID)).toEqual({});
  });

  it("answers token requests with Entra's error shape when the token endpoint is faulted", async () => {
    await emulator.controlApi("PUT", `/tenants/${TAILSPIN_TENANT_ID}/faults`, { forceStatus: 503, endpoints: ["token"] });
    const unavailable = await emulator.tokenResponse(TAILSPIN_TENANT_ID);
    expect(unavailable.status).toBe(503);
    const body = await unavailable.json();
    expect(Object.keys(body)).toEqual(["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"]);
    expect(body).toMatchObject({ error: "temporarily_unavailable", error_codes: [90033] });
    expect(body.error_description).toMatch(/^AADSTS90033: .* Trace ID: .* Correlation ID: .* Timestamp: /);
    expect((await emulator.get(GRAPH_INCIDENTS, await emulator.appToken(FABRIKAM_TENANT_ID))).status).toBe(200);

    await emulator.controlApi("PUT", `/tenants/${TAILSPIN_TENANT_ID}/faults`, { forceStatus: 429, retryAfterSeconds: 3 });
    const throttled = await emulator.tokenResponse(TAILSPIN_TENANT_ID);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(await throttled.json()).toMatchObject({ error: "temporarily_unavailable", error_codes: [90055] });

    emulator.control.setFaults(PARTNER_TENANT_ID, { forceStatus: 500, endpoints: ["token"] });
    const redeemed = await redeemCode(emulator.url, { code: await codeFor(emulator.url) });
    expect(redeemed.status).toBe(500);
    expect(await redeemed.json()).toMatchObject({ error: "temporarily_unavailable", error_codes: [90033] });
  });

  it("grants, removes a role and revokes consent over HTTP, with the effects on tokens and Graph", async () => {
    const grant = await emulator.controlApi("POST", `/tenants/${WOODGROVE_TENANT_ID}/consent/grant`, { appId: PORTAL_APP_ID, graph: ["SecurityIncident.Read.All"] });
    expect(grant.status).toBe(200);
    expect((await grant.json()).servicePrincipal).toMatchObject({ tenantId: WOODGROVE_TENANT_ID, appRoles: { graph: ["SecurityIncident.Read.All"], defender: [] } });
    expect((await emulator.get(GRAPH_INCIDENTS, await emulator.appToken(WOODGROVE_TENANT_ID))).status).toBe(200);

    const removed = await emulator.controlApi("POST", `/tenants/${WOODGROVE_TENANT_ID}/consent/remove-role`, { appId: PORTAL_APP_ID, resource: "graph", permission: "SecurityIncident.Read.All" });
    expect(await removed.json()).toEqual({ removed: true });
    const roleless = await emulator.appToken(WOODGROVE_TENANT_ID);
    expect(decodeJwtPart(roleless, 1)).not.toHaveProperty("roles");
    const forbidden = await emulator.get(GRAPH_INCIDENTS, roleless);
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("Forbidden");

    const revoked = await emulator.controlApi("POST", `/tenants/${WOODGROVE_TENANT_ID}/consent/revoke`, { appId: PORTAL_APP_ID });
    expect(await revoked.json()).toEqual({ revoked: true });
    const refused = await emulator.tokenResponse(WOODGROVE_TENANT_ID);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "invalid_client", error_codes: [7000229] });
    expect((await emulator.controlApi("POST", `/tenants/${WOODGROVE_TENANT_ID}/consent/revoke`, { appId: "00000000-0000-0000-0000-000000000000" })).status).toBe(404);
  });

  it("counts requests per endpoint and tenant, refused and throttled ones included, until reset", async () => {
    const graphToken = await emulator.appToken(FABRIKAM_TENANT_ID);
    await emulator.controlApi("DELETE", "/counters");
    await emulator.get(GRAPH_INCIDENTS, graphToken);
    emulator.control.setFaults(FABRIKAM_TENANT_ID, { forceStatus: 429 });
    expect((await emulator.get(GRAPH_INCIDENTS, graphToken)).status).toBe(429);
    expect((await emulator.get("/defender/api/incidents", "not-a-token")).status).toBe(401);
    await emulator.tokenResponse(TAILSPIN_TENANT_ID, DEFENDER_DEFAULT);
    await fetch(`${emulator.url}/${FABRIKAM_TENANT_ID}/v2.0/.well-known/openid-configuration`);

    expect(await (await emulator.controlApi("GET", "/counters")).json()).toEqual({
      total: 5,
      byEndpoint: {
        graph: { [FABRIKAM_TENANT_ID]: 2 },
        defender: { unknown: 1 },
        token: { [TAILSPIN_TENANT_ID]: 1 },
        discovery: { [FABRIKAM_TENANT_ID]: 1 },
      },
    });
    expect((await emulator.controlApi("DELETE", "/counters")).status).toBe(204);
    expect(emulator.control.counters()).toEqual({ total: 0, byEndpoint: {} });
  });

  it("adds the base latency to token and incident API calls", async () => {
    const slow = await startControlledEmulator({ latencyMs: 200 });
    try {
      const token = await timed(slow.tokenResponse(FABRIKAM_TENANT_ID));
      expect(token.response.status).toBe(200);
      expect(token.ms).toBeGreaterThanOrEqual(190);
      const incidents = await timed(slow.get(GRAPH_INCIDENTS, await slow.appToken(FABRIKAM_TENANT_ID)));
      expect(incidents.response.status).toBe(200);
      expect(incidents.ms).toBeGreaterThanOrEqual(190);
      expect((await timed(fetch(`${slow.url}/_emulator/health`))).ms).toBeLessThan(190);
    } finally {
      await slow.close();
    }
  });

  it("closes promptly while requests hang", async () => {
    const hanging = await startControlledEmulator();
    const token = await hanging.appToken(FABRIKAM_TENANT_ID);
    hanging.control.setFaults(FABRIKAM_TENANT_ID, { hang: true });
    const hung = hanging.get(GRAPH_INCIDENTS, token).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await hanging.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hung).toBeInstanceOf(Error);
  });
});
