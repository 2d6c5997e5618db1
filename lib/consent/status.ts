import "server-only";

import { raiseAlerts } from "@/lib/alerts/events";
import { recordAuditEvent, type AuditDetails } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db, type DatabaseClient } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import type { ConsentStatus } from "@/lib/db/generated/enums";
import { canWriteIncidents, WRITE_ROLES } from "@/lib/tokens";

import { inEnglish, type ConsentProblemText } from "./problem";

/** Why, in words for any language; or in English only, shown as it is (e.g. a sync's words). */
export type ConsentReason = ConsentProblemText | string;

/** What the portal learned about a tenant's consent, and from where. */
export type ConsentEvent =
  /** The consent redirect reported a consent (the proof follows). */
  | { kind: "reported"; details?: AuditDetails }
  /** The consent redirect brought Microsoft's error: cancelled, declined, not an admin. */
  | { kind: "refused"; reason: ConsentReason; details?: AuditDetails }
  /** A fresh app-only token holds the incident permission. */
  | { kind: "proven"; roles: string[] }
  /** The proof of a reported consent gave up. */
  | { kind: "unproven"; reason: ConsentReason }
  /** Microsoft answered that the consent is not there (a token, a sync, "Verify now"). */
  | { kind: "gone"; reason: ConsentReason }
  /** Nothing about this tenant can work: the partner's credentials, or a tenant Entra does not know. */
  | { kind: "broken"; reason: ConsentReason }
  /** No answer either way (Microsoft unavailable, a timeout): the status stays. */
  | { kind: "unanswered"; reason: ConsentReason };

const EVERY: readonly ConsentStatus[] = ["pending", "verifying", "consented", "denied", "lost", "error"];
const to = (status: ConsentStatus, from: readonly ConsentStatus[] = EVERY) => Object.fromEntries(from.map((each) => [each, status]));

/**
 * The transitions, in one table: from a status, an event moves a tenant to the status named; a
 * status not listed stays as it is. A consented tenant stays consented through a re-consent,
 * declined or not (its consent works until Microsoft says otherwise), and a reported consent
 * being proven is not lost because a read failed meanwhile.
 */
const TRANSITIONS: Record<ConsentEvent["kind"], Partial<Record<ConsentStatus, ConsentStatus>>> = {
  reported: to("verifying", ["pending", "verifying", "denied", "lost", "error"]),
  refused: to("denied", ["pending", "verifying", "denied", "lost", "error"]),
  proven: to("consented"),
  unproven: to("error", ["verifying"]),
  gone: to("lost", ["consented", "error"]),
  broken: to("error"),
  unanswered: {},
};

const AUDIT_ACTION: Record<ConsentEvent["kind"], string> = {
  reported: "consent.granted",
  refused: "consent.denied",
  proven: "consent.verified",
  unproven: "consent.proof_failed",
  gone: "consent.lost",
  broken: "consent.verify_failed",
  unanswered: "consent.verify_failed",
};

/**
 * The one way a tenant's consent status changes: under a row lock, with its audit event and the
 * alerts it raises, in one transaction (the caller's, when given); nothing for a tenant that is not
 * registered. The portal's own observations that change nothing are not audited; a person's (the
 * customer's admin, "Verify now") always are.
 */
export async function recordConsentEvent(tenantId: string, event: ConsentEvent, { actor = "portal", client }: { actor?: string; client?: DatabaseClient } = {}): Promise<void> {
  if (!client) return db().$transaction((tx) => recordConsentEvent(tenantId, event, { actor, client: tx }));
  const [current] = await client.$queryRaw<{ status: ConsentStatus; displayName: string; consentedAt: Date | null }[]>`
    SELECT status, "displayName", "consentedAt" FROM tenant WHERE id = ${tenantId}::uuid FOR UPDATE`;
  if (!current) return;
  const from = current.status;
  const next = TRANSITIONS[event.kind][from] ?? from;
  const now = new Date();
  const kept = event.kind === "refused" && from === "consented";
  const problem = !("reason" in event) ? null : typeof event.reason === "string" ? { detail: event.reason } : event.reason;
  const text = problem && kept ? { ...problem, kept } : problem;
  const reason = text && inEnglish(text);
  await client.tenant.update({
    where: { id: tenantId },
    data: {
      status: next,
      lastError: reason,
      problemText: text ? { ...text } : Prisma.DbNull,
      ...(event.kind === "proven" && { grantedRoles: event.roles, verifiedAt: now, ...(from !== "consented" && { consentedAt: now }) }),
    },
  });
  if (next !== from || actor !== "portal") {
    const details: AuditDetails = { ...("details" in event && event.details), ...(event.kind === "proven" && { roles: event.roles }), ...(reason && { reason }), ...(next === from && { status: `stays ${from}` }) };
    await recordAuditEvent({ actor, action: AUDIT_ACTION[event.kind], target: tenantId, details }, client);
  }
  // With the change itself: the one transaction that loses a consent raises its alert.
  if (next === "lost" && from !== "lost") {
    const key = `consentLost:${tenantId}:${current.consentedAt?.toISOString() ?? now.toISOString()}`;
    await raiseAlerts([{ key, trigger: "consentLost", tenantId, details: { tenant: current.displayName, reason } }], client);
  }
  const api = getConfig().incidentApi;
  if (event.kind === "proven" && !canWriteIncidents(api, event.roles)) {
    // Once per consent: "Verify now" proves the same one again.
    const consentedAt = from === "consented" && current.consentedAt ? current.consentedAt : now;
    const details = { tenant: current.displayName, reason: `The customer granted read access only; changing incidents needs ${WRITE_ROLES[api]}.` };
    await raiseAlerts([{ key: `writeAccessMissing:${tenantId}:${consentedAt.toISOString()}`, trigger: "writeAccessMissing", tenantId, details }], client);
  }
}
