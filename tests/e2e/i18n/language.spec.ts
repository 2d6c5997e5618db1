import { expect, test } from "@playwright/test";

import { signInAs } from "../support/sign-in";

test("a customer's admin reads the consent result in their browser's language", async ({ browser }) => {
  for (const [locale, title] of [["nl-BE", "Deze link is niet geldig"], ["en-GB", "This link is not valid"], ["fr-FR", "This link is not valid"]] as const) {
    const context = await browser.newContext({ locale, ignoreHTTPSErrors: true });
    const page = await context.newPage();
    // A callback without Microsoft's parameters, as from a link cut short: the portal answers with its result page.
    await page.goto("/consent/callback");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.locator("html")).toHaveAttribute("lang", locale.slice(0, 2) === "nl" ? "nl" : "en");
    await context.close();
  }
});

test("a staff member switches to Dutch, and the portal keeps it for them in another browser", async ({ page, browser }) => {
  await signInAs(page, "Sam Analyst", "/incidents");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Incidents" })).toBeVisible();
  await page.getByRole("button", { name: "Nederlands" }).click();
  await expect(page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Incidenten" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");

  // Another browser, asking for English: the staff member's choice wins.
  const other = await browser.newContext({ locale: "en-US", ignoreHTTPSErrors: true });
  const otherPage = await other.newPage();
  await signInAs(otherPage, "Sam Analyst", "/incidents");
  await expect(otherPage.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Incidenten" })).toBeVisible();
  await otherPage.getByRole("button", { name: "English" }).click();
  await expect(otherPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Incidents" })).toBeVisible();
  await other.close();
});

test("times are shown in the viewer's time zone once their browser has told it", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Pacific/Auckland", ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signInAs(page, "Avery Admin", "/audit");
  const first = page.locator("main table time[datetime]").first();
  const inAuckland = async () =>
    first.evaluate((element) => {
      const instant = new Date(element.getAttribute("datetime")!);
      return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "Pacific/Auckland" }).format(instant) === element.textContent;
    });
  await expect.poll(inAuckland).toBe(true);
  await context.close();
});
