/** What a sign-in asked for: OpenID Connect scopes, and delegated Microsoft Graph permissions. */
export interface GrantedScopes {
  openId: string[];
  graph: string[];
}

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const GRAPH_RESOURCES = new Set(["https://graph.microsoft.com", GRAPH_APP_ID]);
/** OpenID Connect scopes: about the sign-in itself, not permissions on an API. */
export const OPENID_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);
// Every app registration starts with Graph's User.Read delegated permission, and Entra issues a
// Graph access token with it when a sign-in asks only for OpenID Connect scopes.
const DEFAULT_GRAPH_PERMISSION = "User.Read";

export type ScopeParseResult = { scopes: GrantedScopes } | { unknownResource: string };

/** Splits a scope parameter the way Entra reads it: bare names and graph URIs are Graph permissions. */
export function parseScopes(scope: string): ScopeParseResult {
  const openId: string[] = [];
  const graph: string[] = [];
  for (const item of scope.split(/\s+/).filter(Boolean)) {
    if (OPENID_SCOPES.has(item.toLowerCase())) {
      openId.push(item.toLowerCase());
      continue;
    }
    const slash = item.lastIndexOf("/");
    const resource = slash === -1 ? "https://graph.microsoft.com" : item.slice(0, slash).replace(/\/$/, "");
    if (!GRAPH_RESOURCES.has(resource.toLowerCase())) return { unknownResource: resource };
    const permission = item.slice(slash + 1);
    graph.push(permission === ".default" ? DEFAULT_GRAPH_PERMISSION : permission);
  }
  if (graph.length === 0) graph.push(DEFAULT_GRAPH_PERMISSION);
  return { scopes: { openId: [...new Set(openId)], graph: [...new Set(graph)] } };
}

/** The `scope` value of a token response: OpenID scopes bare, Graph permissions as full URIs. */
export function grantedScopeString(scopes: GrantedScopes): string {
  const openId = scopes.openId.filter((scope) => scope !== "offline_access");
  return [...openId, ...scopes.graph.map((permission) => `https://graph.microsoft.com/${permission}`)].join(" ");
}
