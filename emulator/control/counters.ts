/** The endpoints whose requests are counted. */
export type CountedEndpoint = "token" | "graph" | "defender" | "authorize" | "discovery";

/** Requests that named no known tenant (a bad token, an unknown tenant, instance discovery) count under this key. */
const UNKNOWN_TENANT = "unknown";

export interface CounterSnapshot {
  total: number;
  byEndpoint: Partial<Record<CountedEndpoint, Record<string, number>>>;
}

/** Requests per endpoint and tenant, refused and faulted ones included, for benchmarks and tests. */
export class RequestCounters {
  private counts = new Map<CountedEndpoint, Map<string, number>>();

  count(endpoint: CountedEndpoint, tenantId: string | undefined): void {
    const byTenant = this.counts.get(endpoint) ?? new Map<string, number>();
    const key = tenantId ?? UNKNOWN_TENANT;
    byTenant.set(key, (byTenant.get(key) ?? 0) + 1);
    this.counts.set(endpoint, byTenant);
  }

  snapshot(): CounterSnapshot {
    let total = 0;
    const byEndpoint: CounterSnapshot["byEndpoint"] = {};
    for (const [endpoint, byTenant] of this.counts) {
      byEndpoint[endpoint] = Object.fromEntries(byTenant);
      for (const count of byTenant.values()) total += count;
    }
    return { total, byEndpoint };
  }

  reset(): void {
    this.counts = new Map();
  }
}
