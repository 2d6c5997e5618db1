import "server-only";

import { raiseAlerts } from "@/lib/alerts/events";
import { db } from "@/lib/db";

import type { IncidentChange } from "./store";

/**
 * An event for each incident new to the store or open again after it was resolved, in one
 * statement: rules on such incidents of its tenant and severity alert on it, once. A reopening is
 * one event per time Microsoft shows it reopened (its last update), however many syncs read it.
 */
export async function raiseIncidentAlerts(changes: IncidentChange[]): Promise<void> {
  if (changes.length === 0) return;
  const tenants = await db().tenant.findMany({ where: { id: { in: [...new Set(changes.map((change) => change.tenantId))] } }, select: { id: true, displayName: true } });
  const names = new Map(tenants.map((tenant) => [tenant.id, tenant.displayName]));
  await raiseAlerts(
    changes.map((incident) => ({
      key:
        incident.change === "new"
          ? `newIncident:${incident.tenantId}:${incident.id}`
          : `incidentReopened:${incident.tenantId}:${incident.id}:${incident.lastUpdatedAt.toISOString()}`,
      trigger: incident.change === "new" ? ("newIncident" as const) : ("incidentReopened" as const),
      tenantId: incident.tenantId,
      severity: incident.severity,
      details: { tenant: names.get(incident.tenantId) ?? null, incidentId: incident.id, title: incident.title, severity: incident.severity },
    })),
  );
}

/**
 * A "sync failing" event for each consented tenant whose last sync failed and whose incidents were
 * last read longer ago than a rule's minutes (or, never read, consented that long ago): one per
 * outage and rule length. Instances look every second; an outage already raised is left out.
 */
export async function raiseSyncFailingAlerts(): Promise<void> {
  const failing = await db().$queryRaw<{ key: string; tenantId: string; name: string; since: Date; minutes: number; lastError: string | null }[]>`
    SELECT * FROM (
      SELECT 'syncFailing:' || s."tenantId" || ':' || to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || ':' || r.minutes AS key,
        s."tenantId"::text, t."displayName" AS name, since, r.minutes, s."lastError"
      FROM (SELECT DISTINCT "afterMinutes" AS minutes FROM alert_rule WHERE trigger = 'syncFailing') r
      JOIN tenant_sync s ON s.problem IS NOT NULL
      JOIN tenant t ON t.id = s."tenantId" AND t.status = 'consented'
      CROSS JOIN LATERAL (SELECT coalesce(s."lastSuccessAt", t."consentedAt") AS since) o
      WHERE since < now() - make_interval(mins => r.minutes)
    ) outage
    WHERE NOT EXISTS (SELECT 1 FROM alert_event e WHERE e.key = outage.key)`;
  await raiseAlerts(
    failing.map((tenant) => ({
      key: tenant.key,
      trigger: "syncFailing" as const,
      tenantId: tenant.tenantId,
      afterMinutes: tenant.minutes,
      details: { tenant: tenant.name, reason: tenant.lastError, since: tenant.since.toISOString(), minutes: String(tenant.minutes) },
    })),
  );
}
