import "server-only";

import { stopAlertDelivery } from "@/lib/alerts/delivery-jobs";
import { closeDatabase } from "@/lib/db";
import { stopIncidentSync } from "@/lib/incidents/sync-jobs";

/**
 * Stops this instance's background work: syncs in hand save their cursor and hand their tenant
 * back (due at once, for any instance), deliveries under way finish, the job engine stops. A
 * consent proof cut short leaves its tenant "verifying", proven again by the next instance to start.
 */
export async function stopBackgroundWork(): Promise<void> {
  await Promise.all([stopIncidentSync(), stopAlertDelivery()]);
}

/**
 * Gives the production server (scripts/server.mjs) what to run on SIGTERM once it stopped taking
 * connections: the background work stops while the requests under way finish, then the database
 * closes.
 */
export function stopOnShutdown(): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("partner-portal.shutdown")] = async (requestsDone: Promise<void>) => {
    await Promise.all([stopBackgroundWork(), requestsDone]);
    await closeDatabase();
  };
}
