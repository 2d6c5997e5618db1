import "server-only";

import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";

import type { UpstreamProblem } from "./upstream";

/** How current a tenant's stored incidents are, in terms a page can show next to the tenant. */
export interface TenantSyncStatus {
  tenantId: string;
  name: string;
  /** waiting: never read yet; backfilling: the first read of the range is under way. */
  state: "waiting" | "backfilling" | "synced" | "problem";
  /** The stored incidents are as Microsoft showed them at this moment (ms); null before the first sync. */
  syncedAt: number | null;
  /** Share of the retention range read so far, while backfilling. */
  progress: number | null;
  problem: Pick<UpstreamProblem, "kind" | "message"> | null;
  nextAttemptAt: number | null;
}

/** The sync state of these tenants, in the order given. */
export async function tenantSyncStatuses(tenants: { id: string; displayName: string; status: string; lastError: string | null }[]): Promise<TenantSyncStatus[]> {
  const rows = await db().tenantSync.findMany({ where: { tenantId: { in: tenants.map((tenant) => tenant.id) }, api: getConfig().incidentApi } });
  const byTenant = new Map(rows.map((row) => [row.tenantId, row]));
  const range = getConfig().incidentRetentionDays * 24 * 60 * 60 * 1000;
  return tenants.map(({ id, displayName, status, lastError }) => {
    const row = byTenant.get(id);
    const base = { tenantId: id, name: displayName, syncedAt: row?.lastSuccessAt?.getTime() ?? null, nextAttemptAt: row?.nextAttemptAt.getTime() ?? null };
    // However it was found out (a sync, a proof, "Verify now"), lost consent stops the sync.
    if (status === "lost") return { ...base, state: "problem", progress: null, problem: { kind: "lost", message: lastError ?? "The customer removed the portal's access." } };
    if (row?.problem) {
      return { ...base, state: "problem", progress: null, problem: { kind: row.problem as UpstreamProblem["kind"], message: row.lastError ?? "" } };
    }
    if (!row?.cursor) return { ...base, state: "waiting", progress: null, problem: null };
    if (!row.lastSuccessAt) {
      const progress = Math.min(1, Math.max(0, 1 - (Date.now() - row.cursor.getTime()) / range));
      return { ...base, state: "backfilling", progress, problem: null };
    }
    return { ...base, state: "synced", progress: null, problem: null };
  });
}
