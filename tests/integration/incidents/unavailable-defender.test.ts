import { readFileSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { WorldSeed } from "@/emulator/world/seed";
import { syncTenant } from "@/lib/incidents/sync";
import { withoutDefender } from "@/tests/integration/emulator/emulator-fixture";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { ADATUM_TENANT_ID as ADATUM, PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM } from "@/tests/support/seed-ids";

let world: PortalWorld;

describe("a customer tenant without Microsoft Defender, on the Defender API", () => {
  beforeAll(async () => {
    const seed = withoutDefender(JSON.parse(readFileSync("emulator/seeds/default.json", "utf8")) as WorldSeed, ADATUM);
    world = await startPortalWorld({ INCIDENT_API: "defender" }, { seed });
    for (const tenant of [ADATUM, FABRIKAM]) await world.emulator.control.grantConsent(tenant, APP, { graph: [], defender: ["Incident.Read.All"] });
    await resetConsentedTenants(world, [ADATUM, FABRIKAM]);
  });
  afterAll(() => world.close());

  it("is 'not available in this tenant' when Entra has no Defender resource there (AADSTS500011), not consent lost", async () => {
    const result = await syncTenant(ADATUM, 60_000);
    expect(result).toMatchObject({ ok: false, problem: { kind: "unavailable", message: expect.stringContaining("AADSTS500011") } });
    expect(await world.database.client.tenant.findUniqueOrThrow({ where: { id: ADATUM } })).toMatchObject({ status: "consented" });
    expect(await syncTenant(FABRIKAM, 60_000)).toMatchObject({ ok: true, complete: true });
    expect(await world.database.client.incident.count({ where: { tenantId: FABRIKAM } })).toBeGreaterThan(0);
  });
});
