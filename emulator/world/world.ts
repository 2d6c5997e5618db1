import type { IncidentEditLog, IncidentRecord } from "../incidents/store";
import { SecurityGroups, seededGroups, type SecurityGroup } from "./groups";
import { readWorldSeed, type SeedApplication, type SeedTenant, type SeedUser, type ValidWorldSeed, type WorldSeed } from "./seed";
import { ServicePrincipals, seededServicePrincipals, type ApiResource, type AppRoleGrants, type ServicePrincipal } from "./service-principals";
import { WorldStateFile, type UserChange } from "./state-file";

export { API_RESOURCES, type ApiResource, type AppRoleGrants, type ServicePrincipal } from "./service-principals";
export type { SecurityGroup } from "./groups";
export type { UserChange } from "./state-file";

export type Tenant = SeedTenant;
export type User = SeedUser;
export type Application = SeedApplication;

/** Whether the tenant has Microsoft Defender XDR: every tenant does unless its seed says `"defender": false`. */
export function hasDefender(tenant: Tenant): boolean {
  return tenant.defender !== false;
}

/** A user together with the tenant that is their home directory. */
export interface DirectoryUser {
  tenant: Tenant;
  user: User;
}

/**
 * The emulated Microsoft cloud: tenants, their users and the applications registered in them (from
 * the seed, fixed), the applications' service principals with their app roles, the edits made to
 * incidents and incidents raised while running, and who is in which security group (mutable, saved).
 */
export class World {
  /** Edits to incidents (PATCH through either API or the control API) and incidents raised while running, kept and saved with the world's state. */
  readonly incidentEdits: IncidentEditLog = {
    editsFor: (tenantId) => this.edits.filter((record) => record.tenantId === tenantId),
    append: async (record) => {
      this.edits.push(record);
      await this.save();
    },
  };

  private constructor(
    private readonly seed: ValidWorldSeed,
    private readonly principals: ServicePrincipals,
    private readonly edits: IncidentRecord[],
    private readonly securityGroups: SecurityGroups,
    private readonly userChanges: UserChange[],
    private readonly stateFile?: WorldStateFile,
  ) {}

  /** Loads the seed; with a state file, service principals, incident records and group memberships come from (and are saved to) it. */
  static async load(seed: string | WorldSeed, stateFilePath?: string): Promise<World> {
    const valid = await readWorldSeed(seed);
    if (!stateFilePath) return new World(valid, new ServicePrincipals(seededServicePrincipals(valid)), [], new SecurityGroups(seededGroups(valid)), []);
    const { stateFile, state } = await WorldStateFile.open(stateFilePath, valid);
    return new World(valid, new ServicePrincipals(state.servicePrincipals), state.incidentEdits, new SecurityGroups(state.groups), state.users, stateFile);
  }

  get tenants(): readonly Tenant[] {
    return this.seed.tenants;
  }

  get applications(): readonly Application[] {
    return this.seed.applications;
  }

  /** Resolves a tenant the way Entra does in a URL: by its GUID or any of its verified domains. */
  tenant(idOrDomain: string): Tenant | undefined {
    const wanted = idOrDomain.toLowerCase();
    return this.seed.tenants.find(
      (tenant) => tenant.id.toLowerCase() === wanted || tenant.domains.some((domain) => domain.toLowerCase() === wanted),
    );
  }

  application(appId: string): Application | undefined {
    const wanted = appId.toLowerCase();
    return this.seed.applications.find((app) => app.appId.toLowerCase() === wanted);
  }

  /** Finds a user in any tenant by sign-in name; UPNs are case-insensitive in Entra. */
  userByPrincipalName(userPrincipalName: string): DirectoryUser | undefined {
    const wanted = userPrincipalName.trim().toLowerCase();
    for (const tenant of this.seed.tenants) {
      const user = tenant.users.find((candidate) => candidate.userPrincipalName.toLowerCase() === wanted);
      if (user) return { tenant, user };
    }
    return undefined;
  }

  /** The app roles assigned to the user on this application, as Entra puts them in the `roles` claim. */
  appRolesOf(user: User, appId: string): string[] {
    const wanted = appId.toLowerCase();
    const assignments = this.changeOf(user)?.appRoles ?? user.appRoles;
    return assignments.filter((assignment) => assignment.appId.toLowerCase() === wanted).map((assignment) => assignment.role);
  }

