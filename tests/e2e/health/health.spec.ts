import { expect, test } from "@playwright/test";

test("readiness reports the database, every migration applied and the job engine running; liveness answers", async ({ request }) => {
  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ ready: true, database: "ok", migrations: "ok", jobs: "running", sync: { consentedTenants: expect.any(Number) } });
  const live = await request.get("/api/health/live");
  expect(await live.json()).toEqual({ status: "ok" });
});
