import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { FABRIKAM_TENANT_ID } from "@/tests/support/seed-ids";

import { appRoutes, PUBLIC, serverActions, type AppRoute } from "../support/inventory";
import { addTenant } from "../support/onboarding";
import { signInAs } from "../support/sign-in";

const ADMIN_PAGES = new Set(["/audit", "/groups", "/groups/[id]", "/access", "/alerts", "/alerts/rules/[id]"]);
// Server actions analysts may run too (changing incidents); every other action is admins' only.
const ANALYST_ACTIONS = new Set(["triageIncidentAction", "bulkTriageAction"]);
// Every staff member's own preferences and saved views.
const STAFF_ACTIONS = new Set(["setLocaleAction", "setTimeZoneAction", "saveViewAction", "deleteViewAction", "setDefaultViewAction"]);
const SAMPLE: Record<string, string> = {
  "[id]": FABRIKAM_TENANT_ID,
  "[incidentId]": "1",
  "[outcome]": "granted",
  "[...nextauth]": "session",
};

const staffOnly = appRoutes(SAMPLE).filter((route) => !PUBLIC.has(route.pattern));

async function expectRefused(request: APIRequestContext, route: AppRoute) {
  const response = await request.fetch(route.url, { method: route.method, maxRedirects: 0, ...(route.method === "POST" && { data: {} }) });
  if (route.kind === "route") {
    expect(response.status(), route.pattern).toBe(401);
  } else {
    expect(response.status(), route.pattern).toBe(307);
    expect(response.headers().location, route.pattern).toMatch(/^\/signin/);
  }
}

test("the inventory finds the app's pages, routes and actions", () => {
  expect(staffOnly.map((route) => route.pattern)).toEqual(expect.arrayContaining(["/tenants", "/tenants/[id]", "/incidents", "/audit", "/api/incidents/refresh"]));
  expect(serverActions().length).toBeGreaterThanOrEqual(5);
});

test("anonymous requests to every staff page and route handler are refused", async ({ request }) => {
  for (const route of staffOnly) await expectRefused(request, route);
});

test("a customer tenant's user gets no session, so every staff page stays closed", async ({ page }) => {
  await signInAs(page, { upn: "admin@woodgrove.example" });
  await expect(page.getByText(/AADSTS50020/)).toBeVisible();
  for (const route of staffOnly) await expectRefused(page.context().request, route);
});

test("an analyst cannot open admin pages", async ({ page }) => {
  await signInAs(page, "Sam Analyst");
  for (const route of staffOnly.filter((r) => ADMIN_PAGES.has(r.pattern))) {
    await page.goto(route.url);
    await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  }
});

/** Captures the wire form of a real server-action call, so it can be replayed with other identities. */
async function captureActionCall(page: Page): Promise<{ url: string; headers: Record<string, string>; body: Buffer }> {
  const call = page.waitForRequest((request) => request.method() === "POST" && "next-action" in request.headers());
  await page.getByRole("button", { name: "Verify now" }).click();
  const request = await call;
  return { url: request.url(), headers: await request.allHeaders(), body: request.postDataBuffer() ?? Buffer.alloc(0) };
}

test("no server action does an admin's work for an analyst or an anonymous caller", async ({ page, browser }) => {
  await signInAs(page, "Avery Admin");
  await addTenant(page, "litware.example", "Litware");
  const call = await captureActionCall(page);
  await expect(page.getByText(/Consent (not )?verified/)).toBeVisible();
  const replay = (request: APIRequestContext, id: string) =>
    request.post(call.url, {
      headers: { "next-action": id, "content-type": call.headers["content-type"], accept: call.headers.accept ?? "text/x-component" },
      data: call.body,
    });

  // The replay reaches the action: as the admin it runs and answers.
  const asAdmin = await replay(page.context().request, call.headers["next-action"]);
  expect(await asAdmin.text()).toMatch(/Consent (not )?verified/);

  const analyst = await browser.newContext({ ignoreHTTPSErrors: true });
  const analystPage = await analyst.newPage();
  await signInAs(analystPage, "Sam Analyst");
  const anonymous = await browser.newContext();
  for (const action of serverActions()) {
    for (const [who, request] of [["analyst", analyst.request], ["anonymous", anonymous.request]] as const) {
      const answer = await (await replay(request, action.id)).text();
      if (STAFF_ACTIONS.has(action.name)) expect(answer, `${action.name} as ${who}`).toContain(who === "anonymous" ? "Sign in first." : "Check the highlighted fields");
      else if (!ANALYST_ACTIONS.has(action.name)) expect(answer, `${action.name} as ${who}`).toContain("Only portal administrators can do this");
      else if (who === "anonymous") expect(answer, `${action.name} as ${who}`).toContain("Only analysts and administrators can change incidents");
      // An analyst passes the role check; the replayed body is not a triage form, so nothing happens.
      else expect(answer, `${action.name} as ${who}`).toContain("Check the highlighted fields");
    }
  }
  await analyst.close();
  await anonymous.close();
  await page.goto("/audit?action=tenant.offboarded");
  await expect(page.getByText("Nothing recorded")).toBeVisible();
});
