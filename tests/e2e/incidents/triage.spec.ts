import { expect, test, type Page } from "@playwright/test";

import { LITWARE_TENANT_ID, PROSEWARE_TENANT_ID, WOODGROVE_TENANT_ID } from "@/tests/support/seed-ids";

import { asCustomerAdmin } from "../support/onboarding";
import { changeForm, changeInMicrosoft, expectBulkOutcomes, graphIncident, grantConsent, raiseIncident, selectInQueue, throttle, unthrottle } from "../support/incidents";
import { pickAccount, signInAs } from "../support/sign-in";

// Runs after the queue test, which onboarded Woodgrove Bank and Proseware Labs with the demo app's
// Graph permissions (read and write), and the access test, which registered Litware.
const ANALYST = "analyst@northwind-partners.example";
const COLLEAGUE = "admin@northwind-partners.example";

/** Opens the first active incident of Woodgrove's list; its id. */
async function openFirstActive(page: Page): Promise<string> {
  await page.locator("tbody tr a").first().click();
  await page.waitForURL(/\/incidents\/\d+$/);
  return page.url().split("/").pop()!;
}

const woodgrove = (request: Parameters<typeof graphIncident>[0], id: string) => graphIncident(request, WOODGROVE_TENANT_ID, id);

test("an analyst assigns (to self and a colleague), unassigns, resolves, classifies, tags and comments in Microsoft; a change made there meanwhile is shown, not overwritten", async ({ page, request }) => {
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
  expect((await woodgrove(request, id)).assignedTo).toBe(ANALYST);

  // A customer's analyst takes the incident in Microsoft's own portal while this page is open.
  await changeInMicrosoft(request, WOODGROVE_TENANT_ID, id, { assignedTo: "soc@woodgrove.example" });
  await triage.getByLabel("Status").selectOption("resolved");
  await triage.getByRole("button", { name: "Set status" }).click();
  const statusForm = changeForm(page, "Set status");
  await expect(statusForm.getByText(/Someone changed this incident in Microsoft/)).toBeVisible();
  await expect(statusForm.getByRole("table", { name: "What changed" })).toContainText("soc@woodgrove.example");
  expect((await woodgrove(request, id)).status).not.toBe("resolved");
  await statusForm.getByRole("button", { name: "Apply mine anyway" }).click();
  await expect(statusForm.getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await woodgrove(request, id)).status).toBe("resolved");

  await triage.getByLabel("Classification and determination").selectOption("truePositive/phishing");
  await triage.getByRole("button", { name: "Classify" }).click();
  await expect(changeForm(page, "Classify").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect(await woodgrove(request, id)).toMatchObject({ classification: "truePositive", determination: "phishing" });

  await triage.getByLabel("Tags (comma-separated)").fill("phishing-wave, vip , phishing-wave");
  await triage.getByRole("button", { name: "Save tags" }).click();
  await expect(changeForm(page, "Save tags").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await woodgrove(request, id)).customTags).toEqual(["phishing-wave", "vip"]);

  await triage.getByLabel("Assign to").fill(COLLEAGUE);
  await triage.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(changeForm(page, "Assign").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await woodgrove(request, id)).assignedTo).toBe(COLLEAGUE);

  await triage.getByRole("button", { name: "Unassign" }).click();
  await expect(page.getByRole("definition").filter({ hasText: /^Unassigned$/ })).toBeVisible();
  await expect(changeForm(page, "Unassign").getByText("Saved in Microsoft Defender.")).toBeVisible();
  await expect(triage.getByRole("button", { name: "Unassign" })).toBeDisabled();
  expect((await woodgrove(request, id)).assignedTo).toBeNull();

  const hostile = `Contained. <img src=x onerror=alert(1)> ${"x".repeat(20)}`;
  await triage.getByLabel("Comment").fill(hostile);
  await triage.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Contained. <img src=x onerror=alert(1)>" })).toBeVisible();
  expect((await woodgrove(request, id)).comments.map((comment) => comment.comment)).toContain(hostile);

  const history = page.getByRole("region", { name: "Changes made in the portal" });
  await expect(history).toContainText(`assigned to ${ANALYST}`);
  await expect(history).toContainText("stopped: changed in Microsoft meanwhile");
  await expect(history).toContainText("tags: phishing-wave, vip");
  await expect(history).toContainText(`assigned to ${COLLEAGUE}`);
  await expect(history).toContainText("unassigned");
  await expect(history).toContainText("added a comment");
  expect(dialogs).toEqual([]);
});

