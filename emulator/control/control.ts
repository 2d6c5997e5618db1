import { setTimeout as sleep } from "node:timers/promises";
import type { ApiResource, AppRoleGrants, ServicePrincipal, World } from "../world/world";
import { RequestCounters, type CountedEndpoint, type CounterSnapshot } from "./counters";
import { appliesTo, disruptionFor, tenantFaultsSchema, type Disruption, type FaultEndpoint, type TenantFaults } from "./faults";

/** A tenant or application the emulated world does not have. */
export class NotInWorldError extends Error {}

/**
 * What tests and benchmarks steer on a running emulator: per-tenant faults, a base latency,
 * request counters and consent changes. The HTTP control API is a thin layer over this.
 */
export class EmulatorControl {
  private readonly faultsByTenant = new Map<string, TenantFaults>();
  private readonly requestCounters = new RequestCounters();

  constructor(
    private readonly world: World,
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
    const tenant = this.world.tenant(idOrDomain);
    if (!tenant) throw new NotInWorldError(`No tenant ${idOrDomain} in the emulated world.`);
    return tenant.id;
  }

  private appIdOf(appId: string): string {
    const app = this.world.application(appId);
    if (!app) throw new NotInWorldError(`No application ${appId} in the emulated world.`);
    return app.appId;
  }
}
