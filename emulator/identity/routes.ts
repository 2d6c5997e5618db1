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
    counted?: "authorize" | "discovery",
  ): Route => ({
    methods,
    path: new RegExp(`^/${TENANT}/${suffix}$`),
    handle: (exchange, match) => {
      const tenant = decodeURIComponent(match[1]);
      if (counted) services.control.count(counted, services.world.tenant(tenant)?.id);
      return handler(services, exchange, tenant);
    },
  });
  return [
    // Instance discovery is answered only under /common, as by Entra (MSAL always asks there).
    {
      methods: ["GET"],
      path: /^\/common\/discovery\/instance$/,
      handle: (exchange) => {
        services.control.count("discovery", undefined);
        instanceDiscovery(exchange);
      },
    },
    tenantRoute(["GET"], String.raw`v2\.0/\.well-known/openid-configuration`, openIdConfiguration, "discovery"),
    tenantRoute(["GET"], String.raw`discovery/v2\.0/keys`, signingKeys, "discovery"),
    tenantRoute(["GET", "POST"], String.raw`oauth2/v2\.0/authorize`, authorize, "authorize"),
    // The token endpoint answers every method itself: Entra explains a GET with AADSTS900561.
    // It counts its own requests, in the control hook that also injects its faults.
    tenantRoute(["GET", "POST", "PUT", "PATCH", "DELETE"], String.raw`oauth2/v2\.0/token`, token),
    tenantRoute(["GET"], String.raw`oauth2/v2\.0/logout`, logout),
  ];
}
