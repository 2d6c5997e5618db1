import { expect, test, type Page } from "@playwright/test";

import { signInAs } from "../support/sign-in";

// Runs after the queue test, which onboarded Woodgrove Bank and Proseware Labs.

/** The queue's total, as the analyst reads it above the table. */
async function queueTotal(page: Page): Promise<number> {
  await expect(page.getByRole("heading", { name: "Incidents", exact: true })).toBeVisible();
  return Number((await page.getByText(/^[\d,]+ incidents?$/).innerText()).replace(/\D/g, ""));
}

const tile = (page: Page, name: string) => page.getByRole("link", { name: new RegExp(`^${name} [\\d,]+$`) });
const tileNumber = async (page: Page, name: string) => Number((await tile(page, name).innerText()).replace(/\D/g, ""));

test("the dashboard shows each tenant's health and the trends, and each number opens the queue of those incidents", async ({ page }) => {
  await signInAs(page, "Sam Analyst", "/");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Dashboard", exact: true })).toBeVisible();

  const health = page.getByRole("table", { name: "Tenant health" });
  await expect(health.getByRole("row").filter({ hasText: "Woodgrove Bank" })).toContainText("Consented");
  await expect(health.getByRole("row").filter({ hasText: "Proseware Labs" })).toContainText("Consented");
  // The charts are drawn (their numbers are in the tables next to them).
  await expect(page.locator("figure .recharts-bar-rectangle").first()).toBeVisible();

  for (const name of ["Open incidents", "Open, high severity", "Resolved in the period"]) {
    const shown = await tileNumber(page, name);
    await tile(page, name).click();
    expect(await queueTotal(page), name).toBe(shown);
    await page.goBack();
  }

  // A tenant's open high-severity incidents: the queue of that tenant alone.
  const woodgrove = health.getByRole("row").filter({ hasText: "Woodgrove Bank" });
  const highs = Number(await woodgrove.getByRole("cell").last().innerText());
  await woodgrove.getByRole("cell").last().getByRole("link").click();
  expect(await queueTotal(page)).toBe(highs);
  await expect(page.locator("tbody tr").filter({ hasNotText: "Woodgrove Bank" })).toHaveCount(0);
  await page.goBack();

  // The chart's numbers, as a table: every day of the period, adding up to the total.
  await page.getByRole("link", { name: "Last 90 days" }).click();
  await expect(page.getByRole("link", { name: "Last 90 days" })).toHaveAttribute("aria-current", "page");
  const created = page.getByRole("figure", { name: "New incidents per day, by severity" });
  await created.getByText("The numbers").click();
  const rows = created.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(90);
  const perDay = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(1).reduce((sum, td) => sum + Number(td.textContent!.replace(/\D/g, "")), 0)));
  expect(perDay.reduce((a, b) => a + b)).toBe(await tileNumber(page, "New in the period"));
});
