// The live-read design the store replaced, as measured before its code was removed: quoted, not
// re-measured. Sources: BENCHMARKS.md of commit 600fccc (`npm run bench` on 2026-11-27, AMD EPYC,
// 2 cores, emulator at 150 ms, PGlite) and issue 10's own measurement of a 3,000-incident tenant.
export const LIVE_READS = {
  measuredOn: "2026-11-27",
  source: "`git show 600fccc:BENCHMARKS.md`",
  machine: "AMD EPYC, 2 cores",
  /** The all-tenants queue (NDJSON, 20 incidents per tenant), complete. */
  queue: { 200: { coldMs: 863, warmMs: 38 }, 1000: { coldMs: 2817, warmMs: 269, refreshedMs: 1225 } },
  tenantPage: { coldMs: 323, warmMs: 12 },
  memory: { idleMiB: 421, afterQueueMiB: 587, perTenantKiB: 169.6 },
  /** Incidents read per tenant and view before the answer was truncated. */
  cap: 2000,
  /** Issue 10: one 3,000-incident tenant at 150 ms per call. */
  largeTenant: { incidents: 3000, page180dColdS: 6.2, page30dColdS: "1.7–2.0", queueS: 6.4, tenantPageAfterQueueS: 6.3 },
};
