/**
 * One value per server process, however many route bundles import the module asking for it: a
 * Next.js build gives every route its own copy of module-level state, `globalThis` is shared.
 */
export function processState<T>(name: string, create: () => T): T {
  const holder = globalThis as typeof globalThis & { portalState?: Map<string, unknown> };
  holder.portalState ??= new Map();
  if (!holder.portalState.has(name)) holder.portalState.set(name, create());
  return holder.portalState.get(name) as T;
}

/** Concurrent calls for one key share one promise until it settles. */
export function sharedInFlight<T>(inFlight: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let request = inFlight.get(key);
  if (!request) {
    request = load().finally(() => inFlight.delete(key));
    inFlight.set(key, request);
  }
  return request;
}
