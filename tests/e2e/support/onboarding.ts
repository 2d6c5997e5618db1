import { expect, type Browser, type Page } from "@playwright/test";

import { pickAccount } from "./sign-in";

/** As a signed-in admin: registers a customer tenant by domain and opens its page. */
export async function addTenant(page: Page, domain: string, name: string) {
  await page.goto("/tenants");
  await page.getByLabel("Tenant id or verified domain").fill(domain);
  await page.getByLabel("Customer name").fill(name);
  await page.getByRole("button", { name: "Add tenant" }).click();
  await expect(page.getByRole("status")).toContainText(`Added ${name}`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  await expect(page.getByText("Pending consent")).toBeVisible();
}

/** On a tenant's page: makes a consent link and copies it, as the admin would to email it. */
export async function copyConsentLink(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Create consent link" }).click();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** The customer's admin opens the link in their own browser, with no portal session. */
export async function asCustomerAdmin(browser: Browser, link: string, run: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(link);
  await run(page);
  await context.close();
}

/** Waits, reloading, until the tenant's page shows Consented (the portal proves consent in the background). */
export async function expectConsented(page: Page) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Consented", { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

/** The whole onboarding: add, link, the customer's global admin accepts, consent proven. */
export async function onboardTenant(page: Page, browser: Browser, tenant: { domain: string; name: string; admin: string }) {
  await addTenant(page, tenant.domain, tenant.name);
  const link = await copyConsentLink(page);
  await asCustomerAdmin(browser, link, async (customer) => {
    await pickAccount(customer, { upn: tenant.admin });
    await customer.getByRole("button", { name: "Accept" }).click();
    await expect(customer.getByRole("heading", { name: "Thank you — consent granted" })).toBeVisible();
  });
  await expectConsented(page);
}
