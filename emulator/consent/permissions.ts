import { API_IDENTIFIERS, apiResourceOf } from "../identity/resources";
import { OPENID_SCOPES } from "../identity/scopes";
import { API_RESOURCES, type ApiResource, type AppRoleGrants, type Application } from "../world/world";

/** One permission on the consent screen. */
export interface RequestedPermission {
  api: ApiResource;
  name: string;
  /** Application permissions (app roles) come from `/.default`; named scopes are delegated permissions. */
  kind: "application" | "delegated";
}

export const API_DISPLAY_NAMES: Record<ApiResource, string> = {
  graph: "Microsoft Graph",
  defender: "Microsoft Threat Protection",
};

/**
 * What an admin-consent request asks for. `/.default` (or no scope at all, and always on the legacy
 * endpoint) stands for the app's required permissions on that API, as in Entra; other scopes are
 * delegated permissions. OpenID Connect scopes need no admin consent and are left out.
 */
export function requestedPermissions(app: Application, scope: string | null): RequestedPermission[] | { unknownResource: string } {
  if (!scope?.trim()) return API_RESOURCES.flatMap((api) => requiredPermissions(app, api));
  const requested: RequestedPermission[] = [];
  for (const item of scope.split(/\s+/).filter(Boolean)) {
    if (OPENID_SCOPES.has(item.toLowerCase())) continue;
    const slash = item.lastIndexOf("/");
    // A bare permission name is a Microsoft Graph permission, as everywhere in Entra's v2 endpoints.
    const resource = slash === -1 ? API_IDENTIFIERS.graph.uri : item.slice(0, slash);
    const api = apiResourceOf(resource);
    if (!api) return { unknownResource: resource };
    const name = item.slice(slash + 1);
    if (name === ".default") requested.push(...requiredPermissions(app, api.resource));
    else requested.push({ api: api.resource, name, kind: "delegated" });
  }
  return requested.filter((permission, index) => requested.findIndex((other) => samePermission(other, permission)) === index);
}

/** The app roles a consent assigns: the application permissions, per API. */
export function appRoleGrants(permissions: RequestedPermission[]): AppRoleGrants {
  const grants: AppRoleGrants = { graph: [], defender: [] };
  for (const permission of permissions) if (permission.kind === "application") grants[permission.api].push(permission.name);
  return grants;
}

/** The `scope` of the success redirect: every granted permission as `{application ID URI}/{name}`. */
export function grantedScope(permissions: RequestedPermission[]): string {
  return permissions.map((permission) => `${API_IDENTIFIERS[permission.api].uri}/${permission.name}`).join(" ");
}

function requiredPermissions(app: Application, api: ApiResource): RequestedPermission[] {
  return app.requiredPermissions[api].map((name) => ({ api, name, kind: "application" }));
}

function samePermission(a: RequestedPermission, b: RequestedPermission): boolean {
  return a.api === b.api && a.name === b.name && a.kind === b.kind;
}
