import "server-only";

import { isConsentProblemText, type ConsentProblemText } from "@/lib/consent/problem";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { Prisma, type ConsentStatus, type Tenant } from "@/lib/db/generated/client";
import { tenantIdInSql, type TenantScope } from "@/lib/scopes";

import { inEnglish, isProblemText, type ProblemText } from "./problem-text";
import type { UpstreamProblem } from "./upstream";

/** How current a tenant's stored incidents are, in terms a page can show next to the tenant. */
export interface TenantSyncStatus {
  tenantId: string;
  name: string;
  consent: ConsentStatus;
  /** waiting: never read yet; backfilling: the first read of the range is under way. */
  state: "waiting" | "backfilling" | "synced" | "problem";
  /** The stored incidents are as Microsoft showed them at this moment (ms); null before the first sync. */
  syncedAt: number | null;
  /** Share of the retention range read so far, while backfilling. */
  progress: number | null;
  problem: SyncProblem | null;
  nextAttemptAt: number | null;
}

/** Why a tenant is not synced: in English, and in words for a page; a lost consent in the consent records' words when they have them. */
export type SyncProblem = Pick<UpstreamProblem, "kind" | "message" | "text"> & { consent?: ConsentProblemText };

interface TenantSyncRow {
  id: string;
  displayName: string;
  status: ConsentStatus;
  tenantError: string | null;
  tenantProblemText: unknown;
  cursor: Date | null;
  lastSuccessAt: Date | null;
  problem: string | null;
  lastError: string | null;
  problemText: unknown;
  nextAttemptAt: Date | null;
}

/**
 * The sync state of every tenant in scope whose stored incidents staff see (consented, or whose
 * consent was lost), by name; with `everyConsent`, of those awaiting consent or offboarded too.
 */
export async function tenantSyncStatuses(scope: TenantScope, { everyConsent = false } = {}): Promise<TenantSyncStatus[]> {
  const inScope = tenantIdInSql(scope, Prisma.sql`t.id`);
  return statusesOf(everyConsent ? inScope : Prisma.sql`t.status IN ('consented', 'lost') AND ${inScope}`);
}

/** The sync state of one tenant, whatever its consent (one found in the staff member's scope). */
export async function tenantSyncStatus(tenant: Pick<Tenant, "id">): Promise<TenantSyncStatus> {
  const [status] = await statusesOf(Prisma.sql`t.id = ${tenant.id}::uuid`);
  return status;
}

async function statusesOf(which: Prisma.Sql): Promise<TenantSyncStatus[]> {
  // One join in SQL: Prisma's relation load took eight times as long for a thousand tenants.
  const tenants = await db().$queryRaw<TenantSyncRow[]>`
    SELECT t.id, t."displayName", t.status::text, t."lastError" AS "tenantError", t."problemText" AS "tenantProblemText", s.cursor, s."lastSuccessAt", s.problem, s."lastError", s."problemText", s."nextAttemptAt"
    FROM tenant t LEFT JOIN tenant_sync s ON s."tenantId" = t.id AND s.api = ${getConfig().incidentApi}
    WHERE ${which} ORDER BY t."displayName"`;
  const range = getConfig().incidentRetentionDays * 24 * 60 * 60 * 1000;
  return tenants.map((row) => {
    const base = { tenantId: row.id, name: row.displayName, consent: row.status, syncedAt: row.lastSuccessAt?.getTime() ?? null, nextAttemptAt: row.nextAttemptAt?.getTime() ?? null };
    // However it was found out (a sync, a proof, "Verify now"), lost consent stops the sync.
    if (row.status === "lost") return { ...base, state: "problem", progress: null, problem: lostProblem(row) };
    if (row.problem) {
      return { ...base, state: "problem", progress: null, problem: { kind: row.problem as UpstreamProblem["kind"], message: row.lastError ?? "", text: storedText(row) } };
    }
    if (!row.cursor) return { ...base, state: "waiting", progress: null, problem: null };
    if (!row.lastSuccessAt) {
      const progress = Math.min(1, Math.max(0, 1 - (Date.now() - row.cursor.getTime()) / range));
      return { ...base, state: "backfilling", progress, problem: null };
    }
    return { ...base, state: "synced", progress: null, problem: null };
  });
}

// The tenant's own reason, as the consent records keep it: the sync's words when the sync found it.
function lostProblem(row: TenantSyncRow): SyncProblem {
  if (!row.tenantError) {
    const text: ProblemText = { key: "accessRemoved" };
    return { kind: "lost", message: inEnglish(text), text };
  }
  if (row.lastError === row.tenantError) return { kind: "lost", message: row.tenantError, text: storedText(row) };
  return { kind: "lost", message: row.tenantError, text: { detail: row.tenantError }, ...(isConsentProblemText(row.tenantProblemText) && { consent: row.tenantProblemText }) };
}

// A row written before problems were stored in words has the English message only.
function storedText(row: TenantSyncRow): ProblemText {
  return isProblemText(row.problemText) ? row.problemText : { detail: row.lastError ?? "" };
}
