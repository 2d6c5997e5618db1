import "server-only";

import { db } from "@/lib/db";
import type { ConsentEvent } from "@/lib/db/generated/client";

export type { ConsentEvent } from "@/lib/db/generated/client";

/** What came back from a tenant's consent redirects, newest first; forged and replayed ones are flagged. */
export function listConsentEvents(tenantId: string, take = 20): Promise<ConsentEvent[]> {
  return db().consentEvent.findMany({ where: { tenantId }, orderBy: { id: "desc" }, take });
}

export const CONSENT_EVENT_OUTCOMES: Record<string, string> = {
  granted: "Consent granted",
  tenant_mismatch: "Granted, but for another tenant",
  denied: "Cancelled by the customer",
  failed: "Microsoft reported an error",
  expired_state: "Expired link used",
  replayed_state: "Used link opened again",
  retired_state: "Replaced link used",
  unknown_state: "Unknown link",
  malformed: "Malformed request",
};