test("an open incident page and incident list learn of a colleague's change, and show it on request", async ({ page, browser }) => {
  await signInAs(page, "Sam Analyst", `/tenants/${WOODGROVE_TENANT_ID}/incidents?range=180d&status=active`);
  const list = page.url();
  const id = await openFirstActive(page);
  const listPage = await page.context().newPage();
  await listPage.goto(list);

  const colleague = await browser.newContext({ ignoreHTTPSErrors: true });
  const colleaguePage = await colleague.newPage();
  await signInAs(colleaguePage, "Avery Admin", `/tenants/${WOODGROVE_TENANT_ID}/incidents/${id}`);
  await colleaguePage.getByRole("region", { name: "Triage" }).getByRole("button", { name: "Assign to me" }).click();
  await expect(changeForm(colleaguePage, "Assign to me").getByText("Saved in Microsoft Defender.")).toBeVisible();
  await colleague.close();

  // Both open pages poll the store; neither redraws under the analyst until asked.
  await expect(page.getByRole("status").filter({ hasText: "This incident changed since this page was shown." })).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Show the latest" }).click();
  await expect(page.locator("dt", { hasText: "Assigned to" }).locator("+ dd")).toHaveText("admin@northwind-partners.example");
  await expect(page.getByRole("status").filter({ hasText: "changed since this page was shown" })).toHaveCount(0);

  await expect(listPage.getByRole("status").filter({ hasText: "This tenant's incidents changed since this page was shown." })).toBeVisible({ timeout: 20_000 });
  await listPage.getByRole("button", { name: "Show the latest" }).click();
  await expect(listPage.locator("tbody tr", { has: listPage.locator(`a[href$="/incidents/${id}"]`) })).toContainText("admin@northwind-partners.example");
});

test("bad input gets a clear message and writes nothing", async ({ page, request }) => {
  await signInAs(page, "Sam Analyst", `/tenants/${WOODGROVE_TENANT_ID}/incidents?range=180d&status=active`);
  const id = await openFirstActive(page);
  const triage = page.getByRole("region", { name: "Triage" });
  const before = await woodgrove(request, id);
  // 10 kB, past the portal's limit: the browser would cut it at maxlength, so the form is sent as a script would.
  await triage.getByLabel("Comment").evaluate((field) => field.removeAttribute("maxlength"));
  await triage.getByLabel("Comment").fill("y".repeat(10_000));
  await triage.getByRole("button", { name: "Add comment" }).click();
  await expect(triage.getByText("Keep a comment under 4,000 characters.")).toBeVisible();
  expect((await woodgrove(request, id)).comments.length).toBe(before.comments.length);
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

test("bulk assign and resolve across three tenants: done in the good one, failed in the throttled one, refused in the read-only one, and neither stops the other", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  // Litware (registered by the access test) grants reading only; an admin has the portal prove it.
  await grantConsent(request, LITWARE_TENANT_ID, { graph: ["SecurityIncident.Read.All"] });
  const admin = await browser.newContext({ ignoreHTTPSErrors: true });
  const adminPage = await admin.newPage();
  await signInAs(adminPage, "Avery Admin", `/tenants/${LITWARE_TENANT_ID}`);
  await adminPage.getByRole("button", { name: "Verify now" }).click();
  await expect(adminPage.getByText("Consent verified: SecurityIncident.Read.All.")).toBeVisible();
  await admin.close();

  // A new incident in each tenant; the queue lists all three once the sync has stored them.
  const title = `Graph bulk check ${Date.now()}`;
  const ids = {
    good: await raiseIncident(request, WOODGROVE_TENANT_ID, title),
    throttled: await raiseIncident(request, PROSEWARE_TENANT_ID, title),
    readOnly: await raiseIncident(request, LITWARE_TENANT_ID, title),
  };
  await signInAs(page, "Sam Analyst", "/incidents");
  await selectInQueue(page, title, 3);
  const bulk = page.getByRole("region", { name: "Change selected incidents" });
  const expectResults = () => expectBulkOutcomes(page, { good: "Woodgrove Bank", throttled: "Proseware Labs", readOnly: "Litware" }, "SecurityIncident.ReadWrite.All");

  await throttle(request, PROSEWARE_TENANT_ID, "graph");
  try {
    await bulk.getByRole("button", { name: "Assign to me" }).click();
    await expectResults();
    expect((await graphIncident(request, WOODGROVE_TENANT_ID, ids.good)).assignedTo).toBe(ANALYST);

    await selectInQueue(page, title, 3);
    await bulk.getByLabel("Status").selectOption("resolved");
    await bulk.getByRole("button", { name: "Set status" }).click();
    await expectResults();
    expect(await graphIncident(request, WOODGROVE_TENANT_ID, ids.good)).toMatchObject({ assignedTo: ANALYST, status: "resolved" });
  } finally {
    await unthrottle(request, PROSEWARE_TENANT_ID);
  }
  // Microsoft never received the other two changes.
  expect(await graphIncident(request, PROSEWARE_TENANT_ID, ids.throttled)).toMatchObject({ assignedTo: null, status: "active" });
  expect(await graphIncident(request, LITWARE_TENANT_ID, ids.readOnly)).toMatchObject({ assignedTo: null, status: "active" });
});

test("a tenant that granted read access only: the incident says why, and an admin requests write access from there", async ({ page, browser, request, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // Litware (registered by the access test) consents to reading only, as a customer who consented
  // before the app asked for write access.
  await grantConsent(request, LITWARE_TENANT_ID, { graph: ["SecurityIncident.Read.All"] });
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
  // (The newest incident is the bulk test's, whose history also quotes the reason of its refusals.)
  await expect(page.getByText(/^Changing incidents needs the SecurityIncident.ReadWrite.All permission, which this customer has not granted/)).toBeVisible();
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
