import "server-only";

import { recordAuditEvents } from "@/lib/audit";
import type { Staff } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import type { Tenant } from "@/lib/db/generated/client";
import { inParallel } from "@/lib/parallel";
import { inScope } from "@/lib/scopes";
import { canWriteIncidents, WRITE_ROLES } from "@/lib/tokens";
import { log, reason } from "@/lib/log";

import { forgetIncidentDetail } from "./index";
import { SETTABLE_STATUSES, type Incident, type IncidentChange, type SettableStatus } from "./model";
import { inEnglish, type ProblemText } from "./problem-text";
import { incidentSource } from "./sources";
import { saveIncidents, storedIncidents } from "./store";
import { UpstreamError } from "./upstream";

/** Who changes incidents: their name for the audit trail, and their scope (a tenant out of it is refused as one that does not exist). */
export type Analyst = Pick<Staff, "email" | "scope">;

export type TriagePermission = { allowed: true; statuses: readonly SettableStatus[] } | { allowed: false; reason: ProblemText; writeAccessMissing: boolean };

/** The statuses an analyst can set through the configured incident API. */
export function settableStatuses(): readonly SettableStatus[] {
  return SETTABLE_STATUSES[getConfig().incidentApi];
}

/** Whether the portal may change this tenant's incidents, and if not, why, in words for the page. */
export function triagePermission(tenant: Pick<Tenant, "status" | "grantedRoles">): TriagePermission {
  const api = getConfig().incidentApi;
  if (tenant.status !== "consented") return { allowed: false, reason: { key: "noConsent" }, writeAccessMissing: false };
  if (!canWriteIncidents(api, tenant.grantedRoles)) {
    return { allowed: false, reason: { key: "writeAccessMissing", values: { permission: WRITE_ROLES[api] } }, writeAccessMissing: true };
  }
  return { allowed: true, statuses: settableStatuses() };
}

/** What the analyst saw when they chose the change: a write goes through only if Microsoft still shows it. */
export interface Seen {
  assignedTo: string | null;
  status: string;
  classification: string | null;
  lastUpdatedAt: string;
}

export type TriageResult =
  | { outcome: "done"; incident: Incident | null }
  | { outcome: "conflict"; current: Incident }
  | { outcome: "refused" | "failed"; /** In English, as the audit trail keeps it. */ message: string; text: ProblemText };

function unsuccessful(outcome: "refused" | "failed", text: ProblemText, message = inEnglish(text)): TriageResult {
  return { outcome, message, text };
}

/**
 * How a write finds out whether the incident changed since the analyst saw it: `check: "microsoft"`
 * reads it there first; `check: "store"` compares with the stored copy, which every portal write
 * updates at once and the sync within an interval, so a bulk change costs one call per incident.
 * `overwrite` goes ahead whatever changed.
 */
export type WriteCheck = { check: "microsoft" | "store"; overwrite?: boolean };

/**
 * Writes an analyst's change to an incident through Microsoft, unless the incident changed since
 * the analyst saw it (then the current incident comes back, to show both). The stored copy follows
 * at once; every attempt is audited with its result.
 */
export async function triageIncident(staff: Analyst, tenantId: string, incidentId: string, change: IncidentChange, seen: Seen, check: WriteCheck): Promise<TriageResult> {
  const [result] = await triageTenant(staff, tenantId, [{ incidentId, seen }], change, check);
  return result;
}

// Incidents of one tenant written at once: the tenant's own rate limit is Microsoft's to enforce.
const PER_TENANT = 4;

