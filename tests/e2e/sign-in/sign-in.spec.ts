import { expect, test, type Page } from "@playwright/test";

import { signInAs } from "../support/sign-in";

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("an admin signs in through Microsoft and sees the admin navigation", async ({ page }) => {
  await signInAs(page, "Avery Admin");

  await expect(page).toHaveURL(/\/tenants$/);
  await expect(page.getByRole("heading", { name: "Tenants", exact: true })).toBeVisible();
  await expect(page.getByText("Avery Admin")).toBeVisible();
  await expect(page.getByText("Admin", { exact: true })).toBeVisible();
  await expect(mainNav(page).getByRole("link")).toHaveText(["Dashboard", "Tenants", "Incidents", "Groups", "Staff access", "Alerts", "Audit log"]);

  await mainNav(page).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", exact: true })).toBeVisible();
  const signIn = page.getByRole("row").filter({ hasText: "admin@northwind-partners.example" }).filter({ hasText: "Signed in" });
  await expect(signIn.first()).toBeVisible();
});

test("an analyst signs in and sees the analyst view, without admin pages", async ({ page }) => {
  await signInAs(page, "Sam Analyst");

  await expect(page.getByRole("heading", { name: "Tenants", exact: true })).toBeVisible();
  await expect(page.getByText("Analyst", { exact: true })).toBeVisible();
  await expect(mainNav(page).getByRole("link")).toHaveText(["Dashboard", "Tenants", "Incidents"]);

  await mainNav(page).getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("heading", { name: "Incidents", exact: true })).toBeVisible();
  await expect(page.getByRole("form", { name: "Filters" })).toBeVisible();

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  await expect(page.getByText("This page is for portal administrators")).toBeVisible();
});

test("a partner user without a portal role is refused and stays signed out", async ({ page }) => {
  await signInAs(page, "Riley Visitor");

  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  await expect(page.getByText("Your account has no role in this portal")).toBeVisible();
  await page.goto("/tenants");
  await expect(page).toHaveURL(/\/signin/);
});

test("a customer tenant's user cannot sign in to the partner portal", async ({ page }) => {
  await signInAs(page, { upn: "admin@fabrikam.example" });

  await expect(page.getByText(/AADSTS50020/)).toBeVisible();
  await page.goto("/tenants");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await signInAs(page, "Sam Analyst");
  await expect(page.getByRole("heading", { name: "Tenants", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/signin/);
});
