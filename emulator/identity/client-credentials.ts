import { randomBytes } from "node:crypto";
import {
  invalidScope,
  missingParameter,
  missingServicePrincipal,
  resourceNotFound,
  scopeWithoutDefault,
  sendEntraError,
  type EntraError,
} from "../errors";
import { sendJson, type Exchange } from "../http";
import type { ApiResource, Application, ServicePrincipal, Tenant } from "../world/world";
import { apiResourceOf, isProvisionedIn } from "./resources";
import type { IdentityServices } from "./services";
import type { ClientRequest } from "./token";

const TOKEN_LIFETIME_SECONDS = 3599;

export interface AppTokenResponse {
  token_type: "Bearer";
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

/** grant_type=client_credentials: an app-only token for one API, carrying the app roles the tenant granted. */
export function issueClientCredentialsToken({ world, signer, clock }: IdentityServices, exchange: Exchange, request: ClientRequest): void {
  const { tenant, client, form } = request;
  const fail = (error: EntraError) => sendEntraError(exchange, error);
  const scope = form.get("scope");
  if (!scope) return fail(missingParameter("scope"));
  const requested = requestedResource(scope);
  if ("code" in requested) return fail(requested);
  // Without a service principal the app does not exist in this tenant: nobody consented to it.
  const principal = world.servicePrincipal(tenant.id, client.app.appId);
  if (!principal) return fail(missingServicePrincipal(client.app.appId, tenant.id));
  const api = apiResourceOf(requested.resource);
  // A tenant without Defender has no service principal for it: Entra answers as for any unknown resource.
  if (!api || !isProvisionedIn(tenant, api.resource)) return fail(resourceNotFound(requested.resource, tenant.displayName));
  const claims = appTokenClaims({ tenant, app: client.app, principal, resource: api.resource, audience: api.requestedAs, appidacr: client.appidacr }, clock);
  const response: AppTokenResponse = {
    token_type: "Bearer",
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: signer.sign(claims),
  };
  sendJson(exchange, 200, response);
}

// Client credentials take exactly one resource's static permissions: `{resource}/.default`.
function requestedResource(scope: string): { resource: string } | EntraError {
  const items = scope.split(/\s+/).filter(Boolean);
  const withoutDefault = items.find((item) => !item.toLowerCase().endsWith("/.default"));
  if (withoutDefault !== undefined) return scopeWithoutDefault(withoutDefault);
  if (items.length !== 1) return invalidScope(items.join(" "));
  return { resource: items[0].slice(0, -"/.default".length) };
}

interface AppToken {
  tenant: Tenant;
  app: Application;
  principal: ServicePrincipal;
  resource: ApiResource;
  audience: string;
  appidacr: "1" | "2";
}

/**
 * A v1 app-only access token, as Entra issues for Graph and Defender: the issuer is sts.windows.net
 * whatever the authority host, `oid`/`sub` are the service principal's object id, and `roles` is
 * left out entirely when the service principal holds no app role on the API.
 */
function appTokenClaims({ tenant, app, principal, resource, audience, appidacr }: AppToken, clock: () => number) {
  const now = Math.floor(clock() / 1000);
  const issuer = `https://sts.windows.net/${tenant.id}/`;
  const roles = principal.appRoles[resource];
  return {
    aud: audience,
    iss: issuer,
    iat: now,
    nbf: now,
    exp: now + TOKEN_LIFETIME_SECONDS,
    appid: app.appId,
    appidacr,
    idp: issuer,
    oid: principal.objectId,
    rh: `0.${randomBytes(48).toString("base64url")}.`,
    ...(roles.length > 0 && { roles }),
    sub: principal.objectId,
    tid: tenant.id,
    uti: randomBytes(16).toString("base64url"),
    ver: "1.0",
  };
}
