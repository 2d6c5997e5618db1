import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { graphIncident, type GraphIncidentWithAlerts } from "../graph/projection";
import type { Incident } from "../incidents/model";
import { incidentIdOf } from "../incidents/protected-api";
import type { IncidentStore } from "../incidents/store";
import { hasDefender, type ApiResource, type AppRoleGrants, type SecurityGroup, type ServicePrincipal, type Tenant, type User, type World } from "../world/world";
import { RequestCounters, type CountedEndpoint, type CounterSnapshot } from "./counters";
import { appliesTo, disruptionFor, tenantFaultsSchema, type Disruption, type FaultEndpoint, type TenantFaults } from "./faults";
import { incidentUpdateSchema, invalid, newIncident, type IncidentUpdateRequest, type NewIncidentRequest } from "./incidents";

const userChangeSchema = z.strictObject({
  appRoles: z.array(z.strictObject({ appId: z.string().min(1), role: z.string().min(1) })).optional(),
  accountEnabled: z.boolean().optional(),
  revokeSessions: z.boolean().optional(),
});

/** A tenant, application, incident, group or user the emulated world does not have (or a tenant without Defender, for incidents). */
export class NotInWorldError extends Error {}

// Who the world's edit log names for changes made here: an analyst in Microsoft's own portal.
const PORTAL_ACTOR = "Microsoft Defender portal (emulator control API)";

/**
 * What tests and benchmarks steer on a running emulator: per-tenant faults, a base latency,
 * request counters, consent changes, incidents that appear and change, and group memberships. The
 * HTTP control API is a thin layer over this.
 */
export class EmulatorControl {
  private readonly faultsByTenant = new Map<string, TenantFaults>();
  private readonly requestCounters = new RequestCounters();

  constructor(
    private readonly world: World,
    private readonly store: IncidentStore,
    /** Epoch milliseconds: incidents raised and changed here are stamped with it. */
    private readonly clock: () => number,
    /** Added to every token and incident API response. */
    private readonly baseLatencyMs = 0,
  ) {}

  /** Replaces the tenant's faults (validated; throws a ZodError or NotInWorldError) and returns them. */
  setFaults(tenantId: string, faults: TenantFaults): TenantFaults {
    const valid = tenantFaultsSchema.parse(faults);
    this.faultsByTenant.set(this.tenantIdOf(tenantId), valid);
    return valid;
  }

  faults(tenantId: string): TenantFaults {
    return this.faultsByTenant.get(this.tenantIdOf(tenantId)) ?? {};
  }

  /** Clears one tenant's faults, or every tenant's. */
  clearFaults(tenantId?: string): void {
    if (tenantId === undefined) this.faultsByTenant.clear();
    else this.faultsByTenant.delete(this.tenantIdOf(tenantId));
  }

  counters(): CounterSnapshot {
    return this.requestCounters.snapshot();
  }

  resetCounters(): void {
    this.requestCounters.reset();
  }

  grantConsent(tenantId: string, appId: string, roles: AppRoleGrants): Promise<ServicePrincipal> {
    return this.world.grantConsent(this.tenantIdOf(tenantId), this.appIdOf(appId), roles);
  }

  revokeConsent(tenantId: string, appId: string): Promise<boolean> {
    return this.world.revokeConsent(this.tenantIdOf(tenantId), this.appIdOf(appId));
  }

  removeAppRole(tenantId: string, appId: string, resource: ApiResource, permission: string): Promise<boolean> {
    return this.world.removeAppRole(this.tenantIdOf(tenantId), this.appIdOf(appId), resource, permission);
  }

  /**
   * Raises an incident in the tenant, as Defender does, with the next id above the tenant's highest
   * and the clock's now as its lastUpdateDateTime (and createdDateTime unless given). Validates
   * (throws a ZodError or NotInWorldError); resolves once recorded.
   */
  async createIncident(tenantId: string, request: NewIncidentRequest = {}): Promise<GraphIncidentWithAlerts> {
    const now = this.clock();
    const created = newIncident(request, now);
    const tenant = this.tenantOf(tenantId);
    if (!hasDefender(tenant)) throw new NotInWorldError(`Tenant ${tenantId} has no Microsoft Defender in the emulated world.`);
    const incident = await this.store.create(tenant, created, PORTAL_ACTOR, now);
    return fullView(incident);
  }

