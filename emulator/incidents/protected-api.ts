import type { EmulatorControl } from "../control/control";
import type { Disruption } from "../control/faults";
import { header, type Exchange } from "../http";
import { hasDefender, type Tenant, type World } from "../world/world";
import type { AccessTokenVerifier, Caller, TokenProblem } from "./access-tokens";
import type { SlidingWindowLimiter } from "./rate-limits";
import type { IncidentStore } from "./store";

/** What the incident APIs share for the life of one emulator. */
export interface IncidentApiServices {
  world: World;
  store: IncidentStore;
  verifier: AccessTokenVerifier;
  /** Epoch milliseconds; injectable so tests can move time instead of sleeping. */
  clock: () => number;
  control: EmulatorControl;
}

/** How one API (Graph or Defender) words its refusals; each has its own error body. */
export interface ApiRefusals {
  unauthenticated(exchange: Exchange, problem: TokenProblem | "unknownTenant"): void;
  forbidden(exchange: Exchange, caller: Caller, accepted: readonly string[]): void;
  throttled(exchange: Exchange, retryAfterSeconds: number): void;
  /** The token's tenant has no Microsoft Defender XDR, so it has no incidents to serve. */
  withoutDefender(exchange: Exchange): void;
  /** A server error (5xx), as the control API's faults inject them. */
  unavailable(exchange: Exchange, status: 500 | 502 | 503 | 504): void;
}

export interface IncidentApi {
  /** The name its requests are counted and faulted under. */
  endpoint: "graph" | "defender";
  /** Token audiences the API accepts: its URI and its application id. */
  audiences: readonly string[];
  limiter: SlidingWindowLimiter;
  refusals: ApiRefusals;
}

/** A request that passed authentication, throttling, the permission check and the tenant's Defender check. */
export interface ApiRequest {
  exchange: Exchange;
  caller: Caller;
  tenant: Tenant;
  /** The moment the request is served at (the injectable clock). */
  now: number;
  /**
   * The path segment the route captured (an incident id as sent), percent-decoded; "" for a route
   * without one. Decoded when called: a malformed escape throws, so handlers call it only after
   * their own checks, which keeps those answers ahead of that failure.
   */
  segment: () => string;
}

/**
 * Wraps an incident API handler in the path every request takes: verify the token, throttle as
 * the API publishes, check the permission, check that the tenant has Defender, then serve the
 * token's tenant only. The control hook (counters, latency, faults) runs once the token names a
 * tenant, before throttling.
 */
export function protectedHandler(
  services: IncidentApiServices,
  api: IncidentApi,
  acceptedPermissions: readonly string[],
  serve: (request: ApiRequest) => Promise<void> | void,
): (exchange: Exchange, match: RegExpMatchArray) => Promise<void> {
  return async (exchange, match) => {
    exchange.res.setHeader("request-id", exchange.traceId);
    const check = services.verifier.check(header(exchange.req, "authorization"), api.audiences, services.clock());
    const tenant = "caller" in check ? tokenTenant(services.world, check.caller) : undefined;
    const disruption = await services.control.intercept(api.endpoint, tenant?.id);
    if ("problem" in check) return api.refusals.unauthenticated(exchange, check.problem);
    const { caller } = check;
    if (!tenant) return api.refusals.unauthenticated(exchange, "unknownTenant");
    if (disruption) return disrupt(exchange, api.refusals, disruption, caller, acceptedPermissions);
    // Read after any injected latency, so a delayed request is throttled and served at its real moment.
    const now = services.clock();
    const retryAfter = api.limiter.admit(tenant.id, caller.appId, now);
    if (retryAfter !== undefined) return throttle(exchange, api.refusals, retryAfter);
    const granted = new Set([...caller.roles, ...caller.scopes]);
    if (!acceptedPermissions.some((permission) => granted.has(permission))) return api.refusals.forbidden(exchange, caller, acceptedPermissions);
    // After the permission check: Graph checks app roles itself before asking the Defender service behind it.
    if (!hasDefender(tenant)) return api.refusals.withoutDefender(exchange);
    await serve({ exchange, caller, tenant, now, segment: () => decodeURIComponent(match[1] ?? "") });
  };
}

/** The tenant a verified token names: its tid is the tenant's GUID; a domain there names no tenant. */
export function tokenTenant(world: World, caller: Caller): Tenant | undefined {
  const tenant = world.tenant(caller.tenantId);
  return tenant && tenant.id.toLowerCase() === caller.tenantId.toLowerCase() ? tenant : undefined;
}

function throttle(exchange: Exchange, refusals: ApiRefusals, retryAfterSeconds: number): void {
  exchange.res.setHeader("retry-after", String(retryAfterSeconds));
  refusals.throttled(exchange, retryAfterSeconds);
}

// Injected faults answer in the API's own words; a hang answers never (the client must time out).
function disrupt(exchange: Exchange, refusals: ApiRefusals, disruption: Disruption, caller: Caller, accepted: readonly string[]): void {
  if (disruption.kind === "hang") return;
  const { status } = disruption;
  if (status === 401) return refusals.unauthenticated(exchange, "badSignature");
  if (status === 403) return refusals.forbidden(exchange, caller, accepted);
  if (status === 429) return throttle(exchange, refusals, disruption.retryAfterSeconds);
  refusals.unavailable(exchange, status);
}

/** The incident id a path segment names; undefined when it names none (both APIs answer 404). */
export function incidentIdOf(segment: string): number | undefined {
  return /^\d{1,15}$/.test(segment) ? Number(segment) : undefined;
}

/**
 * Who an edit is attributed to: the signed-in user, or the application as Defender records it,
 * `API-App:{its display name}` (seen in Graph's comments; the appId for an app the world lacks).
 */
export function actorOf(world: World, caller: Caller): string {
  return caller.userPrincipalName ?? `API-App:${applicationName(world, caller)}`;
}

/** The calling application's display name (its appId when the world has no such application). */
export function applicationName(world: World, caller: Caller): string {
  return world.application(caller.appId)?.displayName ?? caller.appId;
}
