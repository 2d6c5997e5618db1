import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  AuditDetailsTooLargeError,
  countAuditEvents,
  listAuditEvents,
  MAX_AUDIT_DETAILS_BYTES,
  recordAuditEvent,
} from "@/lib/audit";
import { newPGlite, openPGlite } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";

describe("audit log", () => {
  let pglite: PGlite;
  let client: PrismaClient;

  beforeAll(async () => {
    pglite = newPGlite();
    const { factory } = openPGlite(pglite);
    await applyMigrations(factory);
    client = new PrismaClient({ adapter: factory });
  });

  afterAll(async () => {
    await client?.$disconnect();
    await pglite?.close();
  });

  it("returns recorded events newest first, filtered by action", async () => {
    for (const tenant of ["contoso", "fabrikam", "northwind"]) {
      await recordAuditEvent({ actor: "alice@partner.example", action: "consent.requested", target: tenant }, client);
    }
    await recordAuditEvent({ actor: "bob@partner.example", action: "tenant.removed", target: "contoso" }, client);

    const requested = await listAuditEvents({ action: "consent.requested" }, client);

    expect(requested.map((event) => event.target)).toEqual(["northwind", "fabrikam", "contoso"]);
    expect(requested.every((event) => event.actor === "alice@partner.example")).toBe(true);
  });

  it("filters by target and limits the count", async () => {
    const events = await listAuditEvents({ target: "contoso", take: 1 }, client);

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "tenant.removed", target: "contoso" });
  });

  it("pages through every event of a filter, newest first, and counts them", async () => {
    for (let number = 0; number < 250; number++) await recordAuditEvent({ actor: "alice@partner.example", action: "paging.check", details: { number } }, client);

    expect(await countAuditEvents({ action: "paging.check" }, client)).toBe(250);
    const pages = await Promise.all([0, 1, 2].map((page) => listAuditEvents({ action: "paging.check", skip: page * 100, take: 100 }, client)));
    expect(pages.map((events) => events.length)).toEqual([100, 100, 50]);
    expect(pages.flat().map((event) => (event.details as { number: number }).number)).toEqual(Array.from({ length: 250 }, (_, index) => 249 - index));
  });

  it("stores details as JSON and defaults them to an empty object", async () => {
    const withDetails = await recordAuditEvent(
      { actor: "alice@partner.example", action: "incident.viewed", details: { incidentId: 42, severity: "high" } },
      client,
    );
    const without = await recordAuditEvent({ actor: "alice@partner.example", action: "signed.in" }, client);

    expect(withDetails.details).toEqual({ incidentId: 42, severity: "high" });
    expect(without.details).toEqual({});
    expect(without.target).toBeNull();
  });

  it("refuses details larger than 8 KB of JSON", async () => {
    const details = { blob: "x".repeat(MAX_AUDIT_DETAILS_BYTES) };

    await expect(
      recordAuditEvent({ actor: "alice@partner.example", action: "oversize", details }, client),
    ).rejects.toBeInstanceOf(AuditDetailsTooLargeError);
    expect(await listAuditEvents({ action: "oversize" }, client)).toEqual([]);
  });
});
