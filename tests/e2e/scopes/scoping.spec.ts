import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { ANALYST, OVERAGE, PROSEWARE_TENANT_ID as PROSEWARE, SOC_REGION_NL_GROUP_ID, WOODGROVE_TENANT_ID as WOODGROVE } from "@/tests/support/seed-ids";

import { appRoutes, PUBLIC, type AppRoute } from "../support/inventory";
import { signInAs } from "../support/sign-in";

// Runs after the queue test, which onboarded Woodgrove Bank and Proseware Labs, both with incidents.
// An analyst scoped to Woodgrove must learn nothing of Proseware: not its name, an incident, a count.

/** A tenant id nobody registered: an out-of-scope tenant must answer exactly as this one does. */
const NOBODY = "0b7c1f64-8d2e-4a55-9b1c-3e6f7a8d9c0b";

const totalOf = async (page: Page) => Number((await page.getByText(/^[\d,]+ incidents?$/).innerText()).replace(/\D/g, ""));

async function firstIncidentOf(page: Page, tenantId: string): Promise<string> {
  await page.goto(`/tenants/${tenantId}/incidents?range=180d`);
  return (await page.locator("tbody tr a").first().getAttribute("href"))!.split("/").pop()!;
}

/** Captures a server action as the browser sends it, without letting it run. */
async function captureAction(page: Page, submit: () => Promise<void>): Promise<{ url: string; headers: Record<string, string>; body: string }> {
  let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || !("next-action" in request.headers())) return route.continue();
    captured = { url: request.url(), headers: await request.allHeaders(), body: request.postData() ?? "" };
    await route.abort();
  });
  await submit();
  await expect.poll(() => captured).toBeTruthy();
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return captured!;
}

async function replay(request: APIRequestContext, call: { url: string; headers: Record<string, string>; body: string }, tenantId: string): Promise<string> {
  const headers = { "next-action": call.headers["next-action"], "content-type": call.headers["content-type"], accept: call.headers.accept ?? "text/x-component" };
  return (await request.post(call.url, { headers, data: call.body.replaceAll(WOODGROVE, tenantId) })).text();
}

