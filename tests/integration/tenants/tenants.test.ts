import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addTenant, findTenant, listTenants, offboardTenant } from "@/lib/tenants";
import { createConsentLink } from "@/lib/consent/links";
import { startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { syncTenant } from "@/lib/incidents/sync";
import { ADMIN as SEED_ADMIN, FABRIKAM_TENANT_ID as FABRIKAM_ID, PORTAL_APP_ID, WOODGROVE_TENANT_ID as WOODGROVE_ID } from "@/tests/support/seed-ids";

const ADMIN = SEED_ADMIN.upn;

let world: PortalWorld;

describe("tenant onboarding", () => {
  beforeAll(async () => {
    world = await startPortalWorld();
  });
  afterAll(() => world.close());

  it("adds a tenant by verified domain, resolving its tenant id through OpenID discovery", async () => {
    const result = await addTenant({ tenant: "fabrikam.example", displayName: "Fabrikam" }, ADMIN);
    expect(result).toMatchObject({ ok: true, tenant: { id: FABRIKAM_ID, domain: "fabrikam.example", status: "pending", addedBy: ADMIN } });
    const audit = await world.database.client.auditEvent.findFirst({ where: { action: "tenant.added", target: FABRIKAM_ID } });
    expect(audit?.actor).toBe(ADMIN);
  });

  it("adds a tenant by id", async () => {
    const result = await addTenant({ tenant: WOODGROVE_ID, displayName: "Woodgrove Bank" }, ADMIN);
    expect(result).toMatchObject({ ok: true, tenant: { id: WOODGROVE_ID, domain: null } });
    expect((await listTenants("everyTenant")).map((t) => t.displayName)).toEqual(["Fabrikam", "Woodgrove Bank"]);
  });

  it("refuses the same tenant twice, whether by id or domain", async () => {
    expect(await addTenant({ tenant: FABRIKAM_ID, displayName: "Fabrikam again" }, ADMIN)).toEqual({
      ok: false,
      problem: { code: "registered", name: "Fabrikam" },
    });
  });

  it("explains an unknown domain or tenant id", async () => {
    expect(await addTenant({ tenant: "no-such-company.example", displayName: "Nobody" }, ADMIN)).toEqual({
      ok: false,
      problem: { code: "unknown", tenant: "no-such-company.example" },
    });
    expect((await addTenant({ tenant: "00000000-0000-0000-0000-000000000001", displayName: "Nobody" }, ADMIN)).ok).toBe(false);
  });

  it("builds the v2 admin-consent link for the tenant and the configured incident API", async () => {
    const link = await createConsentLink({ id: FABRIKAM_ID, displayName: "Fabrikam" }, ADMIN);
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${world.emulator.url}/${FABRIKAM_ID}/v2.0/adminconsent`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "54b3e267-3d85-48b3-ad9d-e9cf50200a46",
      redirect_uri: "http://localhost:3000/consent/callback",
      scope: "https://graph.microsoft.com/.default",
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(link.legacyUrl).toBe(`${world.emulator.url}/common/oauth2/authorize?prompt=consent&client_id=54b3e267-3d85-48b3-ad9d-e9cf50200a46&response_type=code&sso_reload=true`);
  });

  it("offboards a tenant: its data goes, the audit trail stays and records it", async () => {
    await world.emulator.control.grantConsent(FABRIKAM_ID, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await world.database.client.tenant.update({ where: { id: FABRIKAM_ID }, data: { status: "consented" } });
    await syncTenant(FABRIKAM_ID, 60_000);
    expect(await world.database.client.incident.count({ where: { tenantId: FABRIKAM_ID } })).toBeGreaterThan(0);
    expect(await offboardTenant(FABRIKAM_ID, ADMIN)).toBe(true);
    expect(await world.database.client.incident.count({ where: { tenantId: FABRIKAM_ID } })).toBe(0);
    expect(await world.database.client.tenantSync.count({ where: { tenantId: FABRIKAM_ID } })).toBe(0);
    expect(await findTenant("everyTenant", FABRIKAM_ID)).toBeNull();
    expect(await world.database.client.consentRequest.count({ where: { tenantId: FABRIKAM_ID } })).toBe(0);
    const trail = await world.database.client.auditEvent.findMany({ where: { target: FABRIKAM_ID }, orderBy: { id: "asc" } });
    expect(trail.map((e) => e.action)).toEqual(["tenant.added", "consent.link_created", "tenant.offboarded"]);
    expect(await offboardTenant(FABRIKAM_ID, ADMIN)).toBe(false);
  });
});
