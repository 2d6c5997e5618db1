import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";

import { DEMO } from "@/lib/config/demo";
import { LITWARE_TENANT_ID, WOODGROVE_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import { asCustomerAdmin } from "../support/onboarding";
import { pickAccount, signInAs } from "../support/sign-in";

// Runs after the queue test, which onboarded Woodgrove Bank with the demo app's permissions
// (read and write).
const emulator = `https://localhost:${E2E.emulatorPort}`;
const ANALYST = "analyst@northwind-partners.example";

/** The incident as Microsoft Graph itself shows it, read with the app's own token. */
/** Opens the first active incident of Woodgrove's list; its id. */
async function openFirstActive(page: Page): Promise<string> {
  await page.locator("tbody tr a").first().click();
  await page.waitForURL(/\/incidents\/\d+$/);
  return page.url().split("/").pop()!;
}

/** The form of one triage change, by its button. */
function changeForm(page: Page, button: string): Locator {
  return page.getByRole("region", { name: "Triage" }).locator("form", { has: page.getByRole("button", { name: button, exact: true }) });
}

async function graphIncident(
  request: APIRequestContext,
  id: string,
): Promise<{ assignedTo: string | null; status: string; classification: string; determination: string; comments: { comment: string }[] }> {
  const token = await request.post(`${emulator}/${WOODGROVE_TENANT_ID}/oauth2/v2.0/token`, {
    form: { grant_type: "client_credentials", client_id: DEMO.clientId, client_secret: DEMO.clientSecret, scope: "https://graph.microsoft.com/.default" },
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const response = await request.get(`${emulator}/graph/v1.0/security/incidents/${id}`, { headers: { authorization: `Bearer ${access_token}` } });
  expect(response.status()).toBe(200);
  return response.json();
}

test("an analyst assigns, resolves and comments in Microsoft; a change made there meanwhile is shown, not overwritten", async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signInAs(page, "Sam Analyst", `/tenants/${WOODGROVE_TENANT_ID}/incidents?range=180d&status=active`);
  const id = await openFirstActive(page);
  const triage = page.getByRole("region", { name: "Triage" });
  await expect(triage).toBeVisible();

  await triage.getByRole("button", { name: "Assign to me" }).click();
  await expect(changeForm(page, "Assign to me").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await graphIncident(request, id)).assignedTo).toBe(ANALYST);

  // A customer's analyst takes the incident in Microsoft's own portal while this page is open.
  const meanwhile = await request.patch(`${emulator}/_emulator/control/tenants/${WOODGROVE_TENANT_ID}/incidents/${id}`, { data: { assignedTo: "soc@woodgrove.example" } });
  expect(meanwhile.ok()).toBe(true);
  await triage.getByLabel("Status").selectOption("resolved");
  await triage.getByRole("button", { name: "Set status" }).click();
  const statusForm = changeForm(page, "Set status");
  await expect(statusForm.getByText(/Someone changed this incident in Microsoft/)).toBeVisible();
  await expect(statusForm.getByRole("table", { name: "What changed" })).toContainText("soc@woodgrove.example");
  expect((await graphIncident(request, id)).status).not.toBe("resolved");
  await statusForm.getByRole("button", { name: "Apply mine anyway" }).click();
  await expect(statusForm.getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await graphIncident(request, id)).status).toBe("resolved");

  await triage.getByLabel("Classification and determination").selectOption("truePositive/phishing");
  await triage.getByRole("button", { name: "Classify" }).click();
  await expect(changeForm(page, "Classify").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect(await graphIncident(request, id)).toMatchObject({ classification: "truePositive", determination: "phishing" });

  const hostile = `Contained. <img src=x onerror=alert(1)> ${"x".repeat(20)}`;
  await triage.getByLabel("Comment").fill(hostile);
  await triage.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Contained. <img src=x onerror=alert(1)>" })).toBeVisible();
  expect((await graphIncident(request, id)).comments.map((comment) => comment.comment)).toContain(hostile);

  const history = page.getByRole("region", { name: "Changes made in the portal" });
  await expect(history).toContainText(`assigned to ${ANALYST}`);
  await expect(history).toContainText("stopped: changed in Microsoft meanwhile");
  await expect(history).toContainText("added a comment");
  expect(dialogs).toEqual([]);
});

test("bad input gets a clear message and writes nothing", async ({ page, request }) => {
  await signInAs(page, "Sam Analyst", `/tenants/${WOODGROVE_TENANT_ID}/incidents?range=180d&status=active`);
  const id = await openFirstActive(page);
  const triage = page.getByRole("region", { name: "Triage" });
  const before = await graphIncident(request, id);
  // 10 kB, past the portal's limit: the browser would cut it at maxlength, so the form is sent as a script would.
  await triage.getByLabel("Comment").evaluate((field) => field.removeAttribute("maxlength"));
  await triage.getByLabel("Comment").fill("y".repeat(10_000));
  await triage.getByRole("button", { name: "Add comment" }).click();
  await expect(triage.getByText("Keep a comment under 4,000 characters.")).toBeVisible();
  expect((await graphIncident(request, id)).comments.length).toBe(before.comments.length);
});

test("a reader sees incidents but no triage, and the server refuses the action when called directly", async ({ page, browser }) => {
  // The analyst's own triage form, captured as the browser sends it, then replayed as a reader.
  const analyst = await browser.newContext({ ignoreHTTPSErrors: true });
  const analystPage = await analyst.newPage();
  await signInAs(analystPage, "Sam Analyst", `/tenants/${WOODGROVE_TENANT_ID}/incidents?range=180d&status=active`);
  await openFirstActive(analystPage);
  const call = analystPage.waitForRequest((request) => request.method() === "POST" && "next-action" in request.headers());
  await analystPage.getByRole("region", { name: "Triage" }).getByLabel("Assign to").fill("reader-was-here@example.com");
  await analystPage.getByRole("region", { name: "Triage" }).getByRole("button", { name: "Assign", exact: true }).click();
  const captured = await call;
  const headers = await captured.allHeaders();
  const body = captured.postDataBuffer() ?? Buffer.alloc(0);
  await expect(changeForm(analystPage, "Assign").getByText("Saved in Microsoft Defender.")).toBeVisible();
  const url = analystPage.url();
  await analyst.close();

  await signInAs(page, "Rory Reader", url);
  await expect(page.getByRole("heading", { name: /Alerts \(\d+\)/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Triage" })).toHaveCount(0);
  await expect(page.getByText("Readers see incidents but cannot change them")).toBeVisible();
  const replay = await page.context().request.post(captured.url(), {
    headers: { "next-action": headers["next-action"], "content-type": headers["content-type"], accept: headers.accept ?? "text/x-component" },
    data: body,
  });
  expect(await replay.text()).toContain("Only analysts and administrators can change incidents");
});

test("an analyst resolves incidents of two tenants at once from the queue, with a result per incident", async ({ page, request }) => {
  await signInAs(page, "Sam Analyst", "/incidents?range=180d&status=active");
  const incidents = page.getByRole("table").last();
  const picked: string[] = [];
  for (const tenant of ["Woodgrove Bank", "Proseware Labs"]) {
    const box = incidents.getByRole("row").filter({ hasText: tenant }).first().getByRole("checkbox");
    picked.push(((await box.getAttribute("aria-label")) ?? "").replace("Select incident ", ""));
    await box.check();
  }
  const bulk = page.getByRole("region", { name: "Change selected incidents" });
  await bulk.getByLabel("Status").selectOption("resolved");
  await bulk.getByRole("button", { name: "Set status" }).click();
  await expect(bulk.getByText("2 of 2 incidents changed in Microsoft Defender.")).toBeVisible();
  await expect(bulk.getByRole("table", { name: "Results" }).getByRole("row").filter({ hasText: "Done" })).toHaveCount(2);
  expect((await graphIncident(request, picked[0])).status).toBe("resolved");
});

test("a tenant that granted read access only: the incident says why, and an admin requests write access from there", async ({ page, browser, request, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // Litware (registered by the access test) consents to reading only, as a customer who consented
  // before the app asked for write access.
  const granted = await request.post(`${emulator}/_emulator/control/tenants/${LITWARE_TENANT_ID}/consent/grant`, { data: { appId: DEMO.clientId, graph: ["SecurityIncident.Read.All"] } });
  expect(granted.ok()).toBe(true);
  await signInAs(page, "Avery Admin", `/tenants/${LITWARE_TENANT_ID}`);
  await page.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText(/Consent verified/)).toBeVisible();
  await expect(async () => {
    await page.goto(`/tenants/${LITWARE_TENANT_ID}/incidents?range=180d`);
    await expect(page.locator("tbody tr a").first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.locator("tbody tr a").first().click();
  await page.waitForURL(/\/incidents\/\d+$/);
  const incident = page.url();
  await expect(page.getByText(/needs the SecurityIncident.ReadWrite.All permission, which this customer has not granted/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Triage" })).toHaveCount(0);

  await page.getByRole("button", { name: "Create consent link" }).click();
  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  await asCustomerAdmin(browser, link, async (customer) => {
    await pickAccount(customer, { upn: "admin@litware.example" });
    await customer.getByRole("button", { name: "Accept" }).click();
    await expect(customer.getByRole("heading", { name: "Thank you — consent granted" })).toBeVisible();
  });
  // Once the portal has proven the new consent, the same incident can be worked.
  await expect(async () => {
    await page.goto(incident);
    await expect(page.getByRole("region", { name: "Triage" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});
