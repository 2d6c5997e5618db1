import "server-only";

import { db, type DatabaseClient } from "@/lib/db";
import type { AlertTrigger, IncidentSeverity } from "@/lib/db/generated/client";
import { processState } from "@/lib/process-state";

/** The triggers about one incident: their rules may ask for a minimum severity, their alerts carry the incident. */
export const INCIDENT_TRIGGERS: readonly AlertTrigger[] = ["newIncident", "incidentReopened"];

export interface AlertEventInput {
  /** Unique per happening: a second instance noticing the same one raises nothing. */
  key: string;
  trigger: AlertTrigger;
  tenantId: string;
  /** For incidents: rules asking for a minimum severity match on it. */
  severity?: IncidentSeverity;
  /** For "sync failing": the rules of this length (minutes without a sync) alert on it. */
  afterMinutes?: number;
  details: Record<string, string | null>;
}

/**
 * Records events once each and, in the same statement, one pending delivery per target of every
 * rule they match: the trigger, the severity (the enum lists the most severe first), the minutes
 * of a "sync failing" rule, and the tenant as the rule names tenants (all, only these groups and
 * tenants, or all but these). An event no rule listens for is not recorded. Returns how many
 * deliveries were queued (0 for events raised before), and tells this process's dispatcher.
 */
export async function raiseAlerts(events: AlertEventInput[], client: DatabaseClient = db()): Promise<number> {
  if (events.length === 0) return 0;
  const rows = JSON.stringify(events.map((event) => ({ ...event, severity: event.severity ?? null, afterMinutes: event.afterMinutes ?? null })));
  const queued = await client.$executeRaw`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS e(key text, trigger alert_trigger, "tenantId" uuid, severity incident_severity, "afterMinutes" int, details jsonb)
    ), event AS (
      INSERT INTO alert_event (key, trigger, "tenantId", details)
      SELECT key, trigger, "tenantId", details FROM input i WHERE EXISTS (SELECT 1 FROM alert_rule r WHERE r.trigger = i.trigger)
      ON CONFLICT (key) DO NOTHING RETURNING id, key
    )
    INSERT INTO alert_delivery ("eventId", "ruleId", "targetId")
    SELECT e.id, r.id, target FROM event e JOIN input i USING (key)
    JOIN alert_rule r ON r.trigger = i.trigger
      AND (r."minSeverity" IS NULL OR i.severity <= r."minSeverity") AND r."afterMinutes" IS NOT DISTINCT FROM i."afterMinutes"
      AND (r.tenants = 'all' OR (r.tenants = 'only') = (i."tenantId" = ANY (r."tenantIds")
        OR EXISTS (SELECT 1 FROM tenant_group_member m WHERE m."tenantId" = i."tenantId" AND m."groupId" = ANY (r."groupIds"))))
    CROSS JOIN unnest(r."targetIds") AS target
    WHERE EXISTS (SELECT 1 FROM alert_target t WHERE t.id = target)
    ON CONFLICT DO NOTHING`;
  if (queued > 0) deliveriesQueued().dispatchEvent(new Event("queued"));
  return queued;
}

/** Fires "queued" when this process queued deliveries: its dispatcher looks at once instead of at its next tick. */
export function deliveriesQueued(): EventTarget {
  return processState("alerts.deliveriesQueued", () => new EventTarget());
}

/** Forgets events older than the incidents kept, with their deliveries. */
export async function purgeAlertEvents(retentionDays: number): Promise<void> {
  await db().alertEvent.deleteMany({ where: { at: { lt: new Date(Date.now() - retentionDays * 24 * 60 * 60 * 1000) } } });
}
