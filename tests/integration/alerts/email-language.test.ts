import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { deliver } from "@/lib/alerts/delivery-jobs";
import { raiseAlerts } from "@/lib/alerts/events";
import { saveAlertRule } from "@/lib/alerts/rules";
import { createTarget } from "@/lib/alerts/targets";
import { startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { ADMIN, FABRIKAM_TENANT_ID as FABRIKAM } from "@/tests/support/seed-ids";

import { part, startMailbox, subjectOf, type Mailbox } from "./mailbox";

const REASON = "AADSTS7000229: The client application is missing service principal in the tenant.";

let world: PortalWorld;
let mailbox: Mailbox;

async function deliverPending() {
  for (const { id } of await world.database.client.alertDelivery.findMany({ where: { status: "pending" } })) await deliver(id);
}

function mailTo(address: string) {
  const mail = mailbox.received.find((received) => received.to.includes(address));
  if (!mail) throw new Error(`No mail to ${address}`);
  return { subject: subjectOf(mail.raw), lines: part(mail.raw, "text/plain").split(/\r?\n/), html: part(mail.raw, "text/html") };
}

describe("email alerts in their rule's language", () => {
  beforeAll(async () => {
    mailbox = await startMailbox();
    world = await startPortalWorld({ SMTP_URL: mailbox.url, ALERT_EMAIL_FROM: "Northwind alerts <alerts@northwind.example>" });
    const targetIds: Record<string, string> = {};
    for (const who of ["nl", "en"]) {
      const created = await createTarget({ name: `SOC ${who}`, channel: "email", address: `soc-${who}@fabrikam.example` }, ADMIN.upn);
      if (!created.ok) throw new Error(created.message);
      targetIds[who] = created.target.id;
    }
    const everyTenant = { tenants: "all" as const, groupIds: [], tenantIds: [] };
    const rules = [
      { name: "Toestemming kwijt", trigger: "consentLost" as const, ...everyTenant, targetIds: [targetIds.nl], locale: "nl" as const },
      { name: "Synchronisatie", trigger: "syncFailing" as const, afterMinutes: 30, ...everyTenant, targetIds: [targetIds.nl], locale: "nl" as const },
      // Made before rules had a language, or by code that names none: English.
      { name: "Consent lost", trigger: "consentLost" as const, ...everyTenant, targetIds: [targetIds.en] },
    ];
    for (const rule of rules) expect(await saveAlertRule(rule, ADMIN.upn)).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await world.close();
    await mailbox.close();
  });
  beforeEach(() => {
    mailbox.received.length = 0;
  });

  it("writes a Dutch rule's email in Dutch, its delivery log too, and an English rule's as before", async () => {
    await raiseAlerts([{ key: `consentLost:${FABRIKAM}:1`, trigger: "consentLost", tenantId: FABRIKAM, details: { tenant: "Fabrikam", reason: REASON } }]);
    await deliverPending();

    const dutch = mailTo("soc-nl@fabrikam.example");
    expect(dutch.subject).toBe("[Toestemming kwijt] Fabrikam heeft de toegang van de portal ingetrokken");
    expect(dutch.lines).toEqual(["Toestemming kwijt", "Fabrikam heeft de toegang van de portal ingetrokken", "", "Klant: Fabrikam", `Reden: ${REASON}`, "", `Openen in de portal: http://localhost:3000/tenants/${FABRIKAM}`]);
    expect(dutch.html).toContain(">Openen in de portal</a>");
    const english = mailTo("soc-en@fabrikam.example");
    expect(english.subject).toBe("[Consent lost] Fabrikam removed the portal's access");
    expect(english.lines).toEqual(["Consent lost", "Fabrikam removed the portal's access", "", "Customer: Fabrikam", `Reason: ${REASON}`, "", `Open in the portal: http://localhost:3000/tenants/${FABRIKAM}`]);
    const answers = await world.database.client.alertDelivery.findMany({ select: { answer: true }, orderBy: { id: "asc" } });
    expect(answers.map((delivery) => delivery.answer).sort()).toEqual(["Answered 250.", "Antwoord 250."]);
  });

  it("gives the time in a Dutch email as the Dutch write it, in UTC", async () => {
    await raiseAlerts([
      { key: `syncFailing:${FABRIKAM}:1`, trigger: "syncFailing", tenantId: FABRIKAM, afterMinutes: 30, details: { tenant: "Fabrikam", reason: "Throttled", since: "2026-12-03T14:05:00.000Z", minutes: "30" } },
    ]);
    await deliverPending();

    const dutch = mailTo("soc-nl@fabrikam.example");
    expect(dutch.subject).toBe("[Synchronisatie mislukt] Fabrikam: incidenten al meer dan 30 minuten niet gesynchroniseerd");
    expect(dutch.lines).toContain("Laatst gesynchroniseerd: 3 dec 2026, 14:05 UTC");
  });
});
