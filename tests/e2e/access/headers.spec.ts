import { expect, test, type Page } from "@playwright/test";

import { FABRIKAM_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import { appRoutes } from "../support/inventory";
import { signInAs } from "../support/sign-in";

const SAMPLE: Record<string, string> = { "[id]": FABRIKAM_TENANT_ID, "[incidentId]": "1", "[outcome]": "granted" };
const pages = appRoutes(SAMPLE).filter((route) => route.kind === "page");

/** Every content-security-policy violation the page reports, as the browser words it. */
function violations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) seen.push(`${page.url()}: ${message.text()}`);
  });
  return seen;
}

test("every page carries a nonce-based content security policy and the other security headers", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/signin", "/consent/result/granted", "/no-access"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const policy = headers["content-security-policy"] ?? "";
    const script = /script-src ([^;]+)/.exec(policy)?.[1] ?? "";
    expect(script, path).toMatch(/'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(script, path).not.toContain("unsafe-inline");
    expect(policy, path).toContain("frame-ancestors 'none'");
    nonces.add(/'nonce-([^']+)'/.exec(script)![1]);
    // The nonce the policy names is the one on the page's scripts.
    expect(await response.text(), path).toContain(`nonce="${/'nonce-([^']+)'/.exec(script)![1]}"`);
    expect(headers, path).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY" });
    // The end-to-end portal is served over http: no HSTS there (tests/unit/web/proxy.test.ts covers https).
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
  expect(nonces.size).toBe(3);
});

test("every page loads and works under the policy: no violation in the console", async ({ page }) => {
  const seen = violations(page);
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();
  await signInAs(page, "Avery Admin");
  for (const route of pages) {
    await page.goto(route.url);
    // Hydrated: the client's scripts ran (the sign-out button is a client component on staff pages).
    await page.waitForLoadState("networkidle");
  }
  // A client component at work: the tenant filter's form and the sign-out button.
  await page.goto("/tenants");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeEnabled();
  expect(seen).toEqual([]);
});

test("no other site can frame the portal", async ({ page }) => {
  const seen = violations(page);
  await page.setContent(`<iframe title="portal" src="${E2E.url}/signin" width="600" height="400"></iframe>`);
  const frame = page.frameLocator("iframe[title=portal]");
  await expect.poll(() => seen.some((line) => line.includes("frame-ancestors"))).toBe(true);
  await expect(frame.getByRole("button", { name: "Sign in with Microsoft" })).toHaveCount(0);
});

test("search engines are kept out, and the pages carry the portal's icon and logo from public/", async ({ page, request }) => {
  const robots = await request.get("/robots.txt");
  expect(await robots.text()).toContain("User-agent: *\nDisallow: /");
  await page.goto("/signin");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  const icon = await request.get((await page.locator('link[rel="icon"]').getAttribute("href"))!);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  // The logo loaded: an image that failed has no natural width.
  expect(await page.locator('img[src="/logo.svg"]').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
});
