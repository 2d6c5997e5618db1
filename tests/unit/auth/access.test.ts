import { describe, expect, it } from "vitest";

import { mayAct, staffAccess } from "@/lib/auth/access";
import { PARTNER_TENANT_ID as PARTNER } from "@/tests/support/seed-ids";

describe("staff access", () => {
  it("lets a partner admin in as admin, even with the analyst role too", () => {
    expect(staffAccess({ tid: PARTNER, roles: ["Portal.Analyst", "Portal.Admin"] }, PARTNER)).toEqual({ allowed: true, role: "admin" });
  });

  it("lets a partner analyst in as analyst", () => {
    expect(staffAccess({ tid: PARTNER.toUpperCase(), roles: ["Portal.Analyst"] }, PARTNER)).toEqual({ allowed: true, role: "analyst" });
  });

  it("lets a partner reader in as reader, who may not act on incidents; the higher role wins", () => {
    expect(staffAccess({ tid: PARTNER, roles: ["Portal.Reader"] }, PARTNER)).toEqual({ allowed: true, role: "reader" });
    expect(staffAccess({ tid: PARTNER, roles: ["Portal.Reader", "Portal.Analyst"] }, PARTNER)).toEqual({ allowed: true, role: "analyst" });
    expect([mayAct("admin"), mayAct("analyst"), mayAct("reader")]).toEqual([true, true, false]);
  });

  it("refuses a partner user without a portal role", () => {
    expect(staffAccess({ tid: PARTNER }, PARTNER)).toEqual({ allowed: false, reason: "role" });
    expect(staffAccess({ tid: PARTNER, roles: ["Some.Other"] }, PARTNER)).toEqual({ allowed: false, reason: "role" });
  });

  it("refuses a user of another tenant, whatever roles the token claims", () => {
    expect(staffAccess({ tid: "d07e079e-4f7c-4c1e-bf93-dc6d19cc37c2", roles: ["Portal.Admin"] }, PARTNER)).toEqual({
      allowed: false,
      reason: "tenant",
    });
    expect(staffAccess({ roles: ["Portal.Admin"] }, PARTNER)).toEqual({ allowed: false, reason: "tenant" });
  });
});