  /**
   * Changes an incident as an analyst in Microsoft's portal would, with the store's rules (a
   * determination must fit the classification); lastUpdateDateTime becomes the clock's now.
   * Validates (throws a ZodError or NotInWorldError); resolves once recorded.
   */
  async updateIncident(tenantId: string, incidentId: number | string, request: IncidentUpdateRequest): Promise<GraphIncidentWithAlerts> {
    const changes = incidentUpdateSchema.parse(request);
    const tenant = this.tenantOf(tenantId);
    const id = incidentIdOf(String(incidentId));
    const result = id === undefined ? ({ problem: "notFound" } as const) : await this.store.update({ tenantId: tenant.id, incidentId: id, changes, actor: PORTAL_ACTOR, at: this.clock() });
    if (!("problem" in result)) return fullView(result.incident);
    if (result.problem === "notFound") throw new NotInWorldError(`No incident ${incidentId} in tenant ${tenantId} in the emulated world.`);
    throw invalid("determination", `The determination '${changes.determination}' does not fit the incident's classification.`);
  }

  /**
   * Adds a user of the tenant (by oid or UPN) to one of its security groups, as an admin would in
   * Entra; false when already a member. Sign-ins from then on carry the group; tokens already issued do not.
   */
  addGroupMember(tenantId: string, groupId: string, user: string): Promise<boolean> {
    const { tenant, group, member } = this.membership(tenantId, groupId, user);
    return this.world.addGroupMember(tenant.id, group.id, member.oid);
  }

  /** Removes a user of the tenant (by oid or UPN) from one of its security groups; false when not a member. */
  removeGroupMember(tenantId: string, groupId: string, user: string): Promise<boolean> {
    const { tenant, group, member } = this.membership(tenantId, groupId, user);
    return this.world.removeGroupMember(tenant.id, group.id, member.oid);
  }

  /** Counts a request to an endpoint that takes no faults (sign-in pages, discovery). */
  count(endpoint: CountedEndpoint, tenantId: string | undefined): void {
    this.requestCounters.count(endpoint, tenantId);
  }

  /**
   * The one hook on the token and incident API request paths: counts the request, waits the base
   * and the tenant's latency (a timer, so other requests go on), then says how to answer it.
   */
  async intercept(endpoint: FaultEndpoint, tenantId: string | undefined): Promise<Disruption | undefined> {
    this.requestCounters.count(endpoint, tenantId);
    const stored = tenantId === undefined ? undefined : this.faultsByTenant.get(tenantId);
    const faults = stored && appliesTo(stored, endpoint) ? stored : undefined;
    const latencyMs = this.baseLatencyMs + (faults?.latencyMs ?? 0);
    if (latencyMs > 0) await sleep(latencyMs);
    return faults && disruptionFor(faults, Math.random);
  }

  private tenantIdOf(idOrDomain: string): string {
    return this.tenantOf(idOrDomain).id;
  }

  private tenantOf(idOrDomain: string): Tenant {
    const tenant = this.world.tenant(idOrDomain);
    if (!tenant) throw new NotInWorldError(`No tenant ${idOrDomain} in the emulated world.`);
    return tenant;
  }

  /** Changes a user as an Entra administrator would: app roles, account enabled, sign-in sessions revoked (refresh tokens void). */
  async changeUser(tenantId: string, user: string, change: unknown): Promise<{ appRoles: User["appRoles"]; accountEnabled: boolean }> {
    const valid = userChangeSchema.parse(change);
    const tenant = this.tenantOf(tenantId);
    const member = this.userOf(tenant, user);
    await this.world.changeUser(tenant.id, member, valid, this.clock());
    return { appRoles: valid.appRoles ?? member.appRoles, accountEnabled: this.world.accountEnabled(member) };
  }

  private userOf(tenant: Tenant, user: string): User {
    const wanted = user.toLowerCase();
    const member = tenant.users.find((candidate) => candidate.oid.toLowerCase() === wanted || candidate.userPrincipalName.toLowerCase() === wanted);
    if (!member) throw new NotInWorldError(`No user ${user} in tenant ${tenant.id} in the emulated world.`);
    return member;
  }

  private membership(tenantId: string, groupId: string, user: string): { tenant: Tenant; group: SecurityGroup; member: User } {
    const tenant = this.tenantOf(tenantId);
    const group = this.world.group(tenant.id, groupId);
    if (!group) throw new NotInWorldError(`No group ${groupId} in tenant ${tenantId} in the emulated world.`);
    return { tenant, group, member: this.userOf(tenant, user) };
  }

  private appIdOf(appId: string): string {
    const app = this.world.application(appId);
    if (!app) throw new NotInWorldError(`No application ${appId} in the emulated world.`);
    return app.appId;
  }
}

// The control API shows incidents as Graph does with their alerts, every status as it is.
function fullView(incident: Incident): GraphIncidentWithAlerts {
  return graphIncident(incident, { withAlerts: true, includeUnknownEnumMembers: true }) as GraphIncidentWithAlerts;
}
