import { header, type Exchange } from "../http";
import type { Tenant, World } from "../world/world";
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
}

/** How one API (Graph or Defender) words its refusals; each has its own error body. */
export interface ApiRefusals {
  unauthenticated(exchange: Exchange, problem: TokenProblem | "unknownTenant"): void;
  forbidden(exchange: Exchange, caller: Caller, accepted: readonly string[]): void;
  throttled(exchange: Exchange, retryAfterSeconds: number): void;
}

export interface IncidentApi {
  /** Token audiences the API accepts: its URI and its application id. */
  audiences: readonly string[];
  limiter: SlidingWindowLimiter;
  refusals: ApiRefusals;
}

/** A request that passed authentication, throttling and the permission check. */
export interface ApiRequest {
  exchange: Exchange;
  caller: Caller;
  tenant: Tenant;
  /** The moment the request is served at (the injectable clock). */
  now: number;
}

/**
 * Wraps an incident API handler in the path every request takes: verify the token, throttle per
 * tenant and app, check the permission, then serve the token's tenant only. The control API's
 * faults (latency, error rates, forced statuses, hangs) and request counters belong here, once.
 */
export function protectedHandler(
  services: IncidentApiServices,
  api: IncidentApi,
  acceptedPermissions: readonly string[],
  serve: (request: ApiRequest) => Promise<void> | void,
): (exchange: Exchange) => Promise<void> {
  return async (exchange) => {
    exchange.res.setHeader("request-id", exchange.traceId);
    const now = services.clock();
    const check = services.verifier.check(header(exchange.req, "authorization"), api.audiences, now);
    if ("problem" in check) return api.refusals.unauthenticated(exchange, check.problem);
    const { caller } = check;
    const tenant = services.world.tenant(caller.tenantId);
    if (!tenant || tenant.id.toLowerCase() !== caller.tenantId.toLowerCase()) return api.refusals.unauthenticated(exchange, "unknownTenant");
    const retryAfter = api.limiter.admit(`${tenant.id}/${caller.appId.toLowerCase()}`, now);
    if (retryAfter !== undefined) {
      exchange.res.setHeader("retry-after", String(retryAfter));
      return api.refusals.throttled(exchange, retryAfter);
    }
    const granted = new Set([...caller.roles, ...caller.scopes]);
    if (!acceptedPermissions.some((permission) => granted.has(permission))) return api.refusals.forbidden(exchange, caller, acceptedPermissions);
    await serve({ exchange, caller, tenant, now });
  };
}

/** Reads a JSON request body; undefined when it is not a JSON object. */
export async function readJsonObject(exchange: Exchange): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of exchange.req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Who an edit is attributed to: the signed-in user, or the application as Defender records it. */
export function actorOf(caller: Caller): string {
  return caller.userPrincipalName ?? `API-App:${caller.appId}`;
}
