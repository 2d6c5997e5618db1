import { expect, test } from "@playwright/test";

test("the health endpoint reports the portal and its database as up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});
