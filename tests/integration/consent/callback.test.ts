import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { handleConsentCallback } from "@/lib/consent/callback";
import { purgeUnmatchedConsentEvents, UNMATCHED_RETENTION } from "@/lib/consent/events";
import type { PrismaClient } from "@/lib/db/generated/client";
import { newConsentState } from "@/tests/support/consent";
import { openTestDatabase } from "@/tests/support/database";
import { ADMIN as SEED_ADMIN, FABRIKAM_TENANT_ID, TAILSPIN_TENANT_ID as OTHER_TENANT } from "@/tests/support/seed-ids";

const TENANT = { id: FABRIKAM_TENANT_ID, displayName: "Fabrikam" };
const ADMIN = SEED_ADMIN.upn;

let database: { client: PrismaClient; close(): Promise<void> };
const db = () => database.client;

function callback(query: Record<string, string> | string) {
  return handleConsentCallback({ query: new URLSearchParams(query), sourceAddress: "203.0.113.7", userAgent: "Mozilla/5.0 test" });
}

const newState = () => newConsentState(TENANT, ADMIN);

const tenant = () => db().tenant.findUniqueOrThrow({ where: { id: TENANT.id } });
const events = () => db().consentEvent.findMany({ orderBy: { id: "asc" } });

describe("consent callback", () => {
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
    database = await openTestDatabase();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    // What happened to a tenant's consent cannot be deleted row by row (append-only); a test starts afresh.
    await db().$executeRawUnsafe("TRUNCATE consent_event");
    await db().tenant.deleteMany();
    await db().tenant.create({ data: { ...TENANT, addedBy: ADMIN } });
  });

  it("stores only a hash of the state, never the state itself", async () => {
    const state = await newState();
    const stored = await db().consentRequest.findMany();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(state);
  });

  it("moves the tenant to verifying on success, trusting the state rather than the tenant parameter", async () => {
    const state = await newState();
    const result = await callback({ admin_consent: "True", tenant: TENANT.id, scope: "https://graph.microsoft.com/.default", state });
    expect(result).toEqual({ outcome: "granted", proveTenantId: TENANT.id });
    expect((await tenant()).status).toBe("verifying");
    const [event] = await events();
    expect(event).toMatchObject({ outcome: "granted", tenantId: TENANT.id, flagged: false, sourceAddress: "203.0.113.7", userAgent: "Mozilla/5.0 test" });
    expect(JSON.stringify(event.parameters)).not.toContain(state);
  });

  it("records and flags a tenant mismatch, and proves the state's tenant, not the reported one", async () => {
    const state = await newState();
    const result = await callback({ admin_consent: "True", tenant: OTHER_TENANT, state });
    expect(result).toEqual({ outcome: "mismatch", proveTenantId: TENANT.id });
    expect(await events()).toMatchObject([{ outcome: "tenant_mismatch", flagged: true, tenantId: TENANT.id }]);
  });

  it("records a cancelled consent as Consent denied with Microsoft's error", async () => {
    const state = await newState();
    const result = await callback({
      error: "access_denied",
      error_subcode: "cancel",
      error_description: "AADSTS65004: User declined to consent to access the app.",
      admin_consent: "True",
      state,
    });
    expect(result.outcome).toBe("cancelled");
    expect(await tenant()).toMatchObject({ status: "denied", lastError: expect.stringContaining("AADSTS65004") });
  });

  it("checks the error before admin_consent=True, which Microsoft also sends on errors", async () => {
    const state = await newState();
    const result = await callback({ admin_consent: "True", error: "consent_required", error_description: "AADSTS90094: admin approval needed", state });
    expect(result.outcome).toBe("not_admin");
    expect((await tenant()).status).toBe("denied");
  });

  it("records a denial whose text holds characters PostgreSQL cannot store", async () => {
    const state = await newState();
    const result = await callback({ error: "access_denied\u0000", error_description: "AADSTS65004: \u0000 declined \uD800", state });
    expect(result.outcome).toBe("declined");
    expect(await tenant()).toMatchObject({ status: "denied", lastError: expect.stringContaining("\uFFFD declined") });
  });

  it("rejects a replayed state without changing the tenant again", async () => {
    const state = await newState();
    await callback({ admin_consent: "True", tenant: TENANT.id, state });
    await db().tenant.update({ where: { id: TENANT.id }, data: { status: "consented" } });
    const replay = await callback({ error: "access_denied", state });
    expect(replay.outcome).toBe("used");
    expect((await tenant()).status).toBe("consented");
    expect((await events()).map((e) => [e.outcome, e.flagged])).toEqual([["granted", false], ["replayed_state", true]]);
  });

  it("leaves one link live when an admin creates several at once", async () => {
    await Promise.all(Array.from({ length: 10 }, () => newState()));
    expect(await db().consentRequest.count({ where: { tenantId: TENANT.id, usedAt: null, retiredAt: null } })).toBe(1);
  });

  it("keeps at most 10,000 requests that matched no link and none older than 30 days; a tenant's stay", async () => {
    const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    const row = (at: Date, tenantId: string | null) => ({ at, tenantId, outcome: tenantId ? "replayed_state" : "unknown_state", flagged: true, parameters: {} });
    await db().consentEvent.createMany({ data: [row(old, null), row(old, null), row(old, TENANT.id)] });
    await db().consentEvent.createMany({ data: Array.from({ length: UNMATCHED_RETENTION.rows + 5 }, () => row(new Date(), null)) });
    const newest = await db().consentEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

    await purgeUnmatchedConsentEvents();
    expect(await db().consentEvent.count({ where: { tenantId: null } })).toBe(UNMATCHED_RETENTION.rows);
    expect(await db().consentEvent.findFirst({ where: { id: newest.id } })).not.toBeNull();
    expect(await db().consentEvent.count({ where: { tenantId: TENANT.id } })).toBe(1);
  });

  it("rejects an expired state", async () => {
    const state = await newState();
    await db().consentRequest.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callback({ admin_consent: "True", tenant: TENANT.id, state })).outcome).toBe("expired");
    expect((await tenant()).status).toBe("pending");
    expect(await events()).toMatchObject([{ outcome: "expired_state", tenantId: TENANT.id }]);
  });

  it("rejects a link retired by a newer one", async () => {
    const old = await newState();
    await newState();
    expect((await callback({ admin_consent: "True", tenant: TENANT.id, state: old })).outcome).toBe("used");
    expect((await tenant()).status).toBe("pending");
    expect(await events()).toMatchObject([{ outcome: "retired_state", flagged: true }]);
  });

  it("rejects unknown, tampered and malformed states, recording each", async () => {
    const state = await newState();
    const tampered = (state[0] === "A" ? "B" : "A") + state.slice(1);
    const cases: (string | Record<string, string>)[] = [
      { admin_consent: "True", tenant: TENANT.id, state: tampered },
      { admin_consent: "True", tenant: TENANT.id },
      { admin_consent: "True", tenant: TENANT.id, state: state.slice(0, 20) },
      `state=${state}&state=${state}`,
      { state: "<script>alert(1)</script>" },
    ];
    for (const query of cases) expect((await callback(query)).outcome).toBe("invalid");
    expect((await tenant()).status).toBe("pending");
    expect((await events()).map((e) => [e.outcome, e.flagged])).toEqual([
      ["unknown_state", true],
      ["malformed", true],
      ["malformed", true],
      ["malformed", true],
      ["malformed", true],
    ]);
    // The untouched link still works afterwards.
    expect((await callback({ admin_consent: "True", tenant: TENANT.id, state })).outcome).toBe("granted");
  });

  it("bounds what it records from an oversized request", async () => {
    const query = new URLSearchParams({ state: "x".repeat(5000) });
    for (let i = 0; i < 50; i++) query.append(`p${i}`, "v".repeat(5000));
    await handleConsentCallback({ query, sourceAddress: "1".repeat(2000), userAgent: "u".repeat(5000) });
    const [event] = await events();
    expect(JSON.stringify(event.parameters).length).toBeLessThan(25_000);
    expect(Object.keys(event.parameters as object)).toHaveLength(21);
    expect(event.sourceAddress).toHaveLength(512);
    expect(event.userAgent).toHaveLength(512);
  });

  it("makes one transition and records ten events when the same callback arrives ten times at once", async () => {
    const state = await newState();
    const grantsBefore = await db().auditEvent.count({ where: { action: "consent.granted" } });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => callback({ admin_consent: "True", tenant: TENANT.id, state })),
    );
    expect(results.filter((r) => r.outcome === "granted")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "used")).toHaveLength(9);
    const recorded = await events();
    expect(recorded).toHaveLength(10);
    expect(recorded.filter((e) => e.outcome === "granted")).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { action: "consent.granted" } })).toBe(grantsBefore + 1);
  });
});
