import "server-only";

import { recordAuditEvent } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { inParallel } from "@/lib/parallel";
import { canWriteIncidents, WRITE_ROLES } from "@/lib/tokens";

import { forgetIncidentDetail } from "./index";
import type { Tenant } from "@/lib/db/generated/client";

import { SETTABLE_STATUSES, type Incident, type IncidentChange, type SettableStatus } from "./model";
import { incidentSource } from "./sources";
import { saveIncidents, storedIncident } from "./store";
import { UpstreamError } from "./upstream";

export type TriagePermission = { allowed: true; statuses: readonly SettableStatus[] } | { allowed: false; reason: string; writeAccessMissing: boolean };

/** The statuses an analyst can set through the configured incident API. */
export function settableStatuses(): readonly SettableStatus[] {
  return SETTABLE_STATUSES[getConfig().incidentApi];
}

/** Whether the portal may change this tenant's incidents, and if not, why, in words for the page. */
export function triagePermission(tenant: Pick<Tenant, "status" | "grantedRoles">): TriagePermission {
  const api = getConfig().incidentApi;
  if (tenant.status !== "consented") return { allowed: false, reason: "The portal has no working consent for this tenant.", writeAccessMissing: false };
  if (!canWriteIncidents(api, tenant.grantedRoles)) {
    return { allowed: false, reason: `Changing incidents needs the ${WRITE_ROLES[api]} permission, which this customer has not granted. Reading keeps working.`, writeAccessMissing: true };
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
  | { outcome: "refused"; message: string }
  | { outcome: "failed"; message: string };

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
export async function triageIncident(actor: string, tenantId: string, incidentId: string, change: IncidentChange, seen: Seen, { check, overwrite = false }: WriteCheck): Promise<TriageResult> {
  let before: Incident | null = null;
  const result = await attempt();
  await recordAuditEvent({
    actor,
    action: "incident.changed",
    target: tenantId,
    details: {
      incidentId,
      result: result.outcome,
      before: before && fieldsOf(before),
      after: auditable(change),
      ...("message" in result && { reason: result.message.slice(0, 300) }),
    },
  });
  return result;

  async function attempt(): Promise<TriageResult> {
    const tenant = await db().tenant.findUnique({ where: { id: tenantId } });
    if (!tenant) return { outcome: "refused", message: "This tenant is no longer registered." };
    const permission = triagePermission(tenant);
    if (!permission.allowed) return { outcome: "refused", message: permission.reason };
    try {
      before = (check === "store" && (await storedIncident(tenantId, incidentId))) || (await incidentSource().get(tenantId, incidentId));
      if (before.status === "redirected") return { outcome: "refused", message: "This incident was merged into another one; Microsoft keeps it read-only." };
      if (!overwrite && changedSince(before, seen)) return { outcome: "conflict", current: before };
      const incident = await incidentSource().update(tenantId, incidentId, change);
      if (incident) await saveIncidents([incident]);
      return { outcome: "done", incident };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      const refused = ["read_only", "rejected", "not_found", "lost"].includes(error.problem.kind);
      return { outcome: refused ? "refused" : "failed", message: error.problem.message };
    } finally {
      forgetIncidentDetail(tenantId, incidentId);
    }
  }
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

function fieldsOf(incident: Incident) {
  const { assignedTo, status, classification, determination, tags } = incident;
  return { assignedTo: assignedTo?.slice(0, 200) ?? null, status, classification, determination, tags: tags.slice(0, 20).map((tag) => tag.slice(0, 80)) };
}

export interface BulkItem {
  tenantId: string;
  incidentId: string;
  seen: Seen;
}

// Tenants written to at once, and incidents at once within one tenant (its own rate limit).
const BULK_TENANTS = 64;
const BULK_PER_TENANT = 4;

/** One change applied to incidents across tenants, each on its own: a failing tenant never stops the others. */
export async function triageIncidents(actor: string, items: BulkItem[], change: IncidentChange): Promise<(BulkItem & { result: TriageResult })[]> {
  const byTenant = new Map<string, BulkItem[]>();
  for (const item of items) byTenant.set(item.tenantId, [...(byTenant.get(item.tenantId) ?? []), item]);
  const results: (BulkItem & { result: TriageResult })[] = [];
  for await (const done of inParallel([...byTenant.values()], BULK_TENANTS, async (tenantItems) => {
    const tenantResults: (BulkItem & { result: TriageResult })[] = [];
    for await (const result of inParallel(tenantItems, BULK_PER_TENANT, async (item) => ({ ...item, result: await triageSafely(actor, item, change) }))) {
      tenantResults.push(result);
    }
    return tenantResults;
  })) {
    results.push(...done);
  }
  return results;
}

async function triageSafely(actor: string, item: BulkItem, change: IncidentChange): Promise<TriageResult> {
  try {
    return await triageIncident(actor, item.tenantId, item.incidentId, change, item.seen, { check: "store" });
  } catch (error) {
    console.error(`Changing incident ${item.incidentId} of tenant ${item.tenantId} failed:`, error instanceof Error ? error.message : error);
    return { outcome: "failed", message: "The portal could not change this incident." };
  }
}
