import { readFileSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { WorldSeed } from "@/emulator/world/seed";
import { getConfig } from "@/lib/config";
import { syncTenant } from "@/lib/incidents/sync";
import { getJson } from "@/lib/incidents/upstream";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { PORTAL_APP_ID as APP, TAILSPIN_TENANT_ID as TAILSPIN } from "@/tests/support/seed-ids";

let world: PortalWorld;

/** The default world, with one customer of 10,000 incidents. */
function seed(): WorldSeed {
  const world = JSON.parse(readFileSync("emulator/seeds/default.json", "utf8")) as WorldSeed;
  const tenant = world.tenants.find((candidate) => candidate.id === TAILSPIN)!;
  tenant.incidents = { generate: 10_000, seed: 11 };
  return world;
}

describe("a customer with 10,000 incidents", () => {
  beforeAll(async () => {
    world = await startPortalWorld({}, { seed: seed() });
    await world.emulator.control.grantConsent(TAILSPIN, APP, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await resetConsentedTenants(world, [TAILSPIN]);
  });
  afterAll(() => world.close());

  it("is backfilled completely, in windows small enough for Graph's $skip cap", async () => {
    expect(await syncTenant(TAILSPIN, 600_000)).toMatchObject({ ok: true, complete: true });
    // Microsoft's own count of the tenant's incidents in the retention range.
    const since = new Date(Date.now() - getConfig().incidentRetentionDays * 24 * 60 * 60 * 1000).toISOString();
    const query = new URLSearchParams({ $filter: `lastUpdateDateTime ge ${since}`, $count: "true", $top: "1" });
    const listed = (await getJson(TAILSPIN, "graph", `${getConfig().microsoft.graphApiBase}/v1.0/security/incidents?${query}`)) as { "@odata.count": number };
    expect(listed["@odata.count"]).toBeGreaterThan(9_000);
    expect(await world.database.client.incident.count({ where: { tenantId: TAILSPIN } })).toBe(listed["@odata.count"]);
  });
});
