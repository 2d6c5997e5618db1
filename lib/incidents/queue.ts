import "server-only";

import { tenantIncidents, type TenantIncidents } from "./index";
import type { TimeRange } from "./model";

// Tenants read at once for the all-tenants queue: a partner's first couple of hundred customers in
// one round trip (see BENCHMARKS.md). Each tenant has its own Microsoft rate limit, so the bound
// protects this server's sockets and memory, not Microsoft.
export const QUEUE_CONCURRENCY = 256;

/** Every tenant's incidents, yielded as each tenant answers: the slowest tenant holds back nobody. */
export async function* incidentsAcrossTenants(
  tenantIds: string[],
  range: TimeRange,
  options: { refresh?: boolean; concurrency?: number } = {},
): AsyncGenerator<TenantIncidents> {
  const waiting = [...tenantIds];
  const done: TenantIncidents[] = [];
  let wake: (() => void) | undefined;
  let running = 0;
  const start = () => {
    while (running < (options.concurrency ?? QUEUE_CONCURRENCY) && waiting.length > 0) {
      const tenantId = waiting.shift()!;
      running++;
      void tenantIncidents(tenantId, range, { refresh: options.refresh }).then((result) => {
        running--;
        done.push(result);
        start();
        wake?.();
      });
    }
  };
  start();
  for (let remaining = tenantIds.length; remaining > 0; remaining--) {
    while (done.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    yield done.shift()!;
  }
}
