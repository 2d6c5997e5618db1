import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFENDER_INCIDENTS, GRAPH_INCIDENTS, startControlledEmulator, timed, type ControlledEmulator } from "./control-fixture";
import { DEFENDER_DEFAULT, FABRIKAM_TENANT_ID, TAILSPIN_TENANT_ID } from "./emulator-fixture";

describe("control API: faults on the incident APIs", () => {
  let emulator: ControlledEmulator;
  const tokens = { fabrikamGraph: "", fabrikamDefender: "", tailspinGraph: "" };
  beforeAll(async () => {
    emulator = await startControlledEmulator();
    tokens.fabrikamGraph = await emulator.appToken(FABRIKAM_TENANT_ID);
    tokens.fabrikamDefender = await emulator.appToken(FABRIKAM_TENANT_ID, DEFENDER_DEFAULT);
    tokens.tailspinGraph = await emulator.appToken(TAILSPIN_TENANT_ID);
  });
  afterEach(() => emulator.control.clearFaults());
  afterAll(() => emulator.close());

  it("forces 503 on Graph for one tenant while another tenant and the other API are served", async () => {
    const put = await emulator.controlApi("PUT", `/tenants/${FABRIKAM_TENANT_ID}/faults`, { forceStatus: 503, endpoints: ["graph"] });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ forceStatus: 503, endpoints: ["graph"] });

    const faulted = await emulator.get(GRAPH_INCIDENTS, tokens.fabrikamGraph);
    expect(faulted.status).toBe(503);
    expect(await faulted.json()).toEqual({
      error: { code: "serviceNotAvailable", message: expect.any(String), innerError: { date: expect.any(String), "request-id": expect.any(String), "client-request-id": expect.any(String) } },
    });
    expect((await emulator.get(GRAPH_INCIDENTS, tokens.tailspinGraph)).status).toBe(200);
    expect((await emulator.get(DEFENDER_INCIDENTS, tokens.fabrikamDefender)).status).toBe(200);
  });

  it("forces 429 with Retry-After in Graph's and in Defender's error shape", async () => {
    await emulator.controlApi("PUT", `/tenants/${FABRIKAM_TENANT_ID}/faults`, { forceStatus: 429, retryAfterSeconds: 7 });
    expect(await (await emulator.controlApi("GET", `/tenants/${FABRIKAM_TENANT_ID}/faults`)).json()).toEqual({ forceStatus: 429, retryAfterSeconds: 7 });

    const graph = await emulator.get(GRAPH_INCIDENTS, tokens.fabrikamGraph);
    expect(graph.status).toBe(429);
    expect(graph.headers.get("retry-after")).toBe("7");
    expect((await graph.json()).error).toMatchObject({ code: "TooManyRequests", message: "Please retry again later." });
    const defender = await emulator.get(DEFENDER_INCIDENTS, tokens.fabrikamDefender);
    expect(defender.status).toBe(429);
    expect(defender.headers.get("retry-after")).toBe("7");
    expect(await defender.json()).toEqual({ error: { code: "TooManyRequests", message: "Rate limit is exceeded. Try again in 7 seconds.", target: expect.any(String) } });

    expect((await emulator.controlApi("DELETE", `/tenants/${FABRIKAM_TENANT_ID}/faults`)).status).toBe(204);
    expect(await (await emulator.controlApi("GET", `/tenants/${FABRIKAM_TENANT_ID}/faults`)).json()).toEqual({});
    expect((await emulator.get(GRAPH_INCIDENTS, tokens.fabrikamGraph)).status).toBe(200);
  });

  it("fails every request at error rate 1 with the chosen status, and none at error rate 0", async () => {
    await emulator.controlApi("PUT", `/tenants/${FABRIKAM_TENANT_ID}/faults`, { errorRate: 1, errorStatus: 502 });
    const failing = await Promise.all([1, 2, 3, 4, 5].map(() => emulator.get(GRAPH_INCIDENTS, tokens.fabrikamGraph)));
    expect(failing.map((response) => response.status)).toEqual([502, 502, 502, 502, 502]);
    const defender = await emulator.get(DEFENDER_INCIDENTS, tokens.fabrikamDefender);
    expect(defender.status).toBe(502);
    expect((await defender.json()).error).toMatchObject({ code: "InternalServerError" });

    await emulator.controlApi("PUT", `/tenants/${FABRIKAM_TENANT_ID}/faults`, { errorRate: 0, errorStatus: 502 });
    const served = await Promise.all([1, 2, 3, 4, 5].map(() => emulator.get(GRAPH_INCIDENTS, tokens.fabrikamGraph)));
    expect(served.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("delays only the faulted tenant, without holding up other requests", async () => {
    emulator.control.setFaults(FABRIKAM_TENANT_ID, { latencyMs: 250 });
    const slow = timed(emulator.get(GRAPH_INCIDENTS, tokens.fabrikamGraph));
    const fast = await timed(emulator.get(GRAPH_INCIDENTS, tokens.tailspinGraph));
    const delayed = await slow;
    expect(delayed.response.status).toBe(200);
    expect(delayed.ms).toBeGreaterThanOrEqual(240);
    expect(fast.response.status).toBe(200);
    expect(fast.ms).toBeLessThan(200);
  });

  it("hangs the faulted tenant's requests until the client gives up, serving others meanwhile", async () => {
    await emulator.controlApi("PUT", `/tenants/${FABRIKAM_TENANT_ID}/faults`, { hang: true });
    const hung = emulator.get(GRAPH_INCIDENTS, tokens.fabrikamGraph, AbortSignal.timeout(300));
    expect((await emulator.get(GRAPH_INCIDENTS, tokens.tailspinGraph)).status).toBe(200);
    await expect(hung).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("answers 401 and 403 in each API's words when forced", async () => {
    await emulator.controlApi("PUT", `/tenants/${FABRIKAM_TENANT_ID}/faults`, { forceStatus: 401 });
    const unauthorized = await emulator.get(GRAPH_INCIDENTS, tokens.fabrikamGraph);
    expect(unauthorized.status).toBe(401);
    expect((await unauthorized.json()).error.code).toBe("InvalidAuthenticationToken");
    await emulator.controlApi("PUT", `/tenants/${FABRIKAM_TENANT_ID}/faults`, { forceStatus: 403 });
    const forbidden = await emulator.get(DEFENDER_INCIDENTS, tokens.fabrikamDefender);
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("Forbidden");
  });
});
