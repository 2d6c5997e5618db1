import { expect, test } from "@playwright/test";

import { addTenant } from "../support/onboarding";
import { signInAs } from "../support/sign-in";

test("a keyboard user skips the navigation, and a tenant's tabs name the tenant", async ({ page }) => {
  await signInAs(page, "Avery Admin");
  await page.goto("/tenants");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  // Litware is added by the access inventory's test, which runs before this one: when run alone, here.
  if ((await page.getByRole("link", { name: "Litware" }).count()) === 0) await addTenant(page, "litware.example", "Litware");
  await page.goto("/tenants");
  await page.getByRole("link", { name: "Litware" }).click();
  await expect(page).toHaveTitle("Litware · Partner Portal");
  await page.getByRole("link", { name: "View incidents" }).click();
  await expect(page).toHaveTitle("Litware incidents · Partner Portal");
});

test("offboarding asks first, with the focus on Cancel; Escape takes the question back", async ({ page }) => {
  await signInAs(page, "Avery Admin");
  await page.goto("/tenants");
  if ((await page.getByRole("link", { name: "Litware" }).count()) === 0) await addTenant(page, "litware.example", "Litware");
  await page.goto("/tenants");
  await page.getByRole("link", { name: "Litware" }).click();
  const offboard = page.getByRole("button", { name: "Offboard tenant" });
  await offboard.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expect(page.getByRole("button", { name: "Yes, offboard Litware" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Yes, offboard Litware" })).toHaveCount(0);
  await expect(offboard).toBeFocused();
});
