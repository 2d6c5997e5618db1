import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";

import { expect, test } from "@playwright/test";

import { cleanEnv, portalEnv, startPortal, stopChild } from "@/scripts/stack";
import { FABRIKAM_TENANT_ID, PROSEWARE_TENANT_ID, TAILSPIN_TENANT_ID, WOODGROVE_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import {
  expectBulkOutcomes,
  changeForm,
  changeInMicrosoft,
  defenderIncident,
  grantConsent,
  raiseIncident,
  selectInQueue,
  throttle,
  unthrottle,
} from "../support/incidents";
import { addTenant, onboardTenant } from "../support/onboarding";
import { signInAs } from "../support/sign-in";

// The triage tests again, through the legacy Microsoft 365 Defender API: a second portal on the
// same build with INCIDENT_API=defender, its own port and embedded database, against the emulator
// the end-to-end run already started. Runs after the other end-to-end tests (see
// playwright.config.ts): it adds Defender permissions to tenants they consented for Graph, and
// raises and changes incidents there.
const PORT = 3298;
const DATA_DIR = resolve(".data/e2e-defender");
const ANALYST = "analyst@northwind-partners.example";
const COLLEAGUE = "admin@northwind-partners.example";

test.use({ baseURL: `http://localhost:${PORT}`, permissions: ["clipboard-read", "clipboard-write"] });
// The tests share the portal, its tenants and the emulator's incidents: after a failure the rest are skipped.
test.describe.configure({ mode: "serial" });

let portal: ChildProcess | undefined;

test.beforeAll(async ({ browser, playwright }) => {
  test.setTimeout(180_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  const env = portalEnv(PORT, {
    ...cleanEnv(),
    DATA_DIR,
    INCIDENT_API: "defender",
    EMULATOR_PORT: String(E2E.emulatorPort),
    NODE_EXTRA_CA_CERTS: resolve(E2E.dataDir, "emulator", "ca.crt"),
    UPSTREAM_TIMEOUT_SECONDS: "2",
    // Defender allows 50 calls a minute per tenant and app, reads and writes together. A tenant's
    // triage test makes about 30; a 30-day backfill (2 windows instead of 12) and a sync every 10 s
    // keep the rest of that minute's calls well under the limit.
    SYNC_INTERVAL_SECONDS: "10",
    INCIDENT_RETENTION_DAYS: "30",
  });
  portal = await startPortal(PORT, env, "files");

  // Customers' global admins grant the Defender API's permissions through the portal's consent links.
  const admin = await browser.newContext({ baseURL: `http://localhost:${PORT}`, ignoreHTTPSErrors: true, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await admin.newPage();
  await signInAs(page, "Avery Admin");
  for (const tenant of [
    { domain: "woodgrove.example", name: "Woodgrove Bank", admin: "admin@woodgrove.example" },
    { domain: "fabrikam.example", name: "Fabrikam", admin: "admin@fabrikam.example" },
    { domain: "proseware.example", name: "Proseware Labs", admin: "admin@proseware.example" },
  ]) {
    await onboardTenant(page, browser, tenant);
    await expect(page.getByText(/\bIncident\.ReadWrite\.All\b/)).toBeVisible();
  }
  // Tailspin grants reading only, as a customer who consented before the app asked for write access.
  await addTenant(page, "tailspin.example", "Tailspin Toys");
  const emulator = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  await grantConsent(emulator, TAILSPIN_TENANT_ID, { defender: ["Incident.Read.All"] });
  await emulator.dispose();
  await page.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText("Consent verified: Incident.Read.All.")).toBeVisible();
  await admin.close();
});

test.afterAll(async () => {
  if (portal) await stopChild(portal);
});

test("through the Defender API an analyst assigns to self and a colleague, unassigns, sets status, classifies, tags and comments; Defender shows each change", async ({ page, request }) => {
  const id = await raiseIncident(request, WOODGROVE_TENANT_ID, "Defender triage check");
  const inDefender = () => defenderIncident(request, WOODGROVE_TENANT_ID, id);
  await signInAs(page, "Sam Analyst", `/tenants/${WOODGROVE_TENANT_ID}/incidents/${id}`);
  const triage = page.getByRole("region", { name: "Triage" });
  await expect(triage).toBeVisible();

  await triage.getByRole("button", { name: "Assign to me" }).click();
  await expect(changeForm(page, "Assign to me").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await inDefender()).assignedTo).toBe(ANALYST);

  await triage.getByLabel("Assign to").fill(COLLEAGUE);
  await triage.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(changeForm(page, "Assign").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await inDefender()).assignedTo).toBe(COLLEAGUE);

  await triage.getByRole("button", { name: "Unassign" }).click();
  await expect(page.getByRole("definition").filter({ hasText: /^Unassigned$/ })).toBeVisible();
  await expect(changeForm(page, "Unassign").getByText("Saved in Microsoft Defender.")).toBeVisible();
  await expect(triage.getByRole("button", { name: "Unassign" })).toBeDisabled();
  expect((await inDefender()).assignedTo).toBeNull();

  // Defender, unlike Graph, lets the portal set "In progress".
  await triage.getByLabel("Status").selectOption({ label: "In progress" });
  await triage.getByRole("button", { name: "Set status" }).click();
  await expect(changeForm(page, "Set status").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await inDefender()).status).toBe("InProgress");

  await triage.getByLabel("Classification and determination").selectOption({ label: "false positive: not malicious" });
  await triage.getByRole("button", { name: "Classify" }).click();
  await expect(changeForm(page, "Classify").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect(await inDefender()).toMatchObject({ classification: "FalsePositive", determination: "Clean" });

  await triage.getByLabel("Tags (comma-separated)").fill("phishing-wave, vip");
  await triage.getByRole("button", { name: "Save tags" }).click();
  await expect(changeForm(page, "Save tags").getByText("Saved in Microsoft Defender.")).toBeVisible();
  expect((await inDefender()).tags).toEqual(["phishing-wave", "vip"]);

  const comment = "Contained: mailbox rule removed. <b>not bold</b>";
  await triage.getByLabel("Comment").fill(comment);
  await triage.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: comment })).toBeVisible();
  expect((await inDefender()).comments).toContainEqual(expect.objectContaining({ comment, createdBy: "API-App:Northwind Partner Portal" }));

  const history = page.getByRole("region", { name: "Changes made in the portal" });
  for (const change of [`assigned to ${ANALYST}`, `assigned to ${COLLEAGUE}`, "unassigned", "status: in progress", "classification: false positive", "tags: phishing-wave, vip", "added a comment"]) {
    await expect(history).toContainText(change);
  }
});

