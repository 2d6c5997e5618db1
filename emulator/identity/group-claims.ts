import type { Application } from "../world/world";

// Entra's limit for groups in a JWT; past it, the token says where to read them instead.
const JWT_GROUPS_LIMIT = 200;
// Every group of the world is a security group, so "All" lists the same ones as "SecurityGroup".
const EMITTING_SETTINGS = new Set(["SecurityGroup", "All"]);

/**
 * The `groups` claim as the app registration's groupMembershipClaims asks for it: the user's group
 * object ids, left out when there are none. Past 200 groups, Entra's overage indicator instead: a
 * distributed claim naming the Azure AD Graph URL (graph.windows.net), as Microsoft documents it.
 */
export function groupClaims(app: Application, tenantId: string, userOid: string, groupIds: string[]) {
  if (!app.groupMembershipClaims || !EMITTING_SETTINGS.has(app.groupMembershipClaims) || groupIds.length === 0) return {};
  if (groupIds.length <= JWT_GROUPS_LIMIT) return { groups: groupIds };
  return {
    _claim_names: { groups: "src1" },
    _claim_sources: { src1: { endpoint: `https://graph.windows.net/${tenantId}/users/${userOid}/getMemberObjects` } },
  };
}
