import { beforeAll, describe, expect, it } from "vitest";

describe("health endpoints", () => {
  beforeAll(() => {
    // Nothing listens on port 1: the database is down.
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/portal";
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
  });

  it("readiness answers 503 naming the database when it is down, without its error text", async () => {
    const { GET } = await import("@/app/api/health/ready/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ready: false, database: "unreachable", migrations: "unknown", jobs: "starting", sync: null });
  });

  it("liveness answers 200 all the same: the process is alive, and restarting it would not bring the database back", async () => {
    const { GET } = await import("@/app/api/health/live/route");
    const response = GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
