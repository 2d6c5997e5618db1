import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { recordStaffSignIn } from "@/lib/auth/staff";
import { activeRole, endSession, endStaffSessions, purgeExpiredSessions, signedInStaff, SIGN_IN_SCOPE, startSession } from "@/lib/auth/staff-sessions";
import { ANALYST, codeFor, PARTNER_TENANT_ID, PORTAL_APP_ID, redeemCode } from "@/tests/integration/emulator/emulator-fixture";
import { startPortalWorld, type PortalWorld } from "@/tests/support/portal";

// Staff sessions kept by the portal, each checked with Entra (the emulator) through the refresh token
// the sign-in got: what an admin, or Entra, does to a staff member reaches their open browser.
describe("staff sessions", () => {
  let world: PortalWorld;
  beforeAll(async () => {
    world = await startPortalWorld();
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    await world.database.client.staffSession.deleteMany();
    await recordStaffSignIn({ upn: ANALYST.upn, name: ANALYST.name, entraGroups: [] });
  });
  afterEach(() => world.emulator.control.changeUser(PARTNER_TENANT_ID, ANALYST.upn, { appRoles: [{ appId: PORTAL_APP_ID, role: "Portal.Analyst" }], accountEnabled: true }));

  /** The analyst signed in as the portal signs staff in: a session with Entra's refresh token. */
  async function signIn(): Promise<string> {
    const code = await codeFor(world.emulator.url, { login: ANALYST.upn, extra: { scope: SIGN_IN_SCOPE } });
    const tokens = await (await redeemCode(world.emulator.url, { code })).json();
    expect(tokens.refresh_token).toBeTruthy();
    return startSession({ upn: ANALYST.upn, oid: ANALYST.oid, role: "analyst", refreshToken: tokens.refresh_token });
  }

  /** As if the role had been checked longer ago than STAFF_ROLE_CHECK_SECONDS: the next request asks Entra. */
  const checkDue = (id: string) => world.database.client.staffSession.update({ where: { id }, data: { checkedAt: new Date(Date.now() - 301_000) } });
  const lastEnd = async () => (await world.database.client.auditEvent.findFirst({ where: { action: "staff.session_ended" }, orderBy: { id: "desc" } }))?.details;

  it("keeps the role while the session runs, and nothing signs in once it ends, wherever the cookie was copied", async () => {
    const id = await signIn();
    expect(await activeRole(id)).toBe("analyst");
    await endSession(id, "signed_out", ANALYST.upn);
    expect(await activeRole(id)).toBeNull();
    expect(await lastEnd()).toEqual({ reason: "signed_out" });
    expect(await activeRole("not-a-session")).toBeNull();
  });

  it("ends at its absolute lifetime, however recently it was used", async () => {
    const id = await signIn();
    await world.database.client.staffSession.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await activeRole(id)).toBeNull();
    expect(await purgeExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await world.database.client.staffSession.count({ where: { id } })).toBe(0);
  });

  it("ends the session once Entra no longer gives the role, and follows a role Entra changed", async () => {
    const id = await signIn();
    await world.emulator.control.changeUser(PARTNER_TENANT_ID, ANALYST.upn, { appRoles: [{ appId: PORTAL_APP_ID, role: "Portal.Reader" }] });
    // Checked within the interval: the role stays as Entra last said.
    expect(await activeRole(id)).toBe("analyst");
    await checkDue(id);
    expect(await activeRole(id)).toBe("reader");
    const changed = await world.database.client.auditEvent.findFirst({ where: { action: "staff.role_changed" }, orderBy: { id: "desc" } });
    expect(changed).toMatchObject({ actor: ANALYST.upn, details: { from: "analyst", to: "reader" } });

    await world.emulator.control.changeUser(PARTNER_TENANT_ID, ANALYST.upn, { appRoles: [] });
    await checkDue(id);
    expect(await activeRole(id)).toBeNull();
    expect(await lastEnd()).toEqual({ reason: "role_removed" });
  });

  it("ends the session of an account disabled in Entra, and of one whose sessions Entra revoked", async () => {
    const disabled = await signIn();
    await world.emulator.control.changeUser(PARTNER_TENANT_ID, ANALYST.upn, { accountEnabled: false });
    await checkDue(disabled);
    expect(await activeRole(disabled)).toBeNull();
    expect(await lastEnd()).toEqual({ reason: "account_disabled" });

    await world.emulator.control.changeUser(PARTNER_TENANT_ID, ANALYST.upn, { accountEnabled: true });
    const revoked = await signIn();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await world.emulator.control.changeUser(PARTNER_TENANT_ID, ANALYST.upn, { revokeSessions: true });
    await checkDue(revoked);
    expect(await activeRole(revoked)).toBeNull();
    expect(await lastEnd()).toEqual({ reason: "sessions_revoked" });
  });

  it("keeps the role when Entra cannot be asked, and asks again at the next check", async () => {
    const id = await signIn();
    world.emulator.control.setFaults(PARTNER_TENANT_ID, { forceStatus: 503, endpoints: ["token"] });
    try {
      await checkDue(id);
      expect(await activeRole(id)).toBe("analyst");
    } finally {
      world.emulator.control.clearFaults(PARTNER_TENANT_ID);
    }
    await world.emulator.control.changeUser(PARTNER_TENANT_ID, ANALYST.upn, { appRoles: [] });
    await checkDue(id);
    expect(await activeRole(id)).toBeNull();
  });

  it("lets an admin sign a staff member out of every session, audited", async () => {
    const [first, second] = [await signIn(), await signIn()];
    expect((await signedInStaff()).find((staff) => staff.upn === ANALYST.upn)).toMatchObject({ role: "analyst", sessions: 2 });
    expect(await endStaffSessions(ANALYST.upn.toLowerCase(), "admin@northwind-partners.example")).toBe(2);
    expect([await activeRole(first), await activeRole(second)]).toEqual([null, null]);
    expect((await signedInStaff()).map((staff) => staff.upn)).not.toContain(ANALYST.upn);
    const ended = await world.database.client.auditEvent.findFirst({ where: { action: "staff.sessions_ended" }, orderBy: { id: "desc" } });
    expect(ended).toMatchObject({ actor: "admin@northwind-partners.example", details: { staff: ANALYST.upn.toLowerCase(), sessions: 2 } });
  });

  it("keeps Entra's refresh token only encrypted", async () => {
    const code = await codeFor(world.emulator.url, { login: ANALYST.upn, extra: { scope: SIGN_IN_SCOPE } });
    const { refresh_token } = await (await redeemCode(world.emulator.url, { code })).json();
    const id = await startSession({ upn: ANALYST.upn, oid: ANALYST.oid, role: "analyst", refreshToken: refresh_token });
    const row = await world.database.client.staffSession.findUniqueOrThrow({ where: { id } });
    expect(row.refreshToken).toBeTruthy();
    expect(row.refreshToken).not.toContain(refresh_token);
    expect(row.refreshToken).not.toContain(refresh_token.slice(0, 20));
  });
});
