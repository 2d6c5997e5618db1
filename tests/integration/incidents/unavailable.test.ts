import { readFileSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { WorldSeed } from "@/emulator/world/seed";
import { syncTenant } from "@/lib/incidents/sync";
import { withoutDefender } from "@/tests/integration/emulator/emulator-fixture";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { ADATUM_TENANT_ID as ADATUM, PORTAL_APP_ID as APP, FABRIKAM_TENANT_ID as FABRIKAM } from "@/tests/support/seed-ids";

let world: PortalWorld;

const seed = () => withoutDefender(JSON.parse(readFileSync("emulator/seeds/default.json", "utf8")) as WorldSeed, ADATUM);

async function expectUnavailable(tenantId: string) {
  const result = await syncTenant(tenantId, 60_000);
  expect(result).toMatchObject({ ok: false, problem: { kind: "unavailable" } });
  // Not a consent problem: the tenant stays consented, and its sync state says why there is nothing.
  expect(await world.database.client.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ status: "consented" });
  expect(await world.database.client.tenantSync.findUniqueOrThrow({ where: { tenantId } })).toMatchObject({ problem: "unavailable" });
}

describe("a customer tenant without Microsoft Defender", () => {
  beforeAll(async () => {
    world = await startPortalWorld({}, { seed: seed() });
    for (const tenant of [ADATUM, FABRIKAM]) await world.emulator.control.grantConsent(tenant, APP, { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] });
    await resetConsentedTenants(world, [ADATUM, FABRIKAM]);
  });
  afterAll(() => world.close());

  it("is 'not available in this tenant' through Graph (403 with the permission granted), not consent lost", async () => {
    await expectUnavailable(ADATUM);
    expect(await syncTenant(FABRIKAM, 60_000)).toMatchObject({ ok: true });
  });
});
