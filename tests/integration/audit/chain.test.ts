import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordAuditEvent, recordAuditEvents, verifyAuditChain } from "@/lib/audit";
import { openTestDatabase, type TestDatabase } from "@/tests/support/database";

// The audit log as an auditor checks it: the database refuses to change or remove an event, and
// an event changed behind its back (the trigger disabled by the database's owner) is named.

let database: TestDatabase;
const db = () => database.client;

describe("the audit log's hash chain", () => {
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it("chains every event, also those recorded by many transactions at once", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db().$transaction(async (tx) => {
          await recordAuditEvent({ actor: `admin${i}@partner.example`, action: "tenant.added", target: `tenant-${i}` }, tx);
          await recordAuditEvents([1, 2].map((n) => ({ actor: `admin${i}@partner.example`, action: "incident.changed", target: `tenant-${i}`, details: { n } })), tx);
        }),
      ),
    );
    expect(await verifyAuditChain(db())).toEqual({ intact: true, events: 60 });
  });

  it("refuses to change, delete or empty the log", async () => {
    const [event] = await db().auditEvent.findMany({ take: 1 });
    await expect(db().auditEvent.update({ where: { id: event.id }, data: { actor: "someone else" } })).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe("TRUNCATE audit_event")).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db())).toMatchObject({ intact: true });
  });

  it("names the first event changed with the refusal disabled, and one removed", async () => {
    const events = await db().auditEvent.findMany({ orderBy: { seq: "asc" } });
    const bypass = (sql: string) =>
      db().$transaction([
        db().$executeRawUnsafe("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"),
        db().$executeRawUnsafe(sql),
        db().$executeRawUnsafe("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"),
      ]);

    await bypass(`UPDATE audit_event SET details = '{"n": 3}' WHERE id = ${events[30].id}`);
    expect(await verifyAuditChain(db())).toMatchObject({ intact: false, firstAltered: { id: events[30].id }, problem: expect.stringContaining("changed") });

    await bypass(`DELETE FROM audit_event WHERE id = ${events[10].id}`);
    expect(await verifyAuditChain(db())).toMatchObject({ intact: false, firstAltered: { id: events[11].id }, problem: expect.stringContaining("missing") });
  });
});
