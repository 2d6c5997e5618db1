import "server-only";

import { db, type DatabaseClient } from "@/lib/db";

import { hashState } from "./links";
import type { ConsentProblemKey } from "./problem";
import { recordConsentEvent } from "./status";

/** What the customer's admin is told; never more than that. */
export type ConsentOutcome = "granted" | "generic" | "mismatch" | "cancelled" | "declined" | "not_admin" | "failed" | "expired" | "used" | "invalid";

export interface CallbackRequest {
  query: URLSearchParams;
  sourceAddress: string | null;
  userAgent: string | null;
}

export interface CallbackResult {
  outcome: ConsentOutcome;
  /** Set when the consent report must now be proven with an app-only token. */
  proveTenantId?: string;
}

const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const MAX_PARAMETERS = 20;
const MAX_KEY_LENGTH = 64;
const MAX_VALUE_LENGTH = 1_000;
const MAX_HEADER_LENGTH = 512;

/**
 * Handles one request to the consent callback. The `tenant` query value is never trusted: the
 * single-use state decides which tenant this is. Every request is recorded, forged ones included,
 * in the same transaction as the tenant's change, so a crash leaves neither half-done.
 */
export async function handleConsentCallback(request: CallbackRequest): Promise<CallbackResult> {
  const query = request.query;
  const states = query.getAll("state");
  const record = (tx: DatabaseClient, outcome: string, tenantId: string | null, flagged: boolean) =>
    tx.consentEvent.create({
      data: {
        outcome,
        tenantId,
        flagged,
        parameters: boundedParameters(query),
        sourceAddress: bounded(request.sourceAddress),
        userAgent: bounded(request.userAgent),
      },
    });

  // Microsoft's generic consent link (the Defender partner doc's) sends the admin to a registered
  // reply URL with a code and no state: a consent nobody can tie to a tenant until an admin verifies.
  if (states.length === 0 && query.has("code") && !query.has("error")) {
    await record(db(), "generic_link", null, false);
    return { outcome: "generic" };
  }
  if (states.length !== 1 || !STATE_FORMAT.test(states[0])) {
    await record(db(), "malformed", null, true);
    return { outcome: "invalid" };
  }

  return db().$transaction(async (tx) => {
    const consentRequest = await tx.consentRequest.findUnique({ where: { stateHash: hashState(states[0]) } });
    if (!consentRequest) {
      await record(tx, "unknown_state", null, true);
      return { outcome: "invalid" };
    }
    const tenantId = consentRequest.tenantId;
    if (consentRequest.retiredAt) {
      await record(tx, "retired_state", tenantId, true);
      return { outcome: "used" };
    }
    if (consentRequest.expiresAt <= new Date()) {
      await record(tx, "expired_state", tenantId, false);
      return { outcome: "expired" };
    }
    // The conditional update is the single-use guarantee: of many identical callbacks, one wins.
    const { count } = await tx.consentRequest.updateMany({
      where: { id: consentRequest.id, usedAt: null, retiredAt: null },
      data: { usedAt: new Date() },
    });
    if (count === 0) {
      await record(tx, "replayed_state", tenantId, true);
      return { outcome: "used" };
    }

    const rawError = query.get("error");
    if (rawError) {
      const error = storable(rawError, 100);
      const description = storable(query.get("error_description") ?? "", 300);
      const outcome = customerOutcomeOfError(error, description, query.get("error_subcode"));
      const reason = { key: REFUSAL[outcome].reason, detail: `${error}${description ? ` — ${description}` : ""}` };
      await record(tx, REFUSAL[outcome].recorded, tenantId, false);
      await recordConsentEvent(tenantId, { kind: "refused", reason, details: { error, description } }, { actor: "customer admin", client: tx });
      return { outcome };
    }

    const reportedTenant = query.get("tenant");
    const mismatch = reportedTenant !== null && reportedTenant.toLowerCase() !== tenantId;
    await record(tx, mismatch ? "tenant_mismatch" : "granted", tenantId, mismatch);
    const details = { scope: storable(query.get("scope") ?? "", 300), ...(mismatch ? { reportedTenant: storable(reportedTenant, 100) } : {}) };
    await recordConsentEvent(tenantId, { kind: "reported", details }, { actor: "customer admin", client: tx });
    return { outcome: mismatch ? "mismatch" : "granted", proveTenantId: tenantId };
  });
}

/**
 * What Microsoft's error means for the customer's admin (the reference's consent redirects): a
 * cancel comes as access_denied with subcode cancel and nothing else; consent_required with
 * AADSTS65004 is Microsoft's documented refusal (declined, or an account that cannot consent).
 */
function customerOutcomeOfError(error: string, description: string, subcode: string | null): "cancelled" | "declined" | "not_admin" | "failed" {
  if (subcode === "cancel") return "cancelled";
  if (/AADSTS(90094|90093|65001)/.test(description)) return "not_admin";
  if (error === "consent_required" || /AADSTS65004/.test(description)) return "declined";
  return "failed";
}

/** Each refusal as the consent events record it, and as the tenant's last error begins (its ConsentProblem message). */
const REFUSAL: Record<"cancelled" | "declined" | "not_admin" | "failed", { recorded: string; reason: ConsentProblemKey }> = {
  cancelled: { recorded: "denied", reason: "cancelled" },
  declined: { recorded: "declined", reason: "declined" },
  not_admin: { recorded: "failed", reason: "notAdmin" },
  failed: { recorded: "failed", reason: "failed" },
};

/** The query as recorded: a bounded number of bounded values, so a hostile request cannot bloat the log. */
function boundedParameters(query: URLSearchParams): Record<string, string[]> {
  // No prototype: a parameter named "constructor" or "__proto__" is a name like any other.
  const parameters: Record<string, string[]> = Object.create(null);
  let count = 0;
  for (const [key, value] of query) {
    if (count++ >= MAX_PARAMETERS) {
      parameters["…"] = [`${[...query.keys()].length - MAX_PARAMETERS} more parameters not recorded`];
      break;
    }
    const name = storable(key, MAX_KEY_LENGTH);
    // The state is a bearer secret until used: record only enough to tell states apart.
    const recorded = name === "state" ? `${storable(value, 6)}…(${value.length} chars)` : storable(value, MAX_VALUE_LENGTH);
    (parameters[name] ??= []).push(recorded);
  }
  return parameters;
}

function bounded(value: string | null): string | null {
  return value === null ? null : storable(value, MAX_HEADER_LENGTH);
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cut to length, with what PostgreSQL cannot store (NUL, halves of surrogate pairs) replaced. */
function storable(value: string, max: number): string {
  return value.slice(0, max).replace(UNSTORABLE, "\uFFFD");
}
