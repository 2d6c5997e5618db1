import "server-only";

import { db, type DatabaseClient } from "@/lib/db";
import type { AlertTrigger, IncidentSeverity } from "@/lib/db/generated/client";

export interface AlertEventInput {
  /** Unique per happening: a second instance noticing the same one raises nothing. */
  key: string;
  trigger: AlertTrigger;
  tenantId: string;
  /** For incidents: rules asking for a minimum severity match on it. */
  severity?: IncidentSeverity;
  details: Record<string, string | null>;
}

/**
 * Records an event once and, in the same statement, one pending delivery per target of every rule
 * it matches: the trigger, the severity (the enum lists the most severe first) and the tenant, as
 * the rule names tenants (all, only these groups and tenants, or all but these). Returns how many
 * deliveries it queued; 0 when the event was raised before.
 */
export async function raiseAlert(event: AlertEventInput, client: DatabaseClient = db()): Promise<number> {
  const severity = event.severity ?? null;
  return client.$executeRaw`
    WITH event AS (
      INSERT INTO alert_event (key, trigger, "tenantId", details)
      VALUES (${event.key}, ${event.trigger}::alert_trigger, ${event.tenantId}::uuid, ${JSON.stringify(event.details)}::jsonb)
      ON CONFLICT (key) DO NOTHING RETURNING id
    )
    INSERT INTO alert_delivery ("eventId", "ruleId", "targetId")
    SELECT e.id, r.id, target FROM event e
    JOIN alert_rule r ON r.trigger = ${event.trigger}::alert_trigger
      AND (r."minSeverity" IS NULL OR ${severity}::incident_severity <= r."minSeverity")
      AND (r.tenants = 'all' OR (r.tenants = 'only') = (${event.tenantId}::uuid = ANY (r."tenantIds")
        OR EXISTS (SELECT 1 FROM tenant_group_member m WHERE m."tenantId" = ${event.tenantId}::uuid AND m."groupId" = ANY (r."groupIds"))))
    CROSS JOIN unnest(r."targetIds") AS target
    WHERE EXISTS (SELECT 1 FROM alert_target t WHERE t.id = target)
    ON CONFLICT DO NOTHING`;
}
