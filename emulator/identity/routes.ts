import type { Exchange, Route } from "../http";
import { authorize } from "./authorize";
import { openIdConfiguration, signingKeys } from "./discovery";
import { instanceDiscovery } from "./instance-discovery";
import { logout } from "./logout";
import type { IdentityServices } from "./services";
import { token } from "./token";

// Entra's endpoints live at the root of the authority host: /{tenant}/..., where {tenant} is a
// tenant GUID or one of its verified domains.
const TENANT = "([^/]+)";

export function identityRoutes(services: IdentityServices): Route[] {
  const tenantRoute = (
    methods: string[],
    suffix: string,
    handler: (services: IdentityServices, exchange: Exchange, tenant: string) => Promise<void> | void,
  ): Route => ({
    methods,
    path: new RegExp(`^/${TENANT}/${suffix}$`),
    handle: (exchange, match) => handler(services, exchange, decodeURIComponent(match[1])),
  });
  return [
    // Instance discovery is answered only under /common, as by Entra (MSAL always asks there).
    { methods: ["GET"], path: /^\/common\/discovery\/instance$/, handle: instanceDiscovery },
    tenantRoute(["GET"], String.raw`v2\.0/\.well-known/openid-configuration`, openIdConfiguration),
    tenantRoute(["GET"], String.raw`discovery/v2\.0/keys`, signingKeys),
    tenantRoute(["GET", "POST"], String.raw`oauth2/v2\.0/authorize`, authorize),
    // The token endpoint answers every method itself: Entra explains a GET with AADSTS900561.
    tenantRoute(["GET", "POST", "PUT", "PATCH", "DELETE"], String.raw`oauth2/v2\.0/token`, token),
    tenantRoute(["GET"], String.raw`oauth2/v2\.0/logout`, logout),
  ];
}
