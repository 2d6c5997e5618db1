import { actorOf, incidentIdOf, type ApiRequest, type IncidentApiServices } from "./protected-api";
import type { IncidentChanges, UpdateResult } from "./store";

/**
 * A write through Graph or Defender: the incident the path names, in the token's tenant, changed by
 * the caller at the request's moment. Redirected (merged) incidents are read-only here.
 */
export function writeThroughApi(services: IncidentApiServices, { tenant, caller, now, segment }: ApiRequest, changes: IncidentChanges): Promise<UpdateResult> {
  const id = incidentIdOf(segment());
  if (id === undefined) return Promise.resolve({ problem: "notFound" });
  return services.store.update({ tenantId: tenant.id, incidentId: id, changes, actor: actorOf(services.world, caller), at: now }, { throughApi: true });
}

/**
 * Microsoft says redirected incidents should not be edited and documents no answer for trying: both
 * APIs refuse with 400 and this message (the emulator's wording).
 */
export function redirectedMessage(segment: string, redirectIncidentId: number | null): string {
  return redirectIncidentId === null
    ? `Incident ${segment} is redirected (merged into another incident) and cannot be changed.`
    : `Incident ${segment} is redirected (merged into incident ${redirectIncidentId}) and cannot be changed; change incident ${redirectIncidentId} instead.`;
}
