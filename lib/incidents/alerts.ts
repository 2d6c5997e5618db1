import "server-only";

import { raiseAlerts } from "@/lib/alerts/events";
import { db } from "@/lib/db";

import type { NewIncident } from "./store";

/** A "new incident" event for each, in one statement: rules on new incidents of its tenant and severity alert on it, once. */
export async function raiseNewIncidentAlerts(incidents: NewIncident[]): Promise<void> {
  if (incidents.length === 0) return;
  const tenants = await db().tenant.findMany({ where: { id: { in: [...new Set(incidents.map((incident) => incident.tenantId))] } }, select: { id: true, displayName: true } });
  const names = new Map(tenants.map((tenant) => [tenant.id, tenant.displayName]));
  await raiseAlerts(
    incidents.map((incident) => ({
      key: `newIncident:${incident.tenantId}:${incident.id}`,
      trigger: "newIncident" as const,
      tenantId: incident.tenantId,
      severity: incident.severity,
      details: { tenant: names.get(incident.tenantId) ?? null, incidentId: incident.id, title: incident.title, severity: incident.severity },
    })),
  );
}
