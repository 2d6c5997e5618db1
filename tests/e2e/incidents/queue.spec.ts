import { expect, test } from "@playwright/test";

import { PROSEWARE_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import { onboardTenant } from "../support/onboarding";
import { signInAs } from "../support/sign-in";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const control = `https://localhost:${E2E.emulatorPort}/_emulator/control`;

test("an analyst works the all-tenants queue from the store; hostile incident text stays plain text", async ({ page, browser, request }) => {
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

  await signInAs(page, "Sam Analyst", "/incidents?range=180d");
  await expect(page.getByRole("heading", { name: "Incidents", exact: true })).toBeVisible();
  // Refresh asks for a sync of every tenant and re-renders the page from the store as they answer.
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Refreshed" })).toContainText("Refreshed 2 of 2 tenants", { timeout: 30_000 });
  const chips = page.getByRole("list", { name: "Tenant status" });
  await expect(chips.getByText(/Proseware Labs: synced \d+ s ago/)).toBeVisible();
  await expect(chips.getByText(/Woodgrove Bank: synced \d+ s ago/)).toBeVisible();
  await expect(page.getByRole("cell", { name: "Woodgrove Bank" }).first()).toBeVisible();
  const total = Number((await page.getByText(/^[\d,]+ incidents$/).innerText()).replace(/\D/g, ""));
  expect(total).toBeGreaterThan(50);
  await expect(page.getByRole("navigation", { name: "Pages" })).toContainText(`Page 1 of ${Math.ceil(total / 50)}`);
  expect(await page.locator("tbody tr").count()).toBe(50);

  // Proseware's incidents carry script tags, event handlers and javascript: URLs in their text.
  const hostile = page.getByRole("row").filter({ hasText: "Proseware Labs" }).filter({ hasText: "<" }).first();
  await expect(hostile).toBeVisible();
  // The incident page reads alerts live, with the token the sync (another bundle of the server) already holds.
  expect((await request.delete(`${control}/counters`)).ok()).toBe(true);
  await hostile.getByRole("link").click();
  await expect(page.getByRole("heading", { name: /Alerts \(\d+\)/ })).toBeVisible();
  await expect(page.locator("article h3").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Open in Microsoft Defender portal" })).toHaveAttribute("href", /^https:\/\/security\.microsoft\.com\//);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await page.locator("main img, main script, main iframe").count()).toBe(0);
  expect(await page.locator("main").textContent()).toMatch(/<(script|img)/);
  const calls = (await (await request.get(`${control}/counters`)).json()) as { byEndpoint: Record<string, Record<string, number> | undefined> };
  expect(calls.byEndpoint.graph?.[PROSEWARE_TENANT_ID]).toBeGreaterThan(0);
  expect(calls.byEndpoint.token?.[PROSEWARE_TENANT_ID] ?? 0).toBe(0);

  await page.goBack();
  await page.getByLabel("Severity").selectOption("high");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/severity=high/);
  const severities = await page.getByRole("table").first().locator("tbody tr td:nth-child(3)").allInnerTexts();
  expect(severities.length).toBeGreaterThan(0);
  expect(new Set(severities)).toEqual(new Set(["High"]));

  // A new incident raised in Microsoft's portal: the next sync brings it in, and search finds it.
  const raised = await request.post(`${control}/tenants/woodgrove.example/incidents`, { data: { displayName: "Ransomware staged on FINANCE-07", severity: "high" } });
  expect(raised.status()).toBe(201);
  const { id } = (await raised.json()) as { id: string };
  await page.getByLabel("Search").fill("ransomware staged");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("link", { name: "Ransomware staged on FINANCE-07" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByLabel("Search").fill(id);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  expect(scripts).toEqual([]);
});
