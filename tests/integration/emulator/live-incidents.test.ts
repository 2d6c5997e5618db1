import { describe, expect, it, vi } from "vitest";
import { startControlledEmulator } from "./control-fixture";
import { FABRIKAM_TENANT_ID, TAILSPIN_TENANT_ID, WOODGROVE_TENANT_ID } from "./emulator-fixture";
import { TestClock } from "./incidents-fixture";

describe("live mode (--live, liveSeconds)", () => {
  it("raises or changes a consented tenant's incidents on its own, stamped with the clock, visible through Graph", async () => {
    const clock = new TestClock();
    // Fabrikam and Tailspin consent to the portal app; Woodgrove does not.
    const emulator = await startControlledEmulator({ clock: clock.read, liveSeconds: 1 });
    try {
      clock.advance(60_000);
      const records = () => [FABRIKAM_TENANT_ID, TAILSPIN_TENANT_ID].flatMap((tenantId) => emulator.world.incidentEdits.editsFor(tenantId));
      await vi.waitFor(() => expect(records().length).toBeGreaterThan(0), { timeout: 5_000, interval: 100 });
      const [record] = records();
      expect(record.at).toBe(clock.now);
      expect(emulator.world.incidentEdits.editsFor(WOODGROVE_TENANT_ID)).toEqual([]);

      const response = await emulator.get(`/graph/v1.0/security/incidents/${record.incidentId}`, await emulator.appToken(record.tenantId));
      expect(response.status).toBe(200);
      expect(Date.parse((await response.json()).lastUpdateDateTime)).toBe(clock.now);
    } finally {
      await emulator.close();
    }
  });
});
