export type PortalRole = "admin" | "analyst" | "reader";

/** Roles that may change incidents; a Reader only reads. */
export function mayAct(role: PortalRole): boolean {
  return role === "admin" || role === "analyst";
}

export type StaffAccess =
  | { allowed: true; role: PortalRole }
  | { allowed: false; reason: "tenant" | "role" };

const ROLE_BY_APP_ROLE: Record<string, PortalRole> = {
  "Portal.Admin": "admin",
  "Portal.Analyst": "analyst",
  "Portal.Reader": "reader",
};

/**
 * Decides from the ID token's claims whether a user is partner staff. The authority is already
 * the partner's tenant; the `tid` check still matters if the app is ever pointed at `organizations`.
 */
export function staffAccess(claims: { tid?: unknown; roles?: unknown }, partnerTenantId: string): StaffAccess {
  if (typeof claims.tid !== "string" || claims.tid.toLowerCase() !== partnerTenantId.toLowerCase()) {
    return { allowed: false, reason: "tenant" };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.map((role) => ROLE_BY_APP_ROLE[String(role)]) : [];
  if (roles.includes("admin")) return { allowed: true, role: "admin" };
  if (roles.includes("analyst")) return { allowed: true, role: "analyst" };
  if (roles.includes("reader")) return { allowed: true, role: "reader" };
  return { allowed: false, reason: "role" };
}
