import { timingSafeEqual } from "node:crypto";

import { getConfig } from "@/lib/config";
import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/** Prometheus's text format for a scraper holding METRICS_TOKEN; 404 while no token is configured. */
export async function GET(request: Request) {
  const token = getConfig().metricsToken;
  if (!token) return new Response("Not found\n", { status: 404 });
  if (!sameSecret(request.headers.get("authorization") ?? "", `Bearer ${token}`)) {
    return new Response("Unauthorized\n", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  }
  return new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
