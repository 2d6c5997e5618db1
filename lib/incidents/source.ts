import type { IncidentApi } from "@/lib/config";

import type { Incident, IncidentChange, IncidentDetail } from "./model";
import { getJson, UpstreamError, upstreamProblem } from "./upstream";

type Json = Record<string, unknown>;

/** Incidents last updated at or after `from` and before `to`; without `to`, up to now. */
export interface UpdateWindow {
  from: Date;
  to: Date | null;
}

/** One customer's incidents from one of Microsoft's incident APIs, in the portal's incident model. */
export interface IncidentSource {
  /** The incidents of a window, page by page, as the API pages them. Throws WindowTooLarge or an UpstreamError. */
  updated(tenantId: string, window: UpdateWindow): AsyncGenerator<Incident[]>;
  /** One incident with its alerts, evidence and devices. Throws an UpstreamError `not_found`. */
  get(tenantId: string, incidentId: string): Promise<IncidentDetail>;
  /** Writes a change to Microsoft; the incident as it answered, or null when only a comment was added. Throws an UpstreamError. */
  update(tenantId: string, incidentId: string, change: IncidentChange): Promise<Incident | null>;
}

/** The window holds more incidents than the API lets a client page through: read it in smaller windows. */
export class WindowTooLarge extends Error {
  constructor(readonly count: number) {
    super(`${count} incidents in one window`);
    this.name = "WindowTooLarge";
  }
}

/** Incident ids are numbers in both APIs; anything else never reaches a URL. */
export const INCIDENT_ID = /^\d{1,19}$/;

/** `lastUpdateDateTime ge … and lastUpdateDateTime lt …` for an API's name of that property. */
export function windowFilter(property: string, { from, to }: UpdateWindow): string {
  const start = `${property} ge ${from.toISOString()}`;
  return to ? `${start} and ${property} lt ${to.toISOString()}` : start;
}

/**
 * Reads a list page by page. The next page is the API's nextLink, followed only back to `base` (the
 * request carries the tenant's token, which must never be sent anywhere else), or else what
 * `fallback` makes of the page just read. `check` sees the first page's body before anything is yielded.
 */
export async function* readPages(
  tenantId: string,
  api: IncidentApi,
  {
    base,
    first,
    toIncident,
    headers,
    check = () => {},
    fallback = () => null,
  }: {
    base: string;
    first: string;
    toIncident: (item: Json) => Incident;
    headers?: Record<string, string>;
    check?: (firstPage: Json) => void;
    fallback?: (items: Json[], read: number) => string | null;
  },
): AsyncGenerator<Incident[]> {
  let next: string | null = first;
  let read = 0;
  while (next) {
    const page = (await getJson(tenantId, api, next, headers)) as Json;
    if (read === 0) check(page);
    const items = Array.isArray(page.value) ? (page.value as Json[]) : [];
    read += items.length;
    yield items.map(toIncident);
    const link = page["@odata.nextLink"];
    if (link !== undefined && link !== null && (typeof link !== "string" || !link.startsWith(`${base}/`))) {
      throw new UpstreamError(upstreamProblem("failed", { key: "foreignNextLink" }));
    }
    next = typeof link === "string" ? link : fallback(items, read);
  }
}
