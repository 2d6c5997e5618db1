import "server-only";

import { inParallel } from "@/lib/parallel";

import { tenantIncidents, type TenantIncidents } from "./index";
import type { TimeRange } from "./model";

// Tenants read at once for the all-tenants queue: a partner's first couple of hundred customers in
// one round trip (see BENCHMARKS.md). Each tenant has its own Microsoft rate limit, so the bound
// protects this server's sockets and memory, not Microsoft.
export const QUEUE_CONCURRENCY = 256;

/** Every tenant's incidents, yielded as each tenant answers: the slowest tenant holds back nobody. */
export function incidentsAcrossTenants(tenantIds: string[], range: TimeRange, options: { refresh?: boolean } = {}): AsyncGenerator<TenantIncidents> {
  return inParallel(tenantIds, QUEUE_CONCURRENCY, (tenantId) => tenantIncidents(tenantId, range, options));
}
