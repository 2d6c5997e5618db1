import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test } from "@playwright/test";
import { SMTPServer } from "smtp-server";

import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifySignature } from "@/lib/alerts/webhook";
import { PROSEWARE_TENANT_ID as PROSEWARE, WOODGROVE_TENANT_ID as WOODGROVE } from "@/tests/support/seed-ids";

import { raiseIncident } from "../support/incidents";
import { signInAs } from "../support/sign-in";
import { E2E } from "../stack";

// Runs after the queue test, which onboarded Woodgrove Bank and Proseware Labs; the portal syncs every 5 s.

interface Received {
  path: string;
  eventId?: string;
  signature?: string;
  raw: string;
}

interface Mail {
  to: string[];
  raw: string;
}

test("an admin adds a signed webhook, a Teams channel and a mailbox, tests them, and a rule on high incidents of a tenant group delivers a new one there to each once, and nothing for another tenant", async ({ page, request }) => {
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
  // A real SMTP server where the portal is configured to send mail.
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(E2E.smtpPort, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  await signInAs(page, "Avery Admin", "/groups");
  await page.getByLabel("New group's name").fill("SOC Benelux");
  await page.getByRole("button", { name: "Create group" }).click();
  await page.getByRole("checkbox", { name: "Woodgrove Bank" }).check();
  await page.getByRole("button", { name: "Save tenants" }).click();
  await expect(page.getByRole("status")).toHaveText("SOC Benelux has 1 tenant.");
  const groupUrl = page.url();

  await page.goto("/alerts");
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
  await page.getByLabel("Target name").fill("SOC mailbox");
  await page.getByLabel("Kind").selectOption({ label: "Email" });
  await page.getByLabel("Address (https:// URL, or email address)").fill("soc@northwind-partners.example");
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added SOC mailbox" })).toBeVisible();

  await page.getByRole("button", { name: "Send test to SOC webhook" }).click();
  await expect(page.getByText("Delivered: the target answered 200.")).toBeVisible();
  await page.getByRole("button", { name: "Send test to SOC channel" }).click();
  await expect(page.getByText("Delivered: the target answered 200.").nth(1)).toBeVisible();
  const [webhookTest, teamsTest] = received;
  expect(verifySignature(secret, webhookTest.signature, webhookTest.raw)).toBe(true);
  expect(JSON.parse(teamsTest.raw)).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] });
  await page.getByRole("button", { name: "Send test to SOC mailbox" }).click();
  await expect(page.getByText("Delivered: the target answered 250", { exact: false })).toBeVisible();
  expect(mails).toEqual([{ to: ["soc@northwind-partners.example"], raw: expect.stringContaining("From: Northwind alerts <alerts@northwind-partners.example>") }]);

  await page.getByLabel("Name", { exact: true }).fill("High in SOC Benelux");
  await page.getByLabel("New or reopened incidents of at least").selectOption({ label: "High" });
  await page.getByRole("radio", { name: "Only the groups and tenants ticked below" }).check();
  await page.getByRole("group", { name: "Tenant groups" }).getByRole("checkbox", { name: "SOC Benelux" }).check();
  await page.getByRole("group", { name: "Send to" }).getByRole("checkbox", { name: "SOC webhook" }).check();
  await page.getByRole("group", { name: "Send to" }).getByRole("checkbox", { name: "SOC channel" }).check();
  await page.getByRole("group", { name: "Send to" }).getByRole("checkbox", { name: "SOC mailbox" }).check();
  await page.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rule saved." })).toBeVisible();

  received.length = 0;
  mails.length = 0;
  const woodgrove = await raiseIncident(request, WOODGROVE, "Ransomware staged on FIN-01", { severity: "high" });
  await raiseIncident(request, WOODGROVE, "Odd sign-in", { severity: "low" });
  await raiseIncident(request, PROSEWARE, "Ransomware elsewhere", { severity: "high" });
  await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
  const hook = received.find((delivery) => delivery.path === "/hook")!;
  expect(verifySignature(secret, hook.signature, hook.raw)).toBe(true);
  expect(hook.eventId).toBe(`newIncident:${WOODGROVE}:${woodgrove}`);
  expect(JSON.parse(hook.raw)).toMatchObject({ type: "newIncident", tenant: { id: WOODGROVE, name: "Woodgrove Bank" }, incident: { id: woodgrove, severity: "high", title: "Ransomware staged on FIN-01" } });
  expect(received.find((delivery) => delivery.path === "/teams")!.raw).toContain("Ransomware staged on FIN-01");
  await expect.poll(() => mails.length, { timeout: 30_000 }).toBe(1);
  expect(mails[0].raw).toContain("Subject: [High severity] Ransomware staged on FIN-01");
  // Quoted-printable breaks long lines with a soft "=" line end.
  expect(mails[0].raw.replace(/=\r\n/g, "")).toContain(`/tenants/${WOODGROVE}/incidents/${woodgrove}`);

  await page.getByRole("link", { name: "Deliveries of High in SOC Benelux" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Ransomware staged on FIN-01" })).toHaveCount(3);
  await expect(page.getByRole("row").filter({ hasText: "Answered 200." })).toHaveCount(2);
  // Later syncs read the incident again: nothing more is sent.
  await page.waitForTimeout(6_000);
  expect(received).toHaveLength(2);
  expect(mails).toHaveLength(1);

  await page.goto("/alerts");
  await page.getByRole("button", { name: "Remove High in SOC Benelux" }).click();
  await expect(page.getByRole("button", { name: "Remove High in SOC Benelux" })).toHaveCount(0);
  await page.goto(groupUrl);
  await page.getByRole("checkbox", { name: /^Delete SOC Benelux/ }).check();
  await page.getByRole("button", { name: "Delete group" }).click();
  await expect(page).toHaveURL(/\/groups\?deleted=1$/);
  await new Promise((resolve) => receiver.close(resolve));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
