import { expect, test } from "@playwright/test";

import { TAILSPIN_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import { revokeConsent } from "../support/incidents";
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

test("a re-consent returned by a user who is not an admin leaves Fabrikam consented, says so, and the same redirect again is refused", async ({ page, browser }) => {
  await signInAs(page, "Avery Admin");
  await page.goto("/tenants");
  await page.getByRole("link", { name: "Fabrikam" }).click();
  await expect(page.getByRole("heading", { name: "Fabrikam", exact: true })).toBeVisible();
  await expect(page.getByText("Consented", { exact: true })).toBeVisible();
  const link = await copyConsentLink(page);

  await asCustomerAdmin(browser, link, async (customer) => {
    await pickAccount(customer, "Fabrikam Helpdesk");
    await expect(customer.getByRole("heading", { name: "Need admin approval" })).toBeVisible();
    const callback = customer.waitForRequest(/\/consent\/callback\?/);
    await customer.getByRole("button", { name: "Return to the application without granting consent" }).click();
    await expect(customer.getByRole("heading", { name: "Consent was not granted" })).toBeVisible();
    await expect(customer.getByText("accept it with a Global Administrator account")).toBeVisible();
    // The browser's back button, or the link in the history, brings the same redirect again.
    await customer.goto((await callback).url());
    await expect(customer.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  });

  await page.reload();
  await expect(page.getByText("Consented", { exact: true })).toBeVisible();
  await expect(page.getByText("A new consent link was declined; the earlier consent still holds.")).toBeVisible();
});

test("a flood of callbacks from one address is refused, and a customer admin returning meanwhile is recorded and answered", async ({ page, browser, request }) => {
  await signInAs(page, "Avery Admin");
  await page.goto("/tenants");
  await page.getByRole("link", { name: "Fabrikam" }).click();
  const link = await copyConsentLink(page);

  // 100 forged cancels from one address, forwarded by a trusted proxy (the e2e stack trusts 127.0.0.1).
  const flood = Promise.all(
    Array.from({ length: 100 }, (_, index) =>
      request.get(`/consent/callback?error=access_denied&error_subcode=cancel&state=forged-${index}`, { headers: { "x-forwarded-for": "198.51.100.7" }, maxRedirects: 0 }),
    ),
  );
  await asCustomerAdmin(browser, link, async (customer) => {
    await pickAccount(customer, { upn: "admin@fabrikam.example" });
    await customer.getByRole("button", { name: "Cancel" }).click();
    await expect(customer.getByRole("heading", { name: "Consent cancelled" })).toBeVisible();
  });
  const answers = await flood;
  const statuses = answers.map((answer) => answer.status());
  expect(statuses.filter((status) => status === 303)).toHaveLength(30);
  expect(statuses.filter((status) => status === 429)).toHaveLength(70);
  const refused = answers.find((answer) => answer.status() === 429)!;
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await refused.text()).toContain("Too many requests from your address");

  // The admin's own cancel is the one the tenant's page reports, not one of the forged ones.
  await page.reload();
  await expect(page.getByText("Consented", { exact: true })).toBeVisible();
  await expect(page.getByText(/the earlier consent still holds\. The customer's admin cancelled consent/)).toBeVisible();
});

test("a customer admin who uses Microsoft's generic link is thanked, and Verify now finds the consent", async ({ page, browser }) => {
  await signInAs(page, "Avery Admin");
  await page.goto("/tenants");
  await page.getByRole("link", { name: "Tailspin Toys" }).click();
  await expect(page.getByRole("heading", { name: "Tailspin Toys", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Create consent link" }).click();
  await page.getByText("Fallback: Microsoft's generic consent link").click();
  const generic = (await page.locator("details code").textContent())!;

  await asCustomerAdmin(browser, generic, async (customer) => {
    // Entra sends the admin to the app's first registered reply URL, the demo portal's sign-in
    // callback on port 3000; this portal is the one registered there, on its own port.
    await customer.route(/^http:\/\/localhost:3000\//, (route) => route.fulfill({ status: 302, headers: { location: route.request().url().replace("localhost:3000", new URL(E2E.url).host) } }));
    await pickAccount(customer, { upn: "admin@tailspin.example" });
    await customer.getByRole("button", { name: "Accept" }).click();
    await expect(customer.getByRole("heading", { name: "Thank you" })).toBeVisible();
    await expect(customer.getByText("There is nothing else to do.")).toBeVisible();
  });

  await page.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText(/Consent verified/)).toBeVisible();
  await page.reload();
  await expect(page.getByText("Consented", { exact: true })).toBeVisible();
  // Later checks (Defender) start Tailspin from a customer who never consented.
  await revokeConsent(page.request, TAILSPIN_TENANT_ID);
});