test("through the Defender API a change made in Microsoft while the incident is open is shown, not overwritten, until the analyst applies theirs anyway", async ({ page, request }) => {
  const id = await raiseIncident(request, FABRIKAM_TENANT_ID, "Defender conflict check");
  await signInAs(page, "Sam Analyst", `/tenants/${FABRIKAM_TENANT_ID}/incidents/${id}`);
  const triage = page.getByRole("region", { name: "Triage" });
  await expect(triage).toBeVisible();

  // The customer's own analyst takes the incident in Microsoft's portal while this page is open.
  await changeInMicrosoft(request, FABRIKAM_TENANT_ID, id, { assignedTo: "soc@fabrikam.example" });
  await triage.getByLabel("Status").selectOption({ label: "Resolved" });
  await triage.getByRole("button", { name: "Set status" }).click();
  const statusForm = changeForm(page, "Set status");
  await expect(statusForm.getByText(/Someone changed this incident in Microsoft since you opened it/)).toBeVisible();
  const changed = statusForm.getByRole("table", { name: "What changed" });
  await expect(changed.getByRole("row").filter({ hasText: "Assigned to" })).toContainText("Unassigned");
  await expect(changed.getByRole("row").filter({ hasText: "Assigned to" })).toContainText("soc@fabrikam.example");
  expect(await defenderIncident(request, FABRIKAM_TENANT_ID, id)).toMatchObject({ status: "Active", assignedTo: "soc@fabrikam.example" });

  await statusForm.getByRole("button", { name: "Apply mine anyway" }).click();
  await expect(statusForm.getByText("Saved in Microsoft Defender.")).toBeVisible();
  // Only the analyst's own change is written: the assignee chosen in Microsoft stays.
  expect(await defenderIncident(request, FABRIKAM_TENANT_ID, id)).toMatchObject({ status: "Resolved", assignedTo: "soc@fabrikam.example" });
  const history = page.getByRole("region", { name: "Changes made in the portal" });
  await expect(history).toContainText("status: resolved · stopped: changed in Microsoft meanwhile");
  await expect(history).toContainText("status: resolved · saved");
});

