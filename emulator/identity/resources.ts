import { hasDefender, type ApiResource, type Tenant } from "../world/world";
import { GRAPH_APP_ID } from "./scopes";

/** The Microsoft Threat Protection API (Microsoft 365 Defender), as registered in every tenant that has Defender. */
export const DEFENDER_APP_ID = "8ee8fdad-f234-4243-8f3b-15c294843740";

/** The APIs the emulator serves: their application ID URI (the `aud` of app tokens) and their appId. */
export const API_IDENTIFIERS: Record<ApiResource, { uri: string; appId: string }> = {
  graph: { uri: "https://graph.microsoft.com", appId: GRAPH_APP_ID },
  defender: { uri: "https://api.security.microsoft.com", appId: DEFENDER_APP_ID },
};

/** A resource named in a scope (application ID URI or appId), or undefined when the emulator serves no such API. */
export function apiResourceOf(identifier: string): { resource: ApiResource; requestedAs: string } | undefined {
  // Entra accepts a trailing slash on the URI (https://graph.microsoft.com//.default is common).
  const wanted = identifier.replace(/\/+$/, "").toLowerCase();
  for (const [resource, ids] of Object.entries(API_IDENTIFIERS) as [ApiResource, { uri: string; appId: string }][]) {
    if (wanted === ids.uri) return { resource, requestedAs: ids.uri };
    if (wanted === ids.appId) return { resource, requestedAs: ids.appId };
  }
  return undefined;
}

/**
 * Whether the API's service principal exists in the tenant, so Entra can issue tokens for it: Graph's
 * is in every tenant; Microsoft Threat Protection's only where the tenant has Microsoft Defender XDR.
 */
export function isProvisionedIn(tenant: Tenant, resource: ApiResource): boolean {
  return resource === "graph" || hasDefender(tenant);
}
