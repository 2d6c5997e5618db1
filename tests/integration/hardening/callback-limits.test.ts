import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET } from "@/app/consent/callback/route";
import { clientAddress } from "@/lib/http/client-address";
import { consentCallbackWait } from "@/lib/http/rate-limit";
import { createConsentLink } from "@/lib/consent/links";
import { redirectQuery, walkConsent } from "@/tests/integration/emulator/emulator-fixture";
import { startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { ADMIN, FABRIKAM_TENANT_ID, LITWARE_TENANT_ID, TAILSPIN_TENANT_ID, WOODGROVE_TENANT_ID } from "@/tests/support/seed-ids";

// Who sent a consent callback, and how many one address may send: X-Forwarded-For is believed only
// from TRUSTED_PROXIES, and the counters are in the database every instance shares.
describe("callback source addresses and limits", () => {
  let world: PortalWorld;
  beforeAll(async () => {
    world = await startPortalWorld({ TRUSTED_PROXIES: "10.0.0.0/8, fd00::1" });
  });
  afterAll(() => world.close());

  const from = (peer: string | null, forwardedFor?: string) =>
    clientAddress(new Headers({ ...(peer !== null && { "x-portal-peer": peer }), ...(forwardedFor !== undefined && { "x-forwarded-for": forwardedFor }) }));

  it("takes the connection's address, whatever X-Forwarded-For a client that is no trusted proxy sends", () => {
    expect(from("203.0.113.5", "198.51.100.7")).toEqual({ address: "203.0.113.5", source: "connection" });
    expect(from("::ffff:203.0.113.5")).toEqual({ address: "203.0.113.5", source: "connection" });
  });

  it("believes a trusted proxy's X-Forwarded-For from the right, past the proxies, never what the client wrote before it", () => {
    expect(from("10.1.2.3", "198.51.100.7")).toEqual({ address: "198.51.100.7", source: "X-Forwarded-For from proxy 10.1.2.3" });
    expect(from("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9")).toEqual({ address: "198.51.100.7", source: "X-Forwarded-For from proxy 10.1.2.3" });
    expect(from("fd00::1", "2001:db8::7")).toEqual({ address: "2001:db8::7", source: "X-Forwarded-For from proxy fd00::1" });
    // Nothing usable forwarded: the proxy's own address.
    expect(from("10.1.2.3")).toEqual({ address: "10.1.2.3", source: "connection" });
    expect(from("10.1.2.3", "not-an-address")).toEqual({ address: "10.1.2.3", source: "connection" });
  });

  it("knows no address when the portal was not started by its own server", () => {
    expect(from(null, "198.51.100.7").address).toBeNull();
  });

  it("lets 30 callbacks a minute through from one address, then says how long to wait, across instances", async () => {
    const waits = [];
    for (let index = 0; index < 30; index++) waits.push(await consentCallbackWait("198.51.100.7"));
    expect(waits.every((wait) => wait === 0)).toBe(true);
    const refused = await consentCallbackWait("198.51.100.7");
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(60);
    // Another address is not held back by the flood.
    expect(await consentCallbackWait("203.0.113.9")).toBe(0);
    // Another instance (its own limiter) counts against the same rows.
    (globalThis as { portalState?: Map<string, unknown> }).portalState?.delete("consent-callback-limiter");
    expect(await consentCallbackWait("198.51.100.7")).toBeGreaterThan(0);
    expect(await world.database.client.rateLimit.findUnique({ where: { key: "consent-callback:198.51.100.7" } })).toMatchObject({ points: 32 });
  });

  it("holds a flood of 5,000 callbacks from ten addresses to 30 a minute each, and records and answers every customer admin in between", async () => {
    const db = world.database.client;
    const customers = [
      { id: FABRIKAM_TENANT_ID, displayName: "Fabrikam", admin: "admin@fabrikam.example" },
      { id: TAILSPIN_TENANT_ID, displayName: "Tailspin", admin: "admin@tailspin.example" },
      { id: WOODGROVE_TENANT_ID, displayName: "Woodgrove", admin: "admin@woodgrove.example" },
      { id: LITWARE_TENANT_ID, displayName: "Litware", admin: "admin@litware.example" },
    ];
    await db.tenant.createMany({ data: customers.map(({ id, displayName }) => ({ id, displayName, addedBy: ADMIN.upn })) });
    const size = async () => {
      const [row] = await db.$queryRaw<{ bytes: bigint }[]>`SELECT pg_total_relation_size('consent_event') + pg_total_relation_size('rate_limit') AS bytes`;
      return Number(row.bytes);
    };
    const callback = (query: string, peer: string) => GET(new NextRequest(`http://localhost:3000/consent/callback?${query}`, { headers: { "x-portal-peer": peer } }));
    const before = { events: await db.consentEvent.count(), bytes: await size() };
    const started = Date.now();

    const flood: number[] = [];
    const legitimate: string[] = [];
    for (let round = 0; round < 10; round++) {
      // 500 forged callbacks, 50 at a time, from ten addresses...
      for (let batch = 0; batch < 10; batch++) {
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, index) => callback(`admin_consent=True&tenant=${FABRIKAM_TENANT_ID}&state=forged-${round}-${batch}-${index}`, `198.51.100.${index % 10}`)),
        );
        flood.push(...answers.map((answer) => answer.status));
      }
      // ...then a customer's admin cancels a real link, and Microsoft's redirect reaches the portal from their own address.
      const customer = customers[round % customers.length];
      const link = await createConsentLink(customer, ADMIN.upn);
      const { query } = redirectQuery(await walkConsent(link.url, customer.admin, "cancel"));
      const answer = await callback(query.toString(), `203.0.113.${round}`);
      expect(answer.status).toBe(303);
      legitimate.push(answer.headers.get("location")!);
      const recorded = await db.consentEvent.findFirst({ where: { tenantId: customer.id }, orderBy: { id: "desc" } });
      expect(recorded).toMatchObject({ outcome: "denied", sourceAddress: `203.0.113.${round} (connection)` });
    }

    const minutes = Math.ceil((Date.now() - started) / 60_000);
    const passed = flood.filter((status) => status === 303).length;
    expect(flood).toHaveLength(5_000);
    expect(flood.filter((status) => status !== 303 && status !== 429)).toEqual([]);
    expect(passed).toBeLessThanOrEqual(10 * 30 * minutes);
    expect(legitimate).toEqual(Array(10).fill("http://localhost:3000/consent/result/cancelled"));
    expect(await db.consentEvent.count()).toBe(before.events + passed + 10);
    const grownKiB = ((await size()) - before.bytes) / 1024;
    console.log(`Flood: 5,000 callbacks in ${((Date.now() - started) / 1000).toFixed(1)} s, ${passed} recorded, ${5_000 - passed} refused; consent_event and rate_limit grew ${grownKiB.toFixed(0)} KiB`);
    // One counter row per address, updated in place: the refused callbacks leave dead row versions
    // until PostgreSQL prunes them (0.5 to 1.4 MiB in all, by timing), several times less than
    // recording all 5,000 would take.
    expect(await db.rateLimit.count()).toBeLessThanOrEqual(20);
    expect(grownKiB).toBeLessThan(2048);
  }, 120_000);
});
