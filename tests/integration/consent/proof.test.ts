import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { handleConsentCallback } from "@/lib/consent/callback";
import { proveConsent, verifyAllTenants, verifyTenant } from "@/lib/consent/proof";
import { newConsentState } from "@/tests/support/consent";
import { replaceTenants, startPortalWorld, type PortalWorld, type TestEmulator } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, ADMIN as SEED_ADMIN, FABRIKAM_TENANT_ID, TAILSPIN_TENANT_ID } from "@/tests/support/seed-ids";

const FABRIKAM = { id: FABRIKAM_TENANT_ID, displayName: "Fabrikam" };
const TAILSPIN = { id: TAILSPIN_TENANT_ID, displayName: "Tailspin Toys" };
const ADMIN = SEED_ADMIN.upn;
const QUICK = { windowMs: 1_500, firstDelayMs: 100, maxDelayMs: 400 };
const GRANT = { graph: ["SecurityIncident.Read.All"], defender: [] };

let world: PortalWorld;
let emulator: TestEmulator;
const db = () => world.database.client;
const tenant = (id = FABRIKAM.id) => db().tenant.findUniqueOrThrow({ where: { id } });

async function consentCallback(): Promise<void> {
  const state = await newConsentState(FABRIKAM, ADMIN);
  await handleConsentCallback({
    query: new URLSearchParams({ admin_consent: "True", tenant: FABRIKAM.id, state }),
    sourceAddress: null,
    userAgent: null,
  });
}

describe("proving consent with app-only tokens", () => {
  beforeAll(async () => {
    world = await startPortalWorld();
    emulator = world.emulator;
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    await emulator.world.revokeConsent(FABRIKAM.id, APP);
    await emulator.world.revokeConsent(TAILSPIN.id, APP);
    await replaceTenants(world, [FABRIKAM, TAILSPIN].map((t) => ({ ...t, addedBy: ADMIN })));
  });

  it("proves a reported consent and records the granted role", async () => {
    await emulator.world.grantConsent(FABRIKAM.id, APP, GRANT);
    await consentCallback();
    const check = await proveConsent(FABRIKAM.id, QUICK);
    expect(check).toEqual({ proven: true, roles: ["SecurityIncident.Read.All"] });
    const proven = await tenant();
    expect(proven).toMatchObject({ status: "consented", grantedRoles: ["SecurityIncident.Read.All"], lastError: null });
    expect(proven.consentedAt).toBeInstanceOf(Date);
    expect(proven.verifiedAt).toBeInstanceOf(Date);
    expect(await db().auditEvent.count({ where: { action: "consent.verified", target: FABRIKAM.id } })).toBeGreaterThan(0);
  });

  it("keeps retrying while the consent replicates inside Microsoft", async () => {
    await consentCallback();
    setTimeout(() => void emulator.world.grantConsent(FABRIKAM.id, APP, GRANT), 300);
    expect((await proveConsent(FABRIKAM.id, QUICK)).proven).toBe(true);
    expect((await tenant()).status).toBe("consented");
  });

  it("calls it an error, with the reason, when consent never shows up", async () => {
    await consentCallback();
    const check = await proveConsent(FABRIKAM.id, QUICK);
    expect(check.proven).toBe(false);
    expect(await tenant()).toMatchObject({ status: "error", lastError: expect.stringMatching(/not granted consent|consent was removed/) });
  });

  it("moves a consented tenant to Consent lost when the customer removes the app", async () => {
    await emulator.world.grantConsent(FABRIKAM.id, APP, GRANT);
    await verifyTenant(FABRIKAM.id, ADMIN);
    expect((await tenant()).status).toBe("consented");

    await emulator.world.revokeConsent(FABRIKAM.id, APP);
    const check = await verifyTenant(FABRIKAM.id, ADMIN);
    expect(check).toMatchObject({ proven: false, gone: true });
    expect(await tenant()).toMatchObject({ status: "lost", lastError: expect.stringContaining("consent") });
    const lost = await db().auditEvent.findFirst({ where: { action: "consent.lost", target: FABRIKAM.id }, orderBy: { id: "desc" } });
    expect(lost?.actor).toBe(ADMIN);
  });

  it("moves a consented tenant to Consent lost when only the incident role is removed", async () => {
    await emulator.world.grantConsent(FABRIKAM.id, APP, GRANT);
    await verifyTenant(FABRIKAM.id, ADMIN);
    await emulator.world.removeAppRole(FABRIKAM.id, APP, "graph", "SecurityIncident.Read.All");
    await verifyTenant(FABRIKAM.id, ADMIN);
    expect(await tenant()).toMatchObject({ status: "lost", lastError: expect.stringContaining("lacks the SecurityIncident.Read.All") });
  });

  it("finds a consent given through Microsoft's generic link when an admin verifies", async () => {
    await emulator.world.grantConsent(TAILSPIN.id, APP, GRANT);
    expect((await tenant(TAILSPIN.id)).status).toBe("pending");
    const result = await verifyAllTenants(ADMIN);
    expect(result).toEqual({ proven: 1, failed: 1 });
    expect((await tenant(TAILSPIN.id)).status).toBe("consented");
    expect(await tenant()).toMatchObject({ status: "pending", lastError: expect.any(String) });
  });
});
