import { expect, type Page } from "@playwright/test";

/** Goes to a portal page and signs in there through the emulator's Microsoft account picker. */
export async function signInAs(page: Page, account: string | { upn: string }, path = "/tenants") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin/);
  // "Sign in with Microsoft", "Aanmelden met Microsoft": in the browser's language.
  await page.getByRole("button", { name: /Microsoft/ }).click();
  await pickAccount(page, account);
}

/** At the emulator's "Pick an account" page: a listed account, or another one by its UPN. */
export async function pickAccount(page: Page, account: string | { upn: string }) {
  await expect(page.getByRole("heading", { name: "Pick an account" })).toBeVisible();
  if (typeof account === "string") {
    await page.getByRole("button", { name: new RegExp(account) }).click();
  } else {
    await page.getByLabel("Use another account").fill(account.upn);
    await page.getByRole("button", { name: "Next" }).click();
  }
}
