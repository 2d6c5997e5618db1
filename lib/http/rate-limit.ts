import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";

import { db } from "@/lib/db";
import { processState } from "@/lib/process-state";

// A customer's admin comes back from a consent once or twice; 30 a minute from one address is a
// flood (each callback writes a row), refused before it writes anything.
const CONSENT_CALLBACKS_PER_MINUTE = 30;

// The counters live in the database: every instance of the portal counts against the same limit.
function consentCallbackLimiter(): RateLimiterPrisma {
  return processState(
    "consent-callback-limiter",
    () => new RateLimiterPrisma({ storeClient: db(), tableName: "rateLimit", keyPrefix: "consent-callback", points: CONSENT_CALLBACKS_PER_MINUTE, duration: 60 }),
  );
}

/** Counts a consent callback from this address: 0 when it may go on, else the seconds until it may. */
export async function consentCallbackWait(address: string): Promise<number> {
  try {
    await consentCallbackLimiter().consume(address);
    return 0;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    throw refusal;
  }
}
