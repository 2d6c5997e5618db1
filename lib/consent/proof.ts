import "server-only";
import { setTimeout as sleep } from "node:timers/promises";

import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { inParallel } from "@/lib/parallel";
import { canReadIncidents, getAppToken, INCIDENT_ROLES, TokenError, type TokenFailureKind } from "@/lib/tokens";

import { inEnglish, type ConsentProblemKey, type ConsentProblemText } from "./problem";
import { recordConsentEvent, type ConsentEvent } from "./status";

export type ConsentCheck =
  | { proven: true; roles: string[] }
  | { proven: false; gone: boolean; final: boolean; reason: ConsentProblemText };

/** Asks Entra for a fresh app-only token for the tenant: only its `roles` claim proves consent. */
async function checkConsent(tenantId: string): Promise<ConsentCheck> {
  const api = getConfig().incidentApi;
  try {
    const { roles } = await getAppToken(tenantId, api, { fresh: true });
    if (canReadIncidents(api, roles)) return { proven: true, roles };
    return { proven: false, gone: true, final: false, reason: { key: "permissionMissing", values: { permission: INCIDENT_ROLES[api][0] } } };
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    const gone = error.kind === "consent_missing";
    const final = error.kind === "bad_credentials" || error.kind === "unknown_tenant";
    return { proven: false, gone, final, reason: tokenProblem(error) };
  }
}

const TOKEN_PROBLEM: Record<TokenFailureKind, ConsentProblemKey> = {
  consent_missing: "consentMissing",
  resource_unavailable: "resourceUnavailable",
  bad_credentials: "badCredentials",
  unknown_tenant: "unknownTenant",
  transient: "transient",
};

// lib/tokens words its errors in English; one it words otherwise (quoting Microsoft) is kept as it is.
function tokenProblem(error: TokenError): ConsentProblemText {
  const text = { key: TOKEN_PROBLEM[error.kind] };
  return inEnglish(text) === error.message ? text : { detail: error.message };
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
 * then records what it found (lib/consent/status decides what that does to the tenant).
 */
export async function proveConsent(tenantId: string, timing: ProofTiming = PROOF_TIMING): Promise<ConsentCheck> {
  const deadline = Date.now() + timing.windowMs;
  let delay = timing.firstDelayMs;
  for (;;) {
    const check = await checkConsent(tenantId);
    if (check.proven) {
      await recordConsentEvent(tenantId, { kind: "proven", roles: check.roles });
      return check;
    }
    if (check.final || Date.now() + delay > deadline) {
      await recordConsentEvent(tenantId, { kind: "unproven", reason: check.reason });
      return check;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, timing.maxDelayMs);
  }
}

/** "Verify now": one fresh token request for a registered tenant, and what it proves recorded. */
export async function verifyTenant(tenantId: string, actor: string): Promise<ConsentCheck> {
  const check = await checkConsent(tenantId);
  const event: ConsentEvent = check.proven
    ? { kind: "proven", roles: check.roles }
    : check.gone
      ? { kind: "gone", reason: check.reason }
      : { kind: check.final ? "broken" : "unanswered", reason: check.reason };
  await recordConsentEvent(tenantId, event, { actor });
  return check;
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
