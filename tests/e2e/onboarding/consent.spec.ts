import { expect, test, type Browser, type Page } from "@playwright/test";

import { pickAccount, signInAs } from "../support/sign-in";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function addTenant(page: Page, domain: string, name: string) {
  await page.getByLabel("Tenant id or verified domain").fill(domain);
  await page.getByLabel("Customer name").fill(name);
  await page.getByRole("button", { name: "Add tenant" }).click();
  await expect(page.getByRole("status")).toContainText(`Added ${name}`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  await expect(page.getByText("Pending consent")).toBeVisible();
}

async function copyConsentLink(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Create consent link" }).click();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** The customer's admin opens the link in their own browser, with no portal session. */
async function asCustomerAdmin(browser: Browser, link: string, run: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(link);
  await run(page);
  await context.close();
}

test("an admin onboards a tenant by domain and its global admin grants consent", async ({ page, browser }) => {
  await signInAs(page, "Avery Admin");
  await addTenant(page, "fabrikam.example", "Fabrikam");
  const link = await copyConsentLink(page);
  expect(link).toContain("/d07e079e-4f7c-4c1e-bf93-dc6d19cc37c2/v2.0/adminconsent?");

  await asCustomerAdmin(browser, link, async (customer) => {
    await pickAccount(customer, "Fabrikam Global Admin");
    await expect(customer.getByText("Northwind Partner Portal").first()).toBeVisible();
    await customer.getByRole("button", { name: "Accept" }).click();
    await expect(customer.getByRole("heading", { name: "Thank you — consent granted" })).toBeVisible();
    await expect(customer.getByText("Northwind Security Partners can now monitor")).toBeVisible();
  });

  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Consented", { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByText("SecurityIncident.Read.All")).toBeVisible();
});

test("a customer admin who cancels leaves the tenant in Consent denied", async ({ page, browser }) => {
  await signInAs(page, "Avery Admin");
  await addTenant(page, "tailspin.example", "Tailspin Toys");
  const link = await copyConsentLink(page);

  await asCustomerAdmin(browser, link, async (customer) => {
    await pickAccount(customer, { upn: "admin@tailspin.example" });
    await customer.getByRole("button", { name: "Cancel" }).click();
    await expect(customer.getByRole("heading", { name: "Consent cancelled" })).toBeVisible();
  });

  await page.reload();
  await expect(page.getByText("Consent denied")).toBeVisible();
  await expect(page.getByText(/cancelled consent/)).toBeVisible();
});
