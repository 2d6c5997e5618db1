import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET, POST } from "@/app/consent/callback/route";
import { handleConsentCallback } from "@/lib/consent/callback";
import { newConsentState } from "@/tests/support/consent";
import { openTestDatabase, type TestDatabase } from "@/tests/support/database";
import { ADMIN as SEED_ADMIN, FABRIKAM_TENANT_ID, TAILSPIN_TENANT_ID } from "@/tests/support/seed-ids";

const CONSENTED = { id: FABRIKAM_TENANT_ID, displayName: "Fabrikam" };
const PENDING = { id: TAILSPIN_TENANT_ID, displayName: "Tailspin" };
const ADMIN = SEED_ADMIN.upn;
const OUTCOMES = ["invalid", "used", "expired"];

const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE tenant; --',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "${7*7}{{7*7}}",
  "../../../../etc/passwd",
  '{"$gt":""}',
  "\u202Egnp.exe",
  "%00%0d%0aSet-Cookie: x=1",
  "😀".repeat(50),
  "A".repeat(20_000),
];
const ENCODINGS = ["%", "%zz", "%E0%A4%A", "%C0%AF", "%2525", "%u0041", "+%20+", "%FF%FE", "%00", "%ef%bb%bf"];

const stateLike = (seed: number) => Buffer.from(`forged-${seed}-`.padEnd(32, "x")).toString("base64url").slice(0, 43);

/** At least 200 hostile or broken consent redirects, none of which carries a state that may still be used. */
function hostileQueries(states: { used: string; expired: string; retired: string; unusedForPending: string }): string[] {
  const queries: string[] = [];
  const add = (params: Record<string, string>) => queries.push(new URLSearchParams(params).toString());
  for (let i = 0; i < 40; i++) add({ admin_consent: "True", tenant: CONSENTED.id, state: stateLike(i) });
  for (let i = 0; i < 43; i++) {
    const tampered = states.unusedForPending.slice(0, i) + (states.unusedForPending[i] === "A" ? "B" : "A") + states.unusedForPending.slice(i + 1);
    add({ admin_consent: "True", tenant: PENDING.id, state: tampered });
  }
  for (const [name, state] of Object.entries({ used: states.used, expired: states.expired, retired: states.retired })) {
    add({ admin_consent: "True", tenant: CONSENTED.id, state });
    add({ error: "access_denied", error_description: `replay of ${name}`, state });
  }
  for (let length = 0; length < 43; length += 6) add({ admin_consent: "True", state: states.unusedForPending.slice(0, length) });
  add({ admin_consent: "True", state: states.unusedForPending + "A" });
  add({ admin_consent: "True", state: states.unusedForPending.repeat(200) });
  add({ admin_consent: "True", tenant: PENDING.id });
  add({});
  queries.push(`state=${states.unusedForPending}&state=${states.unusedForPending}&admin_consent=True`);
  queries.push(`state=${stateLike(1)}&state=${states.unusedForPending}`);
  queries.push(`tenant=${PENDING.id}&tenant=${CONSENTED.id}&state=${stateLike(2)}`);
  for (const injection of INJECTIONS) {
    add({ admin_consent: "True", tenant: injection, state: stateLike(3) });
    add({ admin_consent: injection, state: injection });
    add({ error: injection, error_description: injection, state: stateLike(4) });
    add({ [injection.slice(0, 200)]: injection, state: stateLike(5) });
    add({ scope: injection, tenant: CONSENTED.id, state: `${states.unusedForPending.slice(0, 20)}${injection}`.slice(0, 43) });
  }
  for (const encoding of ENCODINGS) {
    queries.push(`state=${encoding}&tenant=${encoding}`);
    queries.push(`state=${states.unusedForPending.slice(0, 40)}${encoding}&admin_consent=True`);
    queries.push(`admin_consent=True&state=${stateLike(6)}&${encoding}=${encoding}`);
  }
  for (let i = 0; i < 10; i++) queries.push(Array.from({ length: 100 }, (_, j) => `p${i}_${j}=${"v".repeat(100)}`).join("&") + `&state=${stateLike(i)}`);
  // JavaScript's own names as parameter names: recorded like any other.
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) queries.push(`${name}=x&${name}=y&state=${stateLike(7)}`);
  return queries;
}

let database: TestDatabase;

describe("hostile consent callbacks", () => {
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it("records every one, changes no tenant's consent and never answers 500", async () => {
    const db = database.client;
    await db.tenant.create({ data: { ...CONSENTED, addedBy: ADMIN, status: "consented", grantedRoles: ["SecurityIncident.Read.All"] } });
    await db.tenant.create({ data: { ...PENDING, addedBy: ADMIN } });
    const stateOf = (tenant: typeof CONSENTED) => newConsentState(tenant, ADMIN);
    const used = await stateOf(CONSENTED);
    await handleConsentCallback({ query: new URLSearchParams({ error: "access_denied", state: used }), sourceAddress: null, userAgent: null });
    // A refused re-consent leaves a consented tenant consented (lib/consent/status).
    expect((await db.tenant.findUniqueOrThrow({ where: { id: CONSENTED.id } })).status).toBe("consented");
    const retired = await stateOf(CONSENTED);
    const expired = await stateOf(CONSENTED);
    await db.consentRequest.updateMany({ where: { tenantId: CONSENTED.id, usedAt: null, retiredAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const unusedForPending = await stateOf(PENDING);

    const queries = hostileQueries({ used, expired, retired, unusedForPending });
    expect(queries.length).toBeGreaterThanOrEqual(200);
    const before = { tenants: await db.tenant.findMany({ orderBy: { id: "asc" } }), events: await db.consentEvent.count() };

    // Each from an address of its own, as the portal's server says: a flood from one is refused (callback-limits).
    for (const [index, query] of queries.entries()) {
      const peer = `198.51.${100 + (index >> 8)}.${index & 255}`;
      const response = await GET(new NextRequest(`http://localhost:3000/consent/callback?${query}`, { headers: { "user-agent": query.slice(0, 2000), "x-portal-peer": peer } }));
      expect(response.status, query.slice(0, 200)).toBe(303);
      const target = new URL(response.headers.get("location")!);
      expect(target.origin).toBe("http://localhost:3000");
      expect(OUTCOMES).toContain(target.pathname.replace("/consent/result/", ""));
    }

    expect(await db.consentEvent.count()).toBe(before.events + queries.length);
    expect(await db.tenant.findMany({ orderBy: { id: "asc" } })).toEqual(before.tenants);
    // The pending tenant's real link survived every attack and still works.
    const result = await handleConsentCallback({
      query: new URLSearchParams({ admin_consent: "True", tenant: PENDING.id, state: unusedForPending }),
      sourceAddress: null,
      userAgent: null,
    });
    expect(result.outcome).toBe("granted");
  });

  it("reads no more than 64 KiB of a posted form: a larger one is recorded as malformed and answered", async () => {
    const before = await database.client.consentEvent.count();
    const body = `admin_consent=True&state=${"A".repeat(43)}&filler=${"x".repeat(1_000_000)}`;
    const response = await POST(new NextRequest("http://localhost:3000/consent/callback", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", "x-portal-peer": "203.0.113.9" } }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://localhost:3000/consent/result/invalid");
    const [event] = await database.client.consentEvent.findMany({ orderBy: { id: "desc" }, take: 1 });
    expect(await database.client.consentEvent.count()).toBe(before + 1);
    expect(event).toMatchObject({ outcome: "malformed", flagged: true });
    expect(JSON.stringify(event.parameters).length).toBeLessThan(2_000);
  });
});
