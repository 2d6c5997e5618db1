import { startAlertDelivery } from "@/lib/alerts/delivery-jobs";
import { ConfigError, getConfig, unfamiliarMicrosoftHosts } from "@/lib/config";
import { resumeConsentProofs } from "@/lib/consent/proof";
import { startIncidentSync } from "@/lib/incidents/sync-jobs";

// A bad variable stops start-up with a message naming it, not a stack trace.
try {
  getConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

for (const warning of unfamiliarMicrosoftHosts(getConfig())) console.warn(`Warning: ${warning}`);

// Consent reports whose proof was cut short by a restart are proven again.
resumeConsentProofs().catch((error: unknown) => {
  console.error("Could not resume consent proofs:", error instanceof Error ? error.message : error);
});

// Each instance takes its share of the incident sync; the job queue decides who syncs which tenant.
startIncidentSync().catch((error: unknown) => {
  console.error("Could not start the incident sync:", error instanceof Error ? error.message : error);
});

// Alerts raised by any instance are delivered by one of them, retried until the target answers.
startAlertDelivery().catch((error: unknown) => {
  console.error("Could not start alert delivery:", error instanceof Error ? error.message : error);
});
