import { z } from "zod";

/** The endpoints a tenant's faults can target. */
const FAULT_ENDPOINTS = ["token", "graph", "defender"] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

export const tenantFaultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  errorStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  forceStatus: z.union([z.literal(401), z.literal(403), z.literal(429), z.literal(500), z.literal(503)]).optional(),
  hang: z.boolean().optional(),
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  endpoints: z.array(z.enum(FAULT_ENDPOINTS)).min(1).optional(),
});

/** Faults injected into one tenant's token and incident API calls (see the README's control API). */
export type TenantFaults = z.infer<typeof tenantFaultsSchema>;

/** How a faulted request is answered: a status in the endpoint's own error shape, or never. */
export type Disruption = { kind: "status"; status: 401 | 403 | 429 | 500 | 502 | 503 | 504; retryAfterSeconds: number } | { kind: "hang" };

// A forced 429 without retryAfterSeconds still names a wait, as every throttled Microsoft answer does.
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** What the faults do to one request; undefined when it is served normally (after any latency). */
export function disruptionFor(faults: TenantFaults, random: () => number): Disruption | undefined {
  const retryAfterSeconds = faults.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  if (faults.hang) return { kind: "hang" };
  if (faults.forceStatus !== undefined) return { kind: "status", status: faults.forceStatus, retryAfterSeconds };
  if (faults.errorRate !== undefined && random() < faults.errorRate) return { kind: "status", status: faults.errorStatus ?? 503, retryAfterSeconds };
  return undefined;
}

export function appliesTo(faults: TenantFaults, endpoint: FaultEndpoint): boolean {
  return !faults.endpoints || faults.endpoints.includes(endpoint);
}