test("an admin scopes an analyst to a tenant group: nothing of another tenant reaches them, and widening the group shows it at their next request", async ({ page, browser }) => {
  await signInAs(page, "Avery Admin", "/groups");
  const proseware = { id: await firstIncidentOf(page, PROSEWARE) };
  const prosewareTotal = await totalOf(page);
  await page.goto("/groups");
  await page.getByLabel("New group's name").fill("Region NL");
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: "Region NL" })).toBeVisible();
  await page.getByRole("checkbox", { name: "Woodgrove Bank" }).check();
  await page.getByRole("button", { name: "Save tenants" }).click();
  await expect(page.getByRole("status")).toHaveText("Region NL has 1 tenant.");
  await page.goto("/access");
  await page.getByLabel("Sign-in name").fill(ANALYST.upn);
  await page.getByRole("group", { name: "Tenant groups" }).getByRole("checkbox", { name: "Region NL" }).check();
  await page.getByRole("button", { name: "Give access" }).click();
  await expect(page.getByRole("status")).toHaveText("Access saved.");
  await expect(page.getByRole("table", { name: "Access rules" }).getByRole("row").filter({ hasText: ANALYST.upn })).toContainText("Only group Region NL");
  // The queue filters by tenant group too.
  await page.goto(`/tenants/${WOODGROVE}/incidents?range=180d`);
  const woodgroveTotal = await totalOf(page);
  await page.goto("/incidents?range=180d");
  await page.getByLabel("Tenant group").selectOption({ label: "Region NL" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/group=/);
  expect(await totalOf(page)).toBe(woodgroveTotal);

  const analystContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const analyst = await analystContext.newPage();
  await signInAs(analyst, "Sam Analyst", "/tenants");
  await expect(analyst.getByRole("link", { name: "Woodgrove Bank" })).toBeVisible();
  await expect(analyst.getByRole("link", { name: "Proseware Labs" })).toHaveCount(0);
  const woodgrove = { id: await firstIncidentOf(analyst, WOODGROVE) };
  expect(await totalOf(analyst)).toBe(woodgroveTotal);

  // The queue, its counts, its tenant chips and its search hold Woodgrove's incidents only.
  await analyst.goto("/incidents?range=180d&size=200");
  expect(await totalOf(analyst)).toBe(woodgroveTotal);
  await expect(analyst.getByText("1 of 1 tenant synced")).toBeVisible();
  expect(new Set(await analyst.locator("tbody tr td:nth-child(2)").allInnerTexts())).toEqual(new Set(["Woodgrove Bank"]));
  await analyst.goto(`/incidents?range=180d&q=${proseware.id}`);
  await expect(analyst.getByText("0 incidents")).toBeVisible();

  // Every staff page and route, for Proseware and for a tenant nobody registered: the same answer, and nothing of Proseware.
  const sample = (tenantId: string, incidentId: string) => ({ "[id]": tenantId, "[incidentId]": incidentId, "[outcome]": "granted", "[...nextauth]": "session" });
  const outOfScope = appRoutes(sample(PROSEWARE, proseware.id)).filter((route) => !PUBLIC.has(route.pattern));
  const missing = new Map(appRoutes(sample(NOBODY, proseware.id)).map((route) => [route.pattern, route]));
  const answer = async (route: AppRoute, tenantId: string) => {
    const query = route.kind === "route" && route.method === "GET" ? `?tenant=${tenantId}&incident=${proseware.id}` : "";
    const response = await analyst.request.fetch(route.url + query, { method: route.method, maxRedirects: 0, ...(route.method === "POST" && { data: { tenantIds: [tenantId] } }) });
    return { status: response.status(), body: (await response.text()).replaceAll(tenantId, "<tenant>") };
  };
  for (const route of outOfScope) {
    const [theirs, nobodys] = [await answer(route, PROSEWARE), await answer(missing.get(route.pattern)!, NOBODY)];
    expect(theirs.status, route.pattern).toBe(nobodys.status);
    // A URL naming the incident is echoed in the page's own data; any other page must not link to it.
    const secrets = ["Proseware", `${prosewareTotal} incidents`, `${prosewareTotal + woodgroveTotal} incidents`, ...(route.pattern.includes("[incidentId]") ? [] : [`incidents/${proseware.id}`])];
    for (const secret of secrets) expect(theirs.body, `${route.pattern} shows ${secret}`).not.toContain(secret);
    if (route.kind === "route") expect(theirs.body, route.pattern).toBe(nobodys.body);
  }
  await analyst.goto(`/tenants/${PROSEWARE}/incidents/${proseware.id}`);
  await expect(analyst.getByRole("heading", { name: "Not found" })).toBeVisible();

  // Server actions sent for a Proseware incident are refused as for a tenant that does not exist.
  await analyst.goto(`/tenants/${WOODGROVE}/incidents/${woodgrove.id}`);
  const comment = await captureAction(analyst, async () => {
    await analyst.getByLabel("Comment").fill("Scoped?");
    await analyst.getByRole("button", { name: "Add comment" }).click();
  });
  await analyst.goto(`/incidents?range=180d&q=${woodgrove.id}`);
  const bulk = await captureAction(analyst, async () => {
    await analyst.getByRole("checkbox", { name: `Select incident ${woodgrove.id}` }).check();
    await analyst.getByRole("button", { name: "Assign to me" }).click();
  });
  for (const call of [comment, bulk]) {
    const [theirs, nobodys] = [await replay(analyst.request, call, PROSEWARE), await replay(analyst.request, call, NOBODY)];
    expect(theirs).toContain("This tenant is no longer registered.");
    expect(nobodys).toContain("This tenant is no longer registered.");
    expect(theirs).not.toContain("Proseware");
  }

  // Widening the group shows Proseware at the analyst's next request; removing the rule restores "Everyone else".
  await page.goto("/groups");
  await page.getByRole("link", { name: "Region NL" }).click();
  await page.getByRole("checkbox", { name: "Proseware Labs" }).check();
  await page.getByRole("button", { name: "Save tenants" }).click();
  await expect(page.getByRole("status")).toHaveText("Region NL has 2 tenants.");
  await analyst.goto("/tenants");
  await expect(analyst.getByRole("link", { name: "Proseware Labs" })).toBeVisible();
  await analyst.goto("/incidents?range=180d");
  expect(await totalOf(analyst)).toBe(woodgroveTotal + prosewareTotal);

  await page.goto("/access");
  await page.getByRole("button", { name: `Remove ${ANALYST.upn}'s rule` }).click();
  await expect(page.getByRole("table", { name: "Access rules" }).getByRole("row").filter({ hasText: ANALYST.upn })).toHaveCount(0);
  await page.goto("/audit?action=access.rule_set");
  await expect(page.getByRole("cell", { name: "Staff access set" }).first()).toBeVisible();
  await analystContext.close();
});

test("access given to an Entra group follows its members, even one in too many groups for a sign-in token", async ({ page, browser }) => {
  await signInAs(page, "Avery Admin", "/access");
  await page.getByRole("radio", { name: "Entra group" }).check();
  await page.getByLabel("Entra group object id").fill(SOC_REGION_NL_GROUP_ID);
  await page.getByLabel("Entra group name").fill("SOC Region NL");
  await page.getByRole("group", { name: "Tenants" }).getByRole("checkbox", { name: "Proseware Labs" }).check();
  await page.getByRole("button", { name: "Give access" }).click();
  await expect(page.getByRole("status")).toHaveText("Access saved.");

  // Entra lists none of her 231 groups in the token: the portal reads them from Graph at sign-in.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const member = await context.newPage();
  await signInAs(member, OVERAGE.name, "/tenants");
  await expect(member.getByRole("link", { name: "Proseware Labs" })).toBeVisible();
  await expect(member.getByRole("link", { name: "Woodgrove Bank" })).toHaveCount(0);
  await context.close();

  await page.goto("/access");
  await page.getByRole("button", { name: "Remove SOC Region NL's rule" }).click();
  await expect(page.getByRole("row").filter({ hasText: "SOC Region NL" })).toHaveCount(0);
});
