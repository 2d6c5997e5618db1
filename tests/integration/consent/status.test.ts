import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { handleConsentCallback } from "@/lib/consent/callback";
import { createConsentLink } from "@/lib/consent/links";
import { proveConsent, verifyAllTenants, verifyTenant } from "@/lib/consent/proof";
import { redirectQuery, submitForm, walkConsent } from "@/tests/integration/emulator/emulator-fixture";
import { newConsentState } from "@/tests/support/consent";
import { replaceTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, ADMIN as SEED_ADMIN, FABRIKAM_ADMIN, FABRIKAM_HELPDESK, FABRIKAM_TENANT_ID } from "@/tests/support/seed-ids";

// Who may change a tenant's status, and when (lib/consent/status): a working consent is not undone
// by a declined re-consent, and a consent being proven is not lost because a check came too early.

const FABRIKAM = { id: FABRIKAM_TENANT_ID, displayName: "Fabrikam" };
const ADMIN = SEED_ADMIN.upn;
const QUICK = { windowMs: 1_500, firstDelayMs: 100, maxDelayMs: 400 };
const GRANT = { graph: ["SecurityIncident.Read.All"], defender: [] };

let world: PortalWorld;
const db = () => world.database.client;
const tenant = () => db().tenant.findUniqueOrThrow({ where: { id: FABRIKAM.id } });

/** A new consent link for Fabrikam walked in the emulator: the query of the redirect Microsoft sends back. */
async function redirectFor(decision: "accept" | "cancel" | "return"): Promise<URLSearchParams> {
  const link = await createConsentLink(FABRIKAM, ADMIN);
  if (decision !== "return") return redirectQuery(await walkConsent(link.url, FABRIKAM_ADMIN.upn, decision)).query;
  // A user who is not a global admin gets "Need admin approval" and returns without consenting.
  const approval = await walkConsent(link.url, FABRIKAM_HELPDESK.upn);
  return redirectQuery(await submitForm(link.url, await approval.text(), { decision: "return" }, 1)).query;
}

const handle = (query: URLSearchParams) => handleConsentCallback({ query, sourceAddress: null, userAgent: null });
const consentRedirect = async (decision: "accept" | "cancel" | "return") => handle(await redirectFor(decision));

describe("a tenant's consent status", () => {
  beforeAll(async () => {
    world = await startPortalWorld();
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    await world.emulator.world.revokeConsent(FABRIKAM.id, APP);
    await replaceTenants(world, [{ ...FABRIKAM, addedBy: ADMIN }]);
  });

  it("stays consented when the customer's admin cancels a new consent link, and the tenant page says why", async () => {
    await world.emulator.world.grantConsent(FABRIKAM.id, APP, GRANT);
    await verifyTenant(FABRIKAM.id, ADMIN);
    const consentedAt = (await tenant()).consentedAt;

    expect((await consentRedirect("cancel")).outcome).toBe("cancelled");
    expect(await tenant()).toMatchObject({ status: "consented", consentedAt, lastError: expect.stringContaining("the earlier consent still holds") });
    // The same for a page in any language: the sentences by key, Microsoft's words as it sent them.
    expect((await tenant()).problemText).toEqual({ kept: true, key: "cancelled", detail: expect.stringContaining("access_denied") });
    const audit = await db().auditEvent.findFirst({ where: { action: "consent.denied", target: FABRIKAM.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actor: "customer admin", details: expect.objectContaining({ status: "stays consented" }) });
  });

  it("a first consent cancelled is Consent denied", async () => {
    expect((await consentRedirect("cancel")).outcome).toBe("cancelled");
    expect((await tenant()).status).toBe("denied");
  });

  it("stays consented through an accepted re-consent, with the roles proven again", async () => {
    await world.emulator.world.grantConsent(FABRIKAM.id, APP, GRANT);
    await verifyTenant(FABRIKAM.id, ADMIN);
    const result = await consentRedirect("accept");
    expect(result.proveTenantId).toBe(FABRIKAM.id);
    expect((await tenant()).status).toBe("consented");
    expect((await proveConsent(FABRIKAM.id, QUICK)).proven).toBe(true);
    expect(await tenant()).toMatchObject({ status: "consented", lastError: null });
  });

  it("is not lost when checked while a reported consent is still replicating: the proof then settles it consented", async () => {
    // The redirect reports a consent Microsoft does not show yet.
    const state = await newConsentState(FABRIKAM, ADMIN);
    await handleConsentCallback({ query: new URLSearchParams({ admin_consent: "True", tenant: FABRIKAM.id, state }), sourceAddress: null, userAgent: null });
    expect((await tenant()).status).toBe("verifying");

    // An admin clicks "Verify now" too early: Entra has no consent for the app yet.
    expect(await verifyTenant(FABRIKAM.id, ADMIN)).toMatchObject({ proven: false, gone: true });
    expect((await tenant()).status).toBe("verifying");

    await world.emulator.world.grantConsent(FABRIKAM.id, APP, GRANT);
    expect((await proveConsent(FABRIKAM.id, QUICK)).proven).toBe(true);
    expect((await tenant()).status).toBe("consented");
  });

  // Every outcome through the emulator's own redirects, as Microsoft sends them (the reference).
  it("a cancel (access_denied, subcode cancel, nothing else) is Consent cancelled", async () => {
    const query = await redirectFor("cancel");
    expect([...query.keys()]).toEqual(["error", "error_subcode", "state"]);
    expect((await handle(query)).outcome).toBe("cancelled");
    expect(await tenant()).toMatchObject({ status: "denied", lastError: expect.stringContaining("cancelled consent") });
  });

  it("Microsoft's documented refusal (consent_required, AADSTS65004), here a user who is not an admin returning, is declined", async () => {
    const query = await redirectFor("return");
    expect(query.get("error")).toBe("consent_required");
    expect((await handle(query)).outcome).toBe("declined");
    expect(await tenant()).toMatchObject({ status: "denied", lastError: expect.stringContaining("declined") });
  });

  it("an accepted redirect handled twice is granted once, then already used", async () => {
    const query = await redirectFor("accept");
    expect((await handle(query)).outcome).toBe("granted");
    expect((await handle(query)).outcome).toBe("used");
    expect((await tenant()).status).toBe("verifying");
  });

  it("an accepted redirect arriving after the link expired is expired, and changes nothing", async () => {
    const query = await redirectFor("accept");
    await db().consentRequest.updateMany({ where: { tenantId: FABRIKAM.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await handle(query)).outcome).toBe("expired");
    expect((await tenant()).status).toBe("pending");
  });

  it("Microsoft's generic link (a code, no state) is thanked and recorded; Verify all then finds the consent", async () => {
    const link = await createConsentLink(FABRIKAM, ADMIN);
    const { query } = redirectQuery(await walkConsent(link.legacyUrl, FABRIKAM_ADMIN.upn, "accept"));
    expect((await handle(query)).outcome).toBe("generic");
    expect(await db().consentEvent.findFirst({ orderBy: { id: "desc" } })).toMatchObject({ outcome: "generic_link", tenantId: null, flagged: false });
    expect((await tenant()).status).toBe("pending");
    await verifyAllTenants(ADMIN);
    expect((await tenant()).status).toBe("consented");
  });
});