test("through the Defender API a reader sees incidents but no action, and the server refuses a triage call a reader sends directly", async ({ page, browser, request }) => {
  const id = await raiseIncident(request, PROSEWARE_TENANT_ID, "Defender reader check");
  // The analyst's own triage form, captured as the browser sends it, then replayed as a reader.
  const analyst = await browser.newContext({ baseURL: `http://localhost:${PORT}`, ignoreHTTPSErrors: true });
  const analystPage = await analyst.newPage();
  await signInAs(analystPage, "Sam Analyst", `/tenants/${PROSEWARE_TENANT_ID}/incidents/${id}`);
  const call = analystPage.waitForRequest((sent) => sent.method() === "POST" && "next-action" in sent.headers());
  await analystPage.getByRole("region", { name: "Triage" }).getByLabel("Assign to").fill("analyst-was-here@example.com");
  await analystPage.getByRole("region", { name: "Triage" }).getByRole("button", { name: "Assign", exact: true }).click();
  const captured = await call;
  const headers = await captured.allHeaders();
  await expect(changeForm(analystPage, "Assign").getByText("Saved in Microsoft Defender.")).toBeVisible();
  await analyst.close();

  await signInAs(page, "Rory Reader", `/tenants/${PROSEWARE_TENANT_ID}/incidents/${id}`);
  await expect(page.getByRole("heading", { name: /Alerts \(\d+\)/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Triage" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Assign|Unassign|Set status|Classify|Save tags|Add comment/ })).toHaveCount(0);
  await expect(page.getByText("Readers see incidents but cannot change them")).toBeVisible();
  await expect(async () => {
    await page.goto("/incidents?range=180d");
    await expect(page.getByRole("link", { name: "Defender reader check" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Change selected incidents" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: /^Select incident/ })).toHaveCount(0);

  // The same call, now naming the reader as the assignee, sent with the reader's session.
  const body = (captured.postData() ?? "").replace("analyst-was-here@example.com", "reader-was-here@example.com");
  const replay = await page.context().request.post(captured.url(), {
    headers: { "next-action": headers["next-action"], "content-type": headers["content-type"], accept: headers.accept ?? "text/x-component" },
    data: body,
  });
  expect(await replay.text()).toContain("Only analysts and administrators can change incidents");
  expect((await defenderIncident(request, PROSEWARE_TENANT_ID, id)).assignedTo).toBe("analyst-was-here@example.com");
});

test("through the Defender API bulk assign and resolve across three tenants: done in the good one, failed in the throttled one, refused in the read-only one, and neither stops the other", async ({ page, request }) => {
  test.setTimeout(120_000);
  const title = `Defender bulk check ${Date.now()}`;
  const ids = {
    good: await raiseIncident(request, FABRIKAM_TENANT_ID, title),
    throttled: await raiseIncident(request, PROSEWARE_TENANT_ID, title),
    readOnly: await raiseIncident(request, TAILSPIN_TENANT_ID, title),
  };
  await signInAs(page, "Sam Analyst", "/incidents");
  await selectInQueue(page, title, 3);
  const bulk = page.getByRole("region", { name: "Change selected incidents" });
  const expectResults = () => expectBulkOutcomes(page, { good: "Fabrikam", throttled: "Proseware Labs", readOnly: "Tailspin Toys" }, "Incident.ReadWrite.All");

  await throttle(request, PROSEWARE_TENANT_ID, "defender");
  try {
    await bulk.getByRole("button", { name: "Assign to me" }).click();
    await expectResults();
    expect((await defenderIncident(request, FABRIKAM_TENANT_ID, ids.good)).assignedTo).toBe(ANALYST);

    await selectInQueue(page, title, 3);
    await bulk.getByLabel("Status").selectOption({ label: "Resolved" });
    await bulk.getByRole("button", { name: "Set status" }).click();
    await expectResults();
    expect(await defenderIncident(request, FABRIKAM_TENANT_ID, ids.good)).toMatchObject({ assignedTo: ANALYST, status: "Resolved" });
  } finally {
    await unthrottle(request, PROSEWARE_TENANT_ID);
  }
  // Microsoft never received the other two changes.
  expect(await defenderIncident(request, PROSEWARE_TENANT_ID, ids.throttled)).toMatchObject({ assignedTo: null, status: "Active" });
  expect(await defenderIncident(request, TAILSPIN_TENANT_ID, ids.readOnly)).toMatchObject({ assignedTo: null, status: "Active" });
});
