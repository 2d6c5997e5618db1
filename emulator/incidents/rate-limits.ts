/** One published limit: at most `requests` calls in any window of `windowMs`. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/**
 * Sliding-window throttling per key (tenant and app). Refused calls are not counted, so
 * Retry-After is exactly the time until the oldest counted call leaves the window.
 */
export class SlidingWindowLimiter {
  private readonly calls = new Map<string, number[]>();
  private readonly longestWindowMs: number;

  constructor(private readonly limits: readonly RateLimit[]) {
    this.longestWindowMs = Math.max(...limits.map((limit) => limit.windowMs));
  }

  /** Counts the call and returns undefined, or returns the seconds to wait when a limit is reached. */
  admit(key: string, nowMs: number): number | undefined {
    const calls = (this.calls.get(key) ?? []).filter((at) => at > nowMs - this.longestWindowMs);
    let waitMs = 0;
    for (const limit of this.limits) {
      const inWindow = calls.filter((at) => at > nowMs - limit.windowMs);
      if (inWindow.length >= limit.requests) {
        waitMs = Math.max(waitMs, inWindow[inWindow.length - limit.requests] + limit.windowMs - nowMs);
      }
    }
    if (waitMs > 0) {
      this.calls.set(key, calls);
      return Math.max(1, Math.ceil(waitMs / 1000));
    }
    calls.push(nowMs);
    this.calls.set(key, calls);
    return undefined;
  }
}
