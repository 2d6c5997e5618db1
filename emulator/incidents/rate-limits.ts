/** One published limit: at most `requests` calls in any window of `windowMs`. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Whose calls an API's limits count together. */
type ThrottleScope = "app" | "tenantAndApp";

/**
 * Sliding-window throttling. Refused calls are not counted, so Retry-After is exactly the time
 * until the oldest counted call leaves the window. Calls are kept in clock order and counted by
 * binary search.
 */
export class SlidingWindowLimiter {
  private readonly calls = new Map<string, number[]>();
  private readonly longestWindowMs: number;

  constructor(
    private readonly limits: readonly RateLimit[],
    private readonly scope: ThrottleScope,
  ) {
    this.longestWindowMs = Math.max(...limits.map((limit) => limit.windowMs));
  }

  /** Counts the call and returns undefined, or returns the seconds to wait when a limit is reached. */
  admit(tenantId: string, appId: string, nowMs: number): number | undefined {
    const key = this.scope === "app" ? appId.toLowerCase() : `${tenantId}/${appId.toLowerCase()}`;
    const calls = this.calls.get(key) ?? [];
    this.calls.set(key, calls);
    // Expired calls are dropped in batches, so admitting stays cheap with 130,000 calls in a window.
    const expired = firstAfter(calls, nowMs - this.longestWindowMs);
    if (expired > calls.length / 2) calls.splice(0, expired);
    let waitMs = 0;
    for (const limit of this.limits) {
      const inWindow = calls.length - firstAfter(calls, nowMs - limit.windowMs);
      if (inWindow >= limit.requests) waitMs = Math.max(waitMs, calls[calls.length - limit.requests] + limit.windowMs - nowMs);
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    calls.push(nowMs);
    return undefined;
  }
}

// The index of the first call later than `moment` (calls ascend).
function firstAfter(calls: readonly number[], moment: number): number {
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (calls[middle] > moment) high = middle;
    else low = middle + 1;
  }
  return low;
}
