import type { Application } from "../world/world";

// Entra follows RFC 8252 for loopback redirect URIs: native and development apps listen on an
// ephemeral port, so for http://localhost and http://127.0.0.1 the port is ignored when matching.
// Scheme, host, path and query must still match exactly, and localhost never matches 127.0.0.1.
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isRegisteredRedirectUri(app: Application, candidate: string): boolean {
  return app.redirectUris.some((registered) => redirectUrisMatch(registered, candidate));
}

/** True when the URI's origin is the origin of one of the applications' redirect URIs. */
export function hasRegisteredOrigin(apps: readonly Application[], candidate: string): boolean {
  const origin = parseUrl(candidate);
  if (!origin) return false;
  return apps.some((app) =>
    app.redirectUris.some((registered) => {
      const url = parseUrl(registered);
      return url !== undefined && url.protocol === origin.protocol && url.hostname === origin.hostname &&
        (url.port === origin.port || isLoopback(url));
    }),
  );
}

function redirectUrisMatch(registered: string, candidate: string): boolean {
  if (registered === candidate) return true;
  const expected = parseUrl(registered);
  const actual = parseUrl(candidate);
  if (!expected || !actual || !isLoopback(expected)) return false;
  return (
    expected.protocol === actual.protocol &&
    expected.hostname === actual.hostname &&
    expected.pathname === actual.pathname &&
    expected.search === actual.search &&
    actual.hash === ""
  );
}

function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
