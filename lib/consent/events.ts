import "server-only";

import { db } from "@/lib/db";
import type { ConsentEvent } from "@/lib/db/generated/client";

export type { ConsentEvent } from "@/lib/db/generated/client";

/** What came back from a tenant's consent redirects, newest first; forged and replayed ones are flagged. */
export function listConsentEvents(tenantId: string, take = 20): Promise<ConsentEvent[]> {
  return db().consentEvent.findMany({ where: { tenantId }, orderBy: { id: "desc" }, take });
}

/** What a request to the consent callback turned out to be, as its event records it. */
export const CONSENT_EVENT_OUTCOMES = ["granted", "tenant_mismatch", "denied", "declined", "generic_link", "failed", "expired_state", "replayed_state", "retired_state", "unknown_state", "malformed"] as const;
export type ConsentEventOutcome = (typeof CONSENT_EVENT_OUTCOMES)[number];

export function isConsentEventOutcome(outcome: string): outcome is ConsentEventOutcome {
  return CONSENT_EVENT_OUTCOMES.includes(outcome as ConsentEventOutcome);
}

/** Requests to the consent callback that matched no link (forged, malformed) are kept this long, and at most this many. */
export const UNMATCHED_RETENTION = { days: 30, rows: 10_000 };

/** Bounds what anonymous requests matching no link can make the database keep; those of registered tenants stay. */
export async function purgeUnmatchedConsentEvents(): Promise<void> {
  await db().$executeRaw`
    DELETE FROM consent_event WHERE "tenantId" IS NULL AND (
      at < now() - make_interval(days => ${UNMATCHED_RETENTION.days})
      OR id <= (SELECT id FROM consent_event WHERE "tenantId" IS NULL ORDER BY id DESC OFFSET ${UNMATCHED_RETENTION.rows} LIMIT 1))`;
}
