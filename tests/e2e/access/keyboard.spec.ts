import { expect, test, type Locator, type Page } from "@playwright/test";

import { CONTOSO_TENANT_ID } from "@/tests/support/seed-ids";

import { graphIncident } from "../support/incidents";
import { addTenant, asCustomerAdmin } from "../support/onboarding";
import { pickAccount, signInAs } from "../support/sign-in";

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

/** Presses Tab until `target` has the focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator, most = 80) {
  for (let presses = 0; presses < most; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("an admin onboards a tenant and triages one of its incidents by keyboard alone; the focus follows each step", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  await signInAs(page, "Avery Admin", "/tenants");

  // Add the tenant: typed, submitted with Enter; the focus moves to the answer.
  await tabTo(page, page.getByLabel("Tenant id or verified domain"));
  await page.keyboard.type("contoso.example");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Customer name")).toBeFocused();
  await page.keyboard.type("Contoso Pharma");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Added Contoso Pharma" })).toBeFocused();

  // Open it: on the new page the focus is on its content.
  await tabTo(page, page.getByRole("link", { name: "Contoso Pharma" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Contoso Pharma", exact: true })).toBeVisible();
  await expect(page.locator("main")).toBeFocused();

  // A consent link: the focus lands on the link, ready to copy.
  await tabTo(page, page.getByRole("button", { name: "Create consent link" }));
  await page.keyboard.press("Enter");
  const link = page.getByRole("textbox", { name: /^Consent link/ });
  await expect(link).toBeFocused();
  await asCustomerAdmin(browser, await link.inputValue(), async (customer) => {
    await pickAccount(customer, { upn: "admin@contoso.example" });
    await customer.getByRole("button", { name: "Accept" }).click();
    await expect(customer.getByRole("heading", { name: "Thank you — consent granted" })).toBeVisible();
  });

  // Verify: the answer takes the focus.
  await page.reload();
  await tabTo(page, page.getByRole("button", { name: "Verify now" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: /Consent verified/ })).toBeFocused();

  // Its incidents, then the newest one.
  await expect(async () => {
    await page.goto(`/tenants/${CONTOSO_TENANT_ID}/incidents?range=180d`);
    await expect(page.locator("tbody tr a").first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const first = page.locator("tbody tr a").first();
  await tabTo(page, first);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/incidents\/\d+$/);
  await expect(page.locator("main")).toBeFocused();
  const incidentId = page.url().split("/").pop()!;

  // Triage: assign it to me, then resolve it; each answer takes the focus.
  const triage = page.getByRole("region", { name: "Triage" });
  await tabTo(page, triage.getByRole("button", { name: "Assign to me" }));
  await page.keyboard.press("Enter");
  await expect(triage.getByRole("status").first()).toBeFocused();
  await tabTo(page, triage.getByLabel("Status"));
  await page.keyboard.type("Resolved");
  await page.keyboard.press("Tab");
  await expect(triage.getByRole("button", { name: "Set status" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(triage.getByRole("status").filter({ hasText: /./ }).last()).toBeFocused();

  // Microsoft has it as the keyboard user left it.
  await expect.poll(async () => (await graphIncident(request, CONTOSO_TENANT_ID, incidentId)).status).toBe("resolved");
  expect((await graphIncident(request, CONTOSO_TENANT_ID, incidentId)).assignedTo).toBe("admin@northwind-partners.example");
});