  /** Whether the user may sign in: an administrator can disable the account. */
  accountEnabled(user: User): boolean {
    return this.changeOf(user)?.accountEnabled ?? user.accountEnabled ?? true;
  }

  /** Epoch milliseconds before which the user's refresh tokens are void (revokeSignInSessions); 0 when never revoked. */
  tokensValidFrom(user: User): number {
    return this.changeOf(user)?.tokensValidFrom ?? 0;
  }

  /** What an administrator does to a user in Entra: assigns app roles, enables or disables the account, revokes sign-in sessions. */
  async changeUser(tenantId: string, user: User, change: { appRoles?: User["appRoles"]; accountEnabled?: boolean; revokeSessions?: boolean }, now: number): Promise<void> {
    const index = this.userChanges.findIndex((saved) => saved.oid === user.oid);
    const changed: UserChange = {
      ...(this.userChanges[index] ?? { tenantId, oid: user.oid }),
      ...(change.appRoles && { appRoles: change.appRoles }),
      ...(change.accountEnabled !== undefined && { accountEnabled: change.accountEnabled }),
      ...(change.revokeSessions && { tokensValidFrom: now }),
    };
    if (index === -1) this.userChanges.push(changed);
    else this.userChanges[index] = changed;
    await this.save();
  }

  private changeOf(user: User): UserChange | undefined {
    return this.userChanges.find((change) => change.oid === user.oid);
  }

  /** The application's service principal in the tenant (ids as GUIDs), if it has one. */
  servicePrincipal(tenantId: string, appId: string): ServicePrincipal | undefined {
    return this.principals.find(tenantId, appId);
  }

  /** Every service principal, or those of one tenant. */
  servicePrincipals(tenantId?: string): ServicePrincipal[] {
    return this.principals.list(tenantId);
  }

  /** What an admin's consent does: creates the service principal if needed and assigns the app roles. */
  async grantConsent(tenantId: string, appId: string, roles: AppRoleGrants): Promise<ServicePrincipal> {
    const principal = this.principals.grant(tenantId, appId, roles);
    await this.save();
    return principal;
  }

  /** Deletes the service principal (as removing the enterprise app does): client credentials then fail with AADSTS7000229. */
  async revokeConsent(tenantId: string, appId: string): Promise<boolean> {
    const removed = this.principals.remove(tenantId, appId);
    if (removed) await this.save();
    return removed;
  }

  /** Removes one app-role assignment: tokens are still issued, without that role. */
  async removeAppRole(tenantId: string, appId: string, resource: ApiResource, permission: string): Promise<boolean> {
    const removed = this.principals.removeAppRole(tenantId, appId, resource, permission);
    if (removed) await this.save();
    return removed;
  }

  /** Every security group (copies), or those of one tenant. */
  groups(tenantId?: string): SecurityGroup[] {
    return this.securityGroups.list(tenantId);
  }

  group(tenantId: string, groupId: string): SecurityGroup | undefined {
    return this.securityGroups.find(tenantId, groupId);
  }

  /** The object ids of the user's security groups, as the `groups` claim and getMemberObjects list them. */
  groupIdsOf(userOid: string): string[] {
    return this.securityGroups.idsOf(userOid);
  }

  /** Adds the user to the group; false when already a member. Tokens issued from then on carry it. */
  async addGroupMember(tenantId: string, groupId: string, userOid: string): Promise<boolean> {
    const added = this.securityGroups.addMember(tenantId, groupId, userOid);
    if (added) await this.save();
    return added;
  }

  /** Removes the user from the group; false when not a member. */
  async removeGroupMember(tenantId: string, groupId: string, userOid: string): Promise<boolean> {
    const removed = this.securityGroups.removeMember(tenantId, groupId, userOid);
    if (removed) await this.save();
    return removed;
  }

  private async save(): Promise<void> {
    await this.stateFile?.save({ servicePrincipals: this.principals.list(), incidentEdits: this.edits, groups: this.securityGroups.list(), users: this.userChanges });
  }
}
