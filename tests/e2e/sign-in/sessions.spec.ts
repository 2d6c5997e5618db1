import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { DEMO } from "@/lib/config/demo";

import { EMULATOR } from "../support/incidents";
import { signInAs } from "../support/sign-in";

// Sessions the portal keeps: ended on the server, so a copied cookie ends with them; ended by an
// admin; and ended by Entra (the e2e stack checks roles every 3 s, STAFF_ROLE_CHECK_SECONDS).

const tenantsHeading = (page: Page) => page.getByRole("heading", { name: "Tenants", exact: true });

async function changeUser(request: APIRequestContext, upn: string, change: object) {
  const response = await request.patch(`${EMULATOR}/_emulator/control/tenants/${DEMO.partnerTenantId}/users/${upn}`, { data: change });
  expect(response.status()).toBe(200);
}

test("a copied session cookie stops working once its owner signs out", async ({ page, browser }) => {
  await signInAs(page, "Sam Analyst");
  await expect(tenantsHeading(page)).toBeVisible();
  const copy = await browser.newContext();
  await copy.addCookies(await page.context().cookies());
  const thief = await copy.newPage();
  await thief.goto("/incidents");
  await expect(thief.getByRole("heading", { name: "Incidents", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();
  await thief.goto("/incidents");
  await expect(thief).toHaveURL(/\/signin/);
  await copy.close();
});

test("an admin signs a staff member out of every session", async ({ page, browser }) => {
  const analystContext = await browser.newContext();
  const analyst = await analystContext.newPage();
  await signInAs(analyst, "Sam Analyst");
  await expect(tenantsHeading(analyst)).toBeVisible();

  await signInAs(page, "Avery Admin", "/access");
  const row = page.getByRole("table", { name: "Signed-in staff" }).getByRole("row").filter({ hasText: "analyst@northwind-partners.example" });
  await expect(row.getByRole("cell", { name: "analyst", exact: true })).toBeVisible();
  await row.getByRole("button", { name: "Sign out Sam Analyst" }).click();
  await expect(page.getByRole("status")).toHaveText(/^Signed out analyst@northwind-partners\.example: \d+ sessions? ended\.$/);
  await expect(page.getByRole("table", { name: "Signed-in staff" })).not.toContainText("analyst@northwind-partners.example");

  await analyst.goto("/incidents");
  await expect(analyst).toHaveURL(/\/signin/);
  await page.goto("/audit");
  await expect(page.getByRole("row").filter({ hasText: "admin@northwind-partners.example" }).filter({ hasText: "analyst@northwind-partners.example" }).first()).toBeVisible();
  await analystContext.close();
});

test("a staff member whose role is removed in Entra is signed out within the check interval", async ({ page, request }) => {
  await signInAs(page, "Rory Reader");
  await expect(tenantsHeading(page)).toBeVisible();
  await changeUser(request, "reader@northwind-partners.example", { appRoles: [] });
  try {
    await expect(async () => {
      await page.goto("/tenants");
      await expect(page).toHaveURL(/\/signin/, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
  } finally {
    await changeUser(request, "reader@northwind-partners.example", { appRoles: [{ appId: DEMO.clientId, role: "Portal.Reader" }] });
  }
});
