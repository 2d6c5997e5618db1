import { expect, test } from "@playwright/test";

import { onboardTenant } from "../support/onboarding";
import { signInAs } from "../support/sign-in";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("an analyst triages the all-tenants queue; hostile incident text stays plain text", async ({ page, browser }) => {
  const scripts: string[] = [];
  page.on("dialog", (dialog) => {
    scripts.push(dialog.message());
    void dialog.dismiss();
  });

  await signInAs(page, "Avery Admin");
  await onboardTenant(page, browser, { domain: "proseware.example", name: "Proseware Labs", admin: "admin@proseware.example" });
  await onboardTenant(page, browser, { domain: "woodgrove.example", name: "Woodgrove Bank", admin: "admin@woodgrove.example" });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();

  await signInAs(page, "Sam Analyst", "/incidents");
  await expect(page.getByRole("heading", { name: "Incidents", exact: true })).toBeVisible();
  const chips = page.getByRole("list", { name: "Tenant status" });
  await expect(chips.getByText(/Proseware Labs: \d+ incidents/)).toBeVisible();
  await expect(chips.getByText(/Woodgrove Bank: \d+ incidents/)).toBeVisible();
  await expect(page.getByRole("cell", { name: "Woodgrove Bank" }).first()).toBeVisible();

  // Proseware's incidents carry script tags, event handlers and javascript: URLs in their text.
  await page.getByLabel("Updated").selectOption("180d");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText(/incidents from \d+ tenants/);
  const hostile = page.getByRole("row").filter({ hasText: "Proseware Labs" }).filter({ hasText: "<" }).first();
  await expect(hostile).toBeVisible();
  await hostile.getByRole("link").click();
  await expect(page.getByRole("heading", { name: /Alerts \(\d+\)/ })).toBeVisible();
  await expect(page.locator("article h3").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Open in Microsoft Defender portal" })).toHaveAttribute("href", /^https:\/\/security\.microsoft\.com\//);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await page.locator("main img, main script, main iframe").count()).toBe(0);
  expect(await page.locator("main").textContent()).toMatch(/<(script|img)/);

  await page.goBack();
  await page.getByLabel("Severity").selectOption("high");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/severity=high/);
  await expect(page.getByRole("status")).toContainText(/incidents from \d+ tenants/);
  const severities = await page.locator("tbody tr td:nth-child(2)").allInnerTexts();
  expect(severities.length).toBeGreaterThan(0);
  expect(new Set(severities)).toEqual(new Set(["High"]));
  expect(scripts).toEqual([]);
});
