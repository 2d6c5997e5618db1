import type { Incident, IncidentDetail } from "./model";

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
 * Only follows a nextLink back to the API it came from: the request carries the tenant's token,
 * which must never be sent anywhere else.
 */
export function sameApi(link: unknown, base: string): string | null {
  return typeof link === "string" && link.startsWith(`${base}/`) ? link : null;
}
