import { expect, test } from "@playwright/test";

import { signInAs } from "../support/sign-in";

test("a tenant that cannot be added keeps what the admin typed, to correct", async ({ page }) => {
  await signInAs(page, "Avery Admin");
  await page.goto("/tenants");
  const tenant = page.getByLabel("Tenant id or verified domain");
  const name = page.getByLabel("Customer name");
  for (const [typed, problem] of [
    ["not a domain!", /domain|tenant id/i],
    ["nowhere.example", /nowhere\.example/],
  ] as const) {
    await tenant.fill(typed);
    await name.fill("Nowhere Ltd");
    await page.getByRole("button", { name: "Add tenant" }).click();
    await expect(page.getByText(problem).first()).toBeVisible();
    await expect(tenant).toHaveValue(typed);
    await expect(name).toHaveValue("Nowhere Ltd");
  }
});
