import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFENDER, FABRIKAM, GRAPH, startIncidentWorld, TAILSPIN, type IncidentTestWorld } from "./incidents-fixture";

// The clock is injected and frozen between steps, so a minute passes without sleeping.
describe("incident API throttling per tenant and app", () => {
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

  it("answers the 151st Graph request in a minute with 429, Retry-After and TooManyRequests", async () => {
    const token = world.token({ tenantId: FABRIKAM, audience: GRAPH, roles: ["SecurityIncident.Read.All"] });
    const path = "/graph/v1.0/security/incidents?$top=1";
    expect((await burst(150, path, token)).every((status) => status === 200)).toBe(true);
    world.clock.advance(20_000);
    const throttled = await world.get(path, token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("40");
    expect((await throttled.json()).error).toMatchObject({ code: "TooManyRequests" });
    const otherTenant = world.token({ tenantId: TAILSPIN, audience: GRAPH, roles: ["SecurityIncident.Read.All"] });
    expect((await world.get(path, otherTenant)).status).toBe(200);
    world.clock.advance(40_000);
    expect((await world.get(path, token)).status).toBe(200);
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
});
