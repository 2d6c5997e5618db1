import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphRateLimiter } from "@/emulator/graph/incidents";
import { DEFENDER, FABRIKAM, GRAPH, startIncidentWorld, TAILSPIN, WOODGROVE, type IncidentTestWorld } from "./incidents-fixture";

// The clock is injected and frozen between steps, so a minute passes without sleeping.
describe("incident API throttling as each API publishes it", () => {
  let world: IncidentTestWorld;
  beforeAll(async () => {
    world = await startIncidentWorld();
  });
  afterAll(() => world.close());

  const burst = async (count: number, path: string, token: string) => {
    const statuses: number[] = [];
    for (let index = 0; index < count; index++) statuses.push((await world.get(path, token)).status);
    return statuses;
  };

  it("sets no per-tenant limit on Graph's incidents: one app's 400 requests in a second all succeed", async () => {
    const token = world.token({ tenantId: FABRIKAM, audience: GRAPH, roles: ["SecurityIncident.Read.All"] });
    const statuses = await burst(400, "/graph/v1.0/security/incidents?$top=1", token);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it("caps Graph at 130,000 requests per 10 seconds per app, across all tenants", () => {
    const limiter = graphRateLimiter();
    const appId = "0d8f8f1e-6f0e-4f5c-9d55-2d1f3f3b7a10";
    const start = world.clock.now;
    let refused = 0;
    for (let call = 0; call < 130_000; call++) if (limiter.admit(call % 2 ? FABRIKAM : TAILSPIN, appId, start + Math.floor(call / 20)) !== undefined) refused++;
    expect(refused).toBe(0);
    // The 130,001st call comes 6.5 s in, from a third tenant: the first calls leave the window 3.5 s later.
    const last = start + 6_499;
    expect(limiter.admit(WOODGROVE, appId.toUpperCase(), last)).toBe(4);
    expect(limiter.admit(WOODGROVE, "another-app", last)).toBeUndefined();
    expect(limiter.admit(FABRIKAM, appId, start + 10_000)).toBeUndefined();
  });

  it("answers the 51st Defender request in a minute with 429, and the 1,501st in an hour", async () => {
    const token = world.token({ tenantId: FABRIKAM, audience: DEFENDER, roles: ["Incident.Read.All"], appId: "0d8f8f1e-6f0e-4f5c-9d55-2d1f3f3b7a10" });
    const path = "/defender/api/incidents?$top=1";
    expect((await burst(50, path, token)).every((status) => status === 200)).toBe(true);
    const throttled = await world.get(path, token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("60");
    expect(await throttled.json()).toEqual({ error: { code: "TooManyRequests", message: "Rate limit is exceeded. Try again in 60 seconds.", target: expect.any(String) } });
    for (let minute = 1; minute < 30; minute++) {
      world.clock.advance(60_000);
      expect((await burst(50, path, token)).every((status) => status === 200)).toBe(true);
    }
    world.clock.advance(60_000);
    const hourly = await world.get(path, token);
    expect(hourly.status).toBe(429);
    expect(Number(hourly.headers.get("retry-after"))).toBeGreaterThan(60);
  });

  it("counts Defender writes with reads against the same 50 calls a minute per tenant", async () => {
    const appId = "6a1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const token = world.token({ tenantId: TAILSPIN, audience: DEFENDER, roles: ["Incident.ReadWrite.All"], appId });
    const [incident] = (await (await world.get("/defender/api/incidents?$top=1", token)).json()).value;
    const path = `/defender/api/incidents/${incident.incidentId}`;
    const statuses = [200];
    for (let call = 1; call < 50; call++) statuses.push((call % 2 ? await world.patch(path, token, { tags: [`call-${call}`] }) : await world.get(path, token)).status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const throttled = await world.patch(path, token, { tags: ["one too many"] });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("60");
    expect(await throttled.json()).toEqual({ error: { code: "TooManyRequests", message: "Rate limit is exceeded. Try again in 60 seconds.", target: expect.any(String) } });
    expect((await world.get(path, token)).status).toBe(429);
    // Another tenant's calls are counted apart.
    const elsewhere = world.token({ tenantId: WOODGROVE, audience: DEFENDER, roles: ["Incident.ReadWrite.All"], appId });
    expect((await world.get("/defender/api/incidents?$top=1", elsewhere)).status).toBe(200);
    world.clock.advance(60_000);
    expect((await world.patch(path, token, { tags: ["after the minute"] })).status).toBe(200);
  });

  it("sets no per-tenant limit on Graph's incident writes: one app's 150 updates and comments in a second all succeed", async () => {
    const token = world.token({ tenantId: WOODGROVE, audience: GRAPH, roles: ["SecurityIncident.ReadWrite.All"] });
    const [incident] = (await (await world.get("/graph/v1.0/security/incidents?$top=1", token)).json()).value;
    const path = `/graph/v1.0/security/incidents/${incident.id}`;
    const statuses: number[] = [];
    for (let call = 0; call < 150; call++) {
      statuses.push((call % 2 ? await world.post(`${path}/comments`, token, { comment: `note ${call}` }) : await world.patch(path, token, { customTags: [`call-${call}`] })).status);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });
});
