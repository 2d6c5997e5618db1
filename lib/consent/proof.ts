import "server-only";
import { setTimeout as sleep } from "node:timers/promises";

import { raiseAlerts } from "@/lib/alerts/events";
import { recordAuditEvent } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { inParallel } from "@/lib/parallel";
import type { ConsentStatus } from "@/lib/db/generated/enums";
import { canReadIncidents, canWriteIncidents, getAppToken, INCIDENT_ROLES, TokenError, WRITE_ROLES } from "@/lib/tokens";

const ALL_STATUSES: readonly ConsentStatus[] = ["pending", "verifying", "consented", "denied", "lost", "error"];

export type ConsentCheck =
  | { proven: true; roles: string[] }
  | { proven: false; gone: boolean; final: boolean; reason: string };

/** Asks Entra for a fresh app-only token for the tenant: only its `roles` claim proves consent. */
async function checkConsent(tenantId: string): Promise<ConsentCheck> {
  const api = getConfig().incidentApi;
  try {
    const { roles } = await getAppToken(tenantId, api, { fresh: true });
    if (canReadIncidents(api, roles)) return { proven: true, roles };
    return {
      proven: false,
      gone: true,
      final: false,
      reason: `The app's token for this tenant lacks the ${INCIDENT_ROLES[api][0]} permission: it was removed, or not granted.`,
    };
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    const gone = error.kind === "consent_missing";
    const final = error.kind === "bad_credentials" || error.kind === "unknown_tenant";
    return { proven: false, gone, final, reason: error.message };
  }
}

export interface ProofTiming {
  /** How long to keep trying: consent takes seconds to minutes to replicate inside Microsoft. */
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

const PROOF_TIMING: ProofTiming = { windowMs: 150_000, firstDelayMs: 2_000, maxDelayMs: 30_000 };

/**
 * Proves a consent that the callback reported, retrying with backoff while Microsoft replicates it,
 * then settles the tenant as Consented or Error. Only a tenant still verifying is changed.
 */
export async function proveConsent(tenantId: string, timing: ProofTiming = PROOF_TIMING): Promise<ConsentCheck> {
  const deadline = Date.now() + timing.windowMs;
  let delay = timing.firstDelayMs;
  for (;;) {
    const check = await checkConsent(tenantId);
    if (check.proven) {
      await settle(tenantId, ["verifying"], { status: "consented", roles: check.roles, action: "consent.verified" });
      return check;
    }
    if (check.final || Date.now() + delay > deadline) {
      await settle(tenantId, ["verifying"], { status: "error", reason: check.reason, action: "consent.proof_failed" });
      return check;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, timing.maxDelayMs);
  }
}

/** "Verify now": one fresh token request, and the tenant's status follows what it proves. */
export async function verifyTenant(tenantId: string, actor: string): Promise<ConsentCheck> {
  const check = await checkConsent(tenantId);
  if (check.proven) {
    await settle(tenantId, ALL_STATUSES, {
      status: "consented",
      roles: check.roles,
      action: "consent.verified",
      actor,
    });
  } else if (check.gone) {
    await markConsentLost(tenantId, check.reason, actor);
  } else {
    await settle(tenantId, ALL_STATUSES, {
      status: check.final ? "error" : undefined,
      reason: check.reason,
      action: "consent.verify_failed",
      actor,
    });
  }
  return check;
}

/** Any answer meaning the consent is gone: a tenant that had it moves to Consent lost. */
export async function markConsentLost(tenantId: string, reason: string, actor = "portal"): Promise<void> {
  const lost = await settle(tenantId, ["consented", "verifying", "error"], { status: "lost", reason, action: "consent.lost", actor });
  if (!lost) await db().tenant.updateMany({ where: { id: tenantId }, data: { lastError: reason } });
}

/** Moves a tenant between statuses in one transaction with its audit event; false if it was not in `from`. */
async function settle(
  tenantId: string,
  from: readonly ConsentStatus[],
  change: { status?: ConsentStatus; roles?: string[]; reason?: string; action: string; actor?: string },
): Promise<boolean> {
  const now = new Date();
  return db().$transaction(async (tx) => {
    // Row lock: concurrent callbacks, proofs and "Verify now" clicks change a tenant one at a time.
    const [current] = await tx.$queryRaw<{ status: ConsentStatus; displayName: string; consentedAt: Date | null }[]>`
      SELECT status, "displayName", "consentedAt" FROM tenant WHERE id = ${tenantId}::uuid FOR UPDATE`;
    if (!current || !from.includes(current.status)) return false;
    const proven = change.status === "consented";
    await tx.tenant.update({
      where: { id: tenantId },
      data: {
        status: change.status,
        lastError: change.reason ?? null,
        ...(proven ? { grantedRoles: change.roles, verifiedAt: now } : {}),
        ...(proven && current.status !== "consented" ? { consentedAt: now } : {}),
      },
    });
    await recordAuditEvent(
      {
        actor: change.actor ?? "portal",
        action: change.action,
        target: tenantId,
        details: { ...(change.roles ? { roles: change.roles } : {}), ...(change.reason ? { reason: change.reason } : {}) },
      },
      tx,
    );
    // With the change itself: the one transaction that loses a consent raises its alert.
    if (change.status === "lost") {
      await raiseAlerts(
        [{ key: `consentLost:${tenantId}:${current.consentedAt?.toISOString() ?? now.toISOString()}`, trigger: "consentLost", tenantId, details: { tenant: current.displayName, reason: change.reason ?? null } }],
        tx,
      );
    }
    const api = getConfig().incidentApi;
    if (proven && !canWriteIncidents(api, change.roles ?? [])) {
      // Once per consent: "Verify now" proves the same one again.
      const consentedAt = current.status === "consented" && current.consentedAt ? current.consentedAt : now;
      await raiseAlerts(
        [
          {
            key: `writeAccessMissing:${tenantId}:${consentedAt.toISOString()}`,
            trigger: "writeAccessMissing",
            tenantId,
            details: { tenant: current.displayName, reason: `The customer granted read access only; changing incidents needs ${WRITE_ROLES[api]}.` },
          },
        ],
        tx,
      );
    }
    return true;
  });
}

const VERIFY_ALL_CONCURRENCY = 8;

/** "Verify all": every registered tenant, a few at a time. */
export async function verifyAllTenants(actor: string): Promise<{ proven: number; failed: number }> {
  const ids = (await db().tenant.findMany({ select: { id: true } })).map((tenant) => tenant.id);
  let proven = 0;
  for await (const check of inParallel(ids, VERIFY_ALL_CONCURRENCY, (id) => verifyTenant(id, actor))) if (check.proven) proven++;
  return { proven, failed: ids.length - proven };
}

/** Proves again every consent report left unproven, e.g. when the server stopped mid-proof. */
export async function resumeConsentProofs(): Promise<void> {
  const verifying = await db().tenant.findMany({ where: { status: "verifying" }, select: { id: true } });
  await Promise.all(verifying.map((tenant) => proveConsent(tenant.id)));
}
