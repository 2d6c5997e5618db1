import { startAlertDelivery } from "@/lib/alerts/delivery-jobs";
import { ConfigError, getConfig, unfamiliarMicrosoftHosts } from "@/lib/config";
import { resumeConsentProofs } from "@/lib/consent/proof";
import { connection } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { startIncidentSync } from "@/lib/incidents/sync-jobs";
import { log, reason } from "@/lib/log";
import { stopOnShutdown } from "@/lib/shutdown";

// A bad variable stops start-up with a message naming it, not a stack trace.
try {
  getConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  log.fatal(error.message);
  process.exit(1);
}

for (const warning of unfamiliarMicrosoftHosts(getConfig())) log.warn(warning);

// Every instance brings the database up to its own migrations before it serves (Next.js awaits this
// module first). On PostgreSQL the engine holds an advisory lock for the session, so instances
// starting together apply each migration once; it migrates through a connection of its own, closed
// afterwards, since a pooled one would keep the lock and hold every other instance at start.
try {
  const { database } = getConfig();
  const applied = await applyMigrations(database.kind === "postgres" ? database : connection().factory);
  if (applied.length > 0) log.info({ applied }, "Applied database migrations");
} catch (error) {
  log.fatal({ err: reason(error) }, "Could not apply the database migrations");
  process.exit(1);
}

// Consent reports whose proof was cut short by a restart are proven again.
resumeConsentProofs().catch((error: unknown) => log.error({ err: reason(error) }, "Could not resume consent proofs"));

// Each instance takes its share of the incident sync; the job queue decides who syncs which tenant.
startIncidentSync().catch((error: unknown) => log.error({ err: reason(error) }, "Could not start the incident sync"));

// Alerts raised by any instance are delivered by one of them, retried until the target answers.
startAlertDelivery().catch((error: unknown) => log.error({ err: reason(error) }, "Could not start alert delivery"));

stopOnShutdown();
