import { ConfigError, getConfig } from "@/lib/config";
import { resumeConsentProofs } from "@/lib/consent/proof";

// A bad variable stops start-up with a message naming it, not a stack trace.
try {
  getConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// Consent reports whose proof was cut short by a restart are proven again.
resumeConsentProofs().catch((error: unknown) => {
  console.error("Could not resume consent proofs:", error instanceof Error ? error.message : error);
});
