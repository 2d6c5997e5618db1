import { expect, test } from "@playwright/test";

import { addTenant, asCustomerAdmin, copyConsentLink, expectConsented } from "../support/onboarding";
import { pickAccount, signInAs } from "../support/sign-in";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

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

  await expectConsented(page);
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
