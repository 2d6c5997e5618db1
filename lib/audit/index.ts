import "server-only";

import { db, type DatabaseClient } from "@/lib/db";
import type { AuditEvent, Prisma } from "@/lib/db/generated/client";

export type { AuditEvent } from "@/lib/db/generated/client";

/** JSON-serialisable details of an event: who consented, which incident, what changed. */
export type AuditDetails = { [key: string]: unknown };

export interface NewAuditEvent {
  actor: string;
  action: string;
  target?: string;
  details?: AuditDetails;
}

export interface AuditEventFilter {
  action?: string;
  target?: string;
  /** Events to pass over first (the newest ones): a later page. */
  skip?: number;
  take?: number;
}

/** Every action the portal records, as the audit log names it. */
export const AUDIT_ACTIONS: Record<string, string> = {
  "staff.signed_in": "Signed in",
  "staff.sign_in_refused": "Sign-in refused",
  "staff.session_ended": "Session ended",
  "staff.sessions_ended": "Signed out by an admin",
  "staff.role_changed": "Role changed in Entra",
  "tenant.added": "Tenant added",
  "tenant.offboarded": "Tenant offboarded",
  "consent.link_created": "Consent link created",
  // What the redirect says, not yet what Microsoft holds: anyone with the link can send it.
  "consent.granted": "Consent reported by the redirect (proof follows)",
  "consent.denied": "Consent denied by customer",
  "consent.verified": "Consent verified",
  "consent.verify_failed": "Consent verification failed",
  "consent.proof_failed": "Consent could not be proven",
  "consent.lost": "Consent lost",
  "incident.changed": "Incident changed",
  "incidents.exported": "Incidents exported (CSV)",
  "audit.exported": "Audit log exported (CSV)",
  "group.created": "Tenant group created",
  "group.renamed": "Tenant group renamed",
  "group.members_changed": "Tenant group's tenants changed",
  "group.deleted": "Tenant group deleted",
  "access.rule_set": "Staff access set",
  "access.rule_removed": "Staff access removed",
  "alert.target_added": "Alert target added",
  "alert.target_deleted": "Alert target deleted",
  "alert.rule_set": "Alert rule set",
  "alert.rule_removed": "Alert rule removed",
};

// Audit rows are kept forever; a bound stops a caller from copying whole API responses into them.
export const MAX_AUDIT_DETAILS_BYTES = 8 * 1024;
const DEFAULT_TAKE = 100;
const MAX_TAKE = 1000;

export class AuditDetailsTooLargeError extends Error {
  constructor(bytes: number) {
    super(`Audit details are ${bytes} bytes of JSON; the limit is ${MAX_AUDIT_DETAILS_BYTES}.`);
    this.name = "AuditDetailsTooLargeError";
  }
}

// The log is append-only: this module offers no way to change or remove an event, and the database
// refuses UPDATE, DELETE and TRUNCATE on it (migration audit_chain).

export async function recordAuditEvent(event: NewAuditEvent, client: DatabaseClient = db()): Promise<AuditEvent> {
  return client.auditEvent.create({ data: auditRow(event) });
}

/** Several events in one insert, in order: a bulk change's rows. */
export async function recordAuditEvents(events: NewAuditEvent[], client: DatabaseClient = db()): Promise<void> {
  if (events.length > 0) await client.auditEvent.createMany({ data: events.map(auditRow) });
}

function auditRow(event: NewAuditEvent) {
  const details = event.details ?? {};
  const bytes = Buffer.byteLength(JSON.stringify(details));
  if (bytes > MAX_AUDIT_DETAILS_BYTES) throw new AuditDetailsTooLargeError(bytes);
  return { actor: event.actor, action: event.action, target: event.target ?? null, details: details as Prisma.InputJsonObject };
}

/** Newest first. */
export async function listAuditEvents(filter: AuditEventFilter = {}, client: DatabaseClient = db()): Promise<AuditEvent[]> {
  return client.auditEvent.findMany({
    where: { action: filter.action, target: filter.target },
    orderBy: { id: "desc" },
    skip: filter.skip,
    take: Math.min(Math.max(filter.take ?? DEFAULT_TAKE, 1), MAX_TAKE),
  });
}

export function countAuditEvents(filter: Pick<AuditEventFilter, "action" | "target">, client: DatabaseClient = db()): Promise<number> {
  return client.auditEvent.count({ where: { action: filter.action, target: filter.target } });
}

/** Every event matching the filter, newest first, a batch at a time: each batch continues below the last one's id. */
export async function* allAuditEvents(filter: Omit<AuditEventFilter, "take">, batchSize = 1_000): AsyncGenerator<AuditEvent[]> {
  let below: bigint | undefined;
  do {
    const events = await db().auditEvent.findMany({
      where: { action: filter.action, target: filter.target, id: below === undefined ? undefined : { lt: below } },
      orderBy: { id: "desc" },
      take: batchSize,
    });
    if (events.length > 0) yield events;
    below = events.length === batchSize ? events[events.length - 1].id : undefined;
  } while (below !== undefined);
}

/** What the portal changed on one incident, newest first. */
export function incidentHistory(tenantId: string, incidentId: string): Promise<AuditEvent[]> {
  return db().auditEvent.findMany({
    where: { action: "incident.changed", target: tenantId, details: { path: ["incidentId"], equals: incidentId } },
    orderBy: { id: "desc" },
    take: 50,
  });
}

export type AuditChainCheck = { intact: true; events: number } | { intact: false; events: number; firstAltered: { id: bigint; seq: bigint | null }; problem: string };

/**
 * Walks the hash chain in order and names the first event whose hash does not follow from its
 * contents and the event before it, or where an event is missing from the chain.
 */
export async function verifyAuditChain(client: DatabaseClient = db()): Promise<AuditChainCheck> {
  const [{ events }] = await client.$queryRaw<{ events: number }[]>`SELECT count(*)::int AS events FROM audit_event`;
  const [broken] = await client.$queryRaw<{ id: bigint; seq: bigint | null; hashed: boolean; follows: boolean }[]>`
    SELECT id, seq, hash = expected AS hashed, seq = coalesce(previous, 0) + 1 AS follows FROM (
      SELECT id, seq, hash, lag(seq) OVER chain AS previous,
        audit_event_hash(coalesce(lag(hash) OVER chain, ''), seq, id, at, actor, action, target, details) AS expected
      FROM audit_event WINDOW chain AS (ORDER BY seq)
    ) checked
    WHERE hash IS DISTINCT FROM expected OR seq IS DISTINCT FROM coalesce(previous, 0) + 1
    ORDER BY seq NULLS LAST LIMIT 1`;
  if (!broken) return { intact: true, events };
  const problem =
    broken.seq === null
      ? "it is not in the chain (recorded with the chain's trigger disabled)"
      : !broken.follows
        ? "the events before it in the chain are missing"
        : "its contents, or those of the event before it, changed after it was recorded";
  return { intact: false, events, firstAltered: { id: broken.id, seq: broken.seq }, problem };
}
