import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test } from "@playwright/test";

import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifySignature } from "@/lib/alerts/webhook";
import { PROSEWARE_TENANT_ID as PROSEWARE, WOODGROVE_TENANT_ID as WOODGROVE } from "@/tests/support/seed-ids";

import { raiseIncident } from "../support/incidents";
import { signInAs } from "../support/sign-in";

// Runs after the queue test, which onboarded Woodgrove Bank and Proseware Labs; the portal syncs every 5 s.

interface Received {
  path: string;
  eventId?: string;
  signature?: string;
  raw: string;
}

test("an admin adds a signed webhook and a Teams target, tests both, and a rule on high incidents of one tenant delivers a new one there once, and nothing for another tenant", async ({ page, request }) => {
  const received: Received[] = [];
  const receiver: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      received.push({ path: incoming.url ?? "", eventId: incoming.headers[EVENT_ID_HEADER] as string | undefined, signature: incoming.headers[SIGNATURE_HEADER] as string | undefined, raw: Buffer.concat(chunks).toString("utf8") });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  await signInAs(page, "Avery Admin", "/alerts");
  // Demo mode accepts http:// to this machine only; anything else must be https and public.
  await page.getByLabel("Target name").fill("Intranet");
  await page.getByLabel("Address (https:// URL, or email address)").fill("https://10.1.2.3/hook");
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "private network" })).toBeVisible();
  await expect(page.getByLabel("Target name")).toHaveValue("Intranet");

  await page.getByLabel("Target name").fill("SOC webhook");
  await page.getByLabel("Address (https:// URL, or email address)").fill(`${base}/hook`);
  await page.getByRole("button", { name: "Add target" }).click();
  const added = await page.getByRole("status").filter({ hasText: "Added SOC webhook" }).innerText();
  const secret = /shown only now.*: (\S+)$/.exec(added)![1];
  await page.getByLabel("Target name").fill("SOC channel");
  await page.getByLabel("Kind").selectOption({ label: "Microsoft Teams channel" });
  await page.getByLabel("Address (https:// URL, or email address)").fill(`${base}/teams`);
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added SOC channel" })).toBeVisible();

  await page.getByRole("button", { name: "Send test to SOC webhook" }).click();
  await expect(page.getByText("Delivered: the target answered 200.")).toBeVisible();
  await page.getByRole("button", { name: "Send test to SOC channel" }).click();
  await expect(page.getByText("Delivered: the target answered 200.").nth(1)).toBeVisible();
  const [webhookTest, teamsTest] = received;
  expect(verifySignature(secret, webhookTest.signature, webhookTest.raw)).toBe(true);
  expect(JSON.parse(teamsTest.raw)).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] });

  await page.getByLabel("Name", { exact: true }).fill("High at Woodgrove");
  await page.getByLabel("New incidents of at least").selectOption({ label: "High" });
  await page.getByRole("radio", { name: "Only the groups and tenants ticked below" }).check();
  await page.getByRole("group", { name: "Tenants" }).getByRole("checkbox", { name: "Woodgrove Bank" }).check();
  await page.getByRole("group", { name: "Send to" }).getByRole("checkbox", { name: "SOC webhook" }).check();
  await page.getByRole("group", { name: "Send to" }).getByRole("checkbox", { name: "SOC channel" }).check();
  await page.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rule saved." })).toBeVisible();

  received.length = 0;
  const woodgrove = await raiseIncident(request, WOODGROVE, "Ransomware staged on FIN-01", { severity: "high" });
  await raiseIncident(request, WOODGROVE, "Odd sign-in", { severity: "low" });
  await raiseIncident(request, PROSEWARE, "Ransomware elsewhere", { severity: "high" });
  await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
  const hook = received.find((delivery) => delivery.path === "/hook")!;
  expect(verifySignature(secret, hook.signature, hook.raw)).toBe(true);
  expect(hook.eventId).toBe(`newIncident:${WOODGROVE}:${woodgrove}`);
  expect(JSON.parse(hook.raw)).toMatchObject({ type: "newIncident", tenant: { id: WOODGROVE, name: "Woodgrove Bank" }, incident: { id: woodgrove, severity: "high", title: "Ransomware staged on FIN-01" } });
  expect(received.find((delivery) => delivery.path === "/teams")!.raw).toContain("Ransomware staged on FIN-01");

  await page.getByRole("link", { name: "Deliveries of High at Woodgrove" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Ransomware staged on FIN-01" })).toHaveCount(2);
  await expect(page.getByRole("row").filter({ hasText: "Answered 200." })).toHaveCount(2);
  // Later syncs read the incident again: nothing more is sent.
  await page.waitForTimeout(6_000);
  expect(received).toHaveLength(2);

  await page.goto("/alerts");
  await page.getByRole("button", { name: "Remove High at Woodgrove" }).click();
  await expect(page.getByRole("button", { name: "Remove High at Woodgrove" })).toHaveCount(0);
  await new Promise((resolve) => receiver.close(resolve));
});