/** triageIncident for several incidents of one tenant: its permission, stored copies, saved copies and audit rows read and written once. */
async function triageTenant(staff: Analyst, tenantId: string, items: { incidentId: string; seen: Seen }[], change: IncidentChange, { check, overwrite = false }: WriteCheck): Promise<TriageResult[]> {
  const tenant = inScope(staff.scope, tenantId) ? await db().tenant.findUnique({ where: { id: tenantId } }) : null;
  const permission: TriagePermission = tenant ? triagePermission(tenant) : { allowed: false, reason: { key: "notRegistered" }, writeAccessMissing: false };
  const stored = permission.allowed && check === "store" ? await storedIncidents(tenantId, items.map((item) => item.incidentId)) : new Map<string, Incident>();
  const befores = new Map<string, Incident>();
  const attempt = async ({ incidentId, seen }: { incidentId: string; seen: Seen }): Promise<TriageResult> => {
    if (!permission.allowed) return unsuccessful("refused", permission.reason);
    try {
      const before = stored.get(incidentId) ?? (await incidentSource().get(tenantId, incidentId));
      befores.set(incidentId, before);
      if (before.status === "redirected") return unsuccessful("refused", { key: "merged" });
      if (!overwrite && changedSince(before, seen)) return { outcome: "conflict", current: before };
      return { outcome: "done", incident: await incidentSource().update(tenantId, incidentId, change) };
    } catch (error) {
      if (!(error instanceof UpstreamError)) {
        log.error({ tenantId, incidentId, err: reason(error) }, "Changing an incident failed");
        return unsuccessful("failed", { key: "changeFailed" });
      }
      const refused = ["read_only", "rejected", "not_found", "lost"].includes(error.problem.kind);
      return unsuccessful(refused ? "refused" : "failed", error.problem.text, error.problem.message);
    } finally {
      forgetIncidentDetail(tenantId, incidentId);
    }
  };
  const results = new Map<string, TriageResult>();
  for await (const [incidentId, result] of inParallel(items, PER_TENANT, async (item) => [item.incidentId, await attempt(item)] as const)) results.set(incidentId, result);
  await saveIncidents([...results.values()].flatMap((result) => (result.outcome === "done" && result.incident ? [result.incident] : [])));
  await recordAuditEvents(
    items.map(({ incidentId }) => {
      const result = results.get(incidentId)!;
      const before = befores.get(incidentId);
      return {
        actor: staff.email,
        action: "incident.changed",
        target: tenantId,
        details: { incidentId, result: result.outcome, before: before ? fieldsOf(before) : null, after: auditable(change), ...("message" in result && { reason: result.message.slice(0, 300), reasonText: auditableText(result.text) }) },
      };
    }),
  );
  return items.map(({ incidentId }) => results.get(incidentId)!);
}

function changedSince(current: Incident, seen: Seen): boolean {
  return (
    current.assignedTo !== seen.assignedTo ||
    current.status !== seen.status ||
    current.classification !== seen.classification ||
    Date.parse(current.lastUpdatedAt) !== Date.parse(seen.lastUpdatedAt)
  );
}

// Audit rows are small by design: long customer text is cut, not copied whole.
function auditable({ comment, tags, ...rest }: IncidentChange) {
  return { ...rest, ...(tags && { tags: tags.slice(0, 20).map((tag) => tag.slice(0, 80)) }), ...(comment !== undefined && { comment: comment.slice(0, 500) }) };
}

function auditableText({ detail, ...text }: ProblemText): ProblemText {
  return { ...text, ...(detail !== undefined && { detail: detail.slice(0, 300) }) };
}

function fieldsOf(incident: Incident) {
  const { assignedTo, status, classification, determination, tags } = incident;
  return { assignedTo: assignedTo?.slice(0, 200) ?? null, status, classification, determination, tags: tags.slice(0, 20).map((tag) => tag.slice(0, 80)) };
}

export interface BulkItem {
  tenantId: string;
  incidentId: string;
  seen: Seen;
}

// Tenants written to at once.
const BULK_TENANTS = 64;

/** One change applied to incidents across tenants, each on its own: a failing tenant never stops the others. */
export async function triageIncidents(staff: Analyst, items: BulkItem[], change: IncidentChange): Promise<(BulkItem & { result: TriageResult })[]> {
  const byTenant = new Map<string, BulkItem[]>();
  for (const item of items) byTenant.set(item.tenantId, [...(byTenant.get(item.tenantId) ?? []), item]);
  const results: (BulkItem & { result: TriageResult })[] = [];
  for await (const done of inParallel([...byTenant.values()], BULK_TENANTS, (tenantItems) => triageSafely(staff, tenantItems, change))) results.push(...done);
  return results;
}

async function triageSafely(staff: Analyst, items: BulkItem[], change: IncidentChange): Promise<(BulkItem & { result: TriageResult })[]> {
  const { tenantId } = items[0];
  try {
    const results = await triageTenant(staff, tenantId, items, change, { check: "store" });
    return items.map((item, index) => ({ ...item, result: results[index] }));
  } catch (error) {
    log.error({ tenantId, err: reason(error) }, "Changing incidents failed");
    return items.map((item) => ({ ...item, result: unsuccessful("failed", { key: "changeFailed" }) }));
  }
}
