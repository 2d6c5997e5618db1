import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect, test, type APIRequestContext } from "@playwright/test";

import { DEMO } from "@/lib/config/demo";
import { ADATUM_TENANT_ID, FABRIKAM_TENANT_ID, LITWARE_TENANT_ID, PROSEWARE_TENANT_ID, WOODGROVE_TENANT_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";
import { addTenant } from "../support/onboarding";
import { signInAs } from "../support/sign-in";

// Runs after the other end-to-end tests (see playwright.config.ts), when Fabrikam, Proseware and
// Woodgrove are consented and Litware is registered.
const TENANTS = {
  fabrikam: FABRIKAM_TENANT_ID,
  woodgrove: WOODGROVE_TENANT_ID,
  proseware: PROSEWARE_TENANT_ID,
  litware: LITWARE_TENANT_ID,
  adatum: ADATUM_TENANT_ID,
};
const control = `https://localhost:${E2E.emulatorPort}/_emulator/control`;

async function emulator(request: APIRequestContext, method: "put" | "post" | "delete", path: string, data?: object) {
  const response = await request[method](`${control}${path}`, { data });
  expect(response.ok(), `${method} ${path}: ${response.status()}`).toBe(true);
}

test("every page shows each tenant's own trouble while the emulator injects faults", async ({ page, request }) => {
  await signInAs(page, "Avery Admin");
  await addTenant(page, "adatum.example", "Adatum");
  for (const tenant of [TENANTS.litware, TENANTS.adatum]) {
    await emulator(request, "post", `/tenants/${tenant}/consent/grant`, { appId: DEMO.clientId, graph: ["SecurityIncident.Read.All"] });
  }
  await page.goto("/tenants");
  await page.getByRole("button", { name: "Verify all tenants" }).click();
  await expect(page.getByText(/Verified \d+ tenants/)).toBeVisible({ timeout: 20_000 });

  await emulator(request, "put", `/tenants/${TENANTS.fabrikam}/faults`, { errorRate: 1, errorStatus: 503, endpoints: ["graph"] });
  await emulator(request, "put", `/tenants/${TENANTS.proseware}/faults`, { forceStatus: 429, retryAfterSeconds: 60, endpoints: ["graph"] });
  await emulator(request, "put", `/tenants/${TENANTS.woodgrove}/faults`, { hang: true, endpoints: ["graph"] });
  // The customer removes the app: Graph refuses the token, and Entra will not issue another.
  await emulator(request, "post", `/tenants/${TENANTS.litware}/consent/revoke`, { appId: DEMO.clientId });
  await emulator(request, "put", `/tenants/${TENANTS.litware}/faults`, { forceStatus: 401, endpoints: ["graph"] });

  try {
    // Each tenant's next sync (every 5 s here) meets its fault; the page shows what each one hit.
    await page.goto("/incidents?range=90d");
    const chips = page.getByRole("list", { name: "Tenant status" });
    await expect(async () => {
      await page.reload();
      await expect(chips.getByText(/^Fabrikam: Failed, data from/)).toBeVisible({ timeout: 1_000 });
      await expect(chips.getByText(/^Proseware Labs: Throttled, data from/)).toBeVisible({ timeout: 1_000 });
      await expect(chips.getByText(/^Woodgrove Bank: Timed out, data from/)).toBeVisible({ timeout: 1_000 });
      await expect(chips.getByText(/^Litware: Consent lost/)).toBeVisible({ timeout: 1_000 });
      await expect(chips.getByText(/^Adatum: synced/)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 45_000 });

    for (const [tenant, problem] of [
      [TENANTS.fabrikam, "Failed"],
      [TENANTS.proseware, "Throttled"],
      [TENANTS.woodgrove, "Timed out"],
    ]) {
      await page.goto(`/tenants/${tenant}/incidents?range=180d`);
      await expect(page.getByRole("main").getByRole("alert")).toContainText(problem);
      // What the portal stored before the trouble stays on the page, with its age.
      expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    }
    await page.goto("/tenants");
    await expect(page.getByRole("row").filter({ hasText: "Litware" })).toContainText("Consent lost");
    await expect(page.getByRole("row").filter({ hasText: "Fabrikam" })).toContainText("Consented");

    const log = readFileSync(join(E2E.dataDir, "portal.log"), "utf8");
    expect(log).not.toMatch(/unhandled|uncaught|TypeError|ReferenceError|⨯/i);
  } finally {
    await emulator(request, "delete", "/faults");
  }
});
