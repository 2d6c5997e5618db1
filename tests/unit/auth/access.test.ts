import { describe, expect, it } from "vitest";

import { staffAccess } from "@/lib/auth/access";
import { PARTNER_TENANT_ID as PARTNER } from "@/tests/support/seed-ids";

describe("staff access", () => {
  it("lets a partner admin in as admin, even with the analyst role too", () => {
    expect(staffAccess({ tid: PARTNER, roles: ["Portal.Analyst", "Portal.Admin"] }, PARTNER)).toEqual({ allowed: true, role: "admin" });
  });

  it("lets a partner analyst in as analyst", () => {
    expect(staffAccess({ tid: PARTNER.toUpperCase(), roles: ["Portal.Analyst"] }, PARTNER)).toEqual({ allowed: true, role: "analyst" });
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
