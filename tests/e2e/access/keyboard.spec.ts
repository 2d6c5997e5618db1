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
