import { beforeAll, describe, expect, it } from "vitest";

describe("health endpoint", () => {
  beforeAll(() => {
    // Nothing listens on port 1: the database is down.
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/portal";
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
  });

  it("answers 503 naming the database when it is down, without its error text", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", db: "unreachable" });
  });
});
