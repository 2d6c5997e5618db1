import { randomUUID } from "node:crypto";
import { derivedObjectId } from "./object-ids";
import type { ValidWorldSeed } from "./seed";

/** The APIs whose application permissions the emulator models, by the key the seed uses. */
export const API_RESOURCES = ["graph", "defender"] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

/** Application permissions (app roles) per API, as granted to a service principal. */
export type AppRoleGrants = Record<ApiResource, string[]>;

/**
 * An application's instance in one tenant: Entra creates it when an admin consents (or, in the
 * app's home tenant, with the registration). Client credentials need it; its app-role assignments
 * become the `roles` claim of the app's tokens for each API.
 */
export interface ServicePrincipal {
  tenantId: string;
  appId: string;
  /** The object id, the `oid` and `sub` of the app's tokens in this tenant. */
  objectId: string;
  appRoles: AppRoleGrants;
}

const noGrants = (): AppRoleGrants => ({ graph: [], defender: [] });

/** The service principals the seed implies: one in every app's home tenant, one per consent. */
export function seededServicePrincipals(seed: ValidWorldSeed): ServicePrincipal[] {
  const principals = new ServicePrincipals([]);
  for (const app of seed.applications) principals.grant(app.homeTenantId, app.appId, noGrants(), seededObjectId);
  for (const consent of seed.consents) {
    principals.grant(consent.tenantId, consent.appId, { graph: consent.graph, defender: consent.defender }, seededObjectId);
  }
  return principals.list();
}

// Seeded service principals get stable object ids, so the demo world looks the same after a reset;
// ones created by a consent get fresh ids, as Entra gives a re-created service principal a new id.
function seededObjectId(tenantId: string, appId: string): string {
  return derivedObjectId("service-principal", tenantId.toLowerCase(), appId.toLowerCase());
}

/** The mutable part of the world: service principals and their app-role assignments. */
export class ServicePrincipals {
  private readonly principals: ServicePrincipal[];

  constructor(principals: ServicePrincipal[]) {
    this.principals = principals.map(copy);
  }

  list(tenantId?: string): ServicePrincipal[] {
    return this.principals.filter((sp) => tenantId === undefined || same(sp.tenantId, tenantId)).map(copy);
  }

  find(tenantId: string, appId: string): ServicePrincipal | undefined {
    const found = this.locate(tenantId, appId);
    return found && copy(found);
  }

  /** Creates the service principal if needed and adds the app roles (consent never removes roles). */
  grant(tenantId: string, appId: string, roles: AppRoleGrants, newObjectId: (tenantId: string, appId: string) => string = () => randomUUID()): ServicePrincipal {
    let principal = this.locate(tenantId, appId);
    if (!principal) {
      principal = { tenantId, appId, objectId: newObjectId(tenantId, appId), appRoles: noGrants() };
      this.principals.push(principal);
    }
    for (const resource of API_RESOURCES) {
      principal.appRoles[resource] = [...new Set([...principal.appRoles[resource], ...roles[resource]])];
    }
    return copy(principal);
  }

  remove(tenantId: string, appId: string): boolean {
    const index = this.principals.findIndex((sp) => same(sp.tenantId, tenantId) && same(sp.appId, appId));
    if (index === -1) return false;
    this.principals.splice(index, 1);
    return true;
  }

  removeAppRole(tenantId: string, appId: string, resource: ApiResource, permission: string): boolean {
    const principal = this.locate(tenantId, appId);
    if (!principal?.appRoles[resource].includes(permission)) return false;
    principal.appRoles[resource] = principal.appRoles[resource].filter((role) => role !== permission);
    return true;
  }

  private locate(tenantId: string, appId: string): ServicePrincipal | undefined {
    return this.principals.find((sp) => same(sp.tenantId, tenantId) && same(sp.appId, appId));
  }
}

function copy(sp: ServicePrincipal): ServicePrincipal {
  return { ...sp, appRoles: { graph: [...sp.appRoles.graph], defender: [...sp.appRoles.defender] } };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
