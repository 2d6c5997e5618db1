import type { IncidentApi } from "@/lib/config";

import type { Incident, IncidentDetail } from "./model";
import { getJson } from "./upstream";

type Json = Record<string, unknown>;

export interface IncidentPage {
  incidents: Incident[];
  /** True when the tenant has more incidents in the range than the portal reads at once. */
  truncated: boolean;
}

/** One customer's incidents from one of Microsoft's incident APIs, in the portal's incident model. */
export interface IncidentSource {
  /** Every incident last updated at or after `since`, following the API's paging. */
  list(tenantId: string, since: Date): Promise<IncidentPage>;
  /** One incident with its alerts, evidence and devices. Throws an UpstreamError `not_found`. */
  get(tenantId: string, incidentId: string): Promise<IncidentDetail>;
}

/** The most incidents read per tenant and range: 40 Graph pages, 20 Defender pages. */
export const MAX_INCIDENTS_PER_TENANT = 2_000;

/** Incident ids are numbers in both APIs; anything else never reaches a URL. */
export const INCIDENT_ID = /^\d{1,19}$/;

/**
 * Reads a tenant's incident list page by page, up to MAX_INCIDENTS_PER_TENANT. The next page is the
 * API's nextLink, followed only back to `base` (the request carries the tenant's token, which must
 * never be sent anywhere else), or else what `fallback` makes of the page just read.
 */
export async function readPages(
  tenantId: string,
  api: IncidentApi,
  { base, first, toIncident, fallback = () => null }: {
    base: string;
    first: string;
    toIncident: (item: Json) => Incident;
    fallback?: (items: Json[], read: number) => string | null;
  },
): Promise<IncidentPage> {
  const incidents: Incident[] = [];
  let next: string | null = first;
  while (next && incidents.length < MAX_INCIDENTS_PER_TENANT) {
    const page = (await getJson(tenantId, api, next)) as { value?: Json[]; "@odata.nextLink"?: unknown };
    const items = page.value ?? [];
    incidents.push(...items.map(toIncident));
    const link = page["@odata.nextLink"];
    next = typeof link === "string" && link.startsWith(`${base}/`) ? link : fallback(items, incidents.length);
  }
  return { incidents: incidents.slice(0, MAX_INCIDENTS_PER_TENANT), truncated: next !== null };
}
