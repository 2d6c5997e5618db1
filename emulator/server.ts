import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ensureCertificateAuthority, readEmulatorCredentials } from "./certificates";
import { consentRoutes } from "./consent/routes";
import { EmulatorControl } from "./control/control";
import { controlRoutes } from "./control/routes";
import { graphDirectoryRoutes } from "./graph/member-objects";
import { createExchange, sendHtml, sendJson, type Exchange, type Route } from "./http";
import { RefreshTokens } from "./identity/refresh-tokens";
import { AuthorizationCodes } from "./identity/authorization-codes";
import { identityRoutes } from "./identity/routes";
import { AccessTokenVerifier } from "./incidents/access-tokens";
import { startLiveIncidents } from "./incidents/live";
import { incidentApiRoutes } from "./incidents/routes";
import { IncidentStore } from "./incidents/store";
import { errorLookupPage } from "./pages";
import { TokenSigner } from "./tokens";
import type { WorldSeed } from "./world/seed";
import { WORLD_STATE_FILE } from "./world/state-file";
import { World } from "./world/world";

export { ensureCertificateAuthority } from "./certificates";
export { InvalidSeedError, type WorldSeed } from "./world/seed";
export { EmulatorControl, NotInWorldError } from "./control/control";
export type { TenantFaults } from "./control/faults";
export type { CounterSnapshot } from "./control/counters";
export type { IncidentUpdateRequest, NewIncidentRequest } from "./control/incidents";
export type { GraphIncidentWithAlerts } from "./graph/projection";

export interface EmulatorOptions {
  /** 0 picks a free port. */
  port: number;
  /** Holds the CA, the server certificate and the token-signing key (created on first start). */
  dataDir: string;
  /** A path to a JSON seed file, or the seed itself. */
  seed: string | WorldSeed;
  /** Epoch milliseconds for the incident APIs' throttling, token lifetimes and incident changes; tests inject one. */
  clock?: () => number;
  /** Where world-state.json (consents, service principals, incident edits) is kept; defaults to dataDir. */
  stateDir?: string;
  /** Serve the HTTP control API under /_emulator/control (local test machines only). */
  control?: boolean;
  /** Milliseconds added to every token and incident API response. */
  latencyMs?: number;
  /** Every this many seconds a consented tenant gets a new incident or a change to an open one (the demo's --live). */
  liveSeconds?: number;
}

export interface RunningEmulator {
  /** e.g. https://localhost:4443 */
  url: string;
  caCertPath: string;
  /** The emulated world: service principals, consents, incident edits, security groups. */
  world: World;
  /** Faults, counters, consent, incident and group membership changes; always available in-process, over HTTP only with `control: true`. */
  control: EmulatorControl;
  close(): Promise<void>;
}

// Loopback only: the certificate names localhost and 127.0.0.1, and the emulator hands out
// tokens to anyone who asks. Clients resolving localhost to ::1 first fall back to IPv4.
const LISTEN_HOST = "127.0.0.1";

/** Starts the Microsoft cloud emulator: an HTTPS server answering as Entra ID does. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const world = await World.load(options.seed, path.join(options.stateDir ?? options.dataDir, WORLD_STATE_FILE));
  const { caCertPath } = await ensureCertificateAuthority(options.dataDir);
  const credentials = await readEmulatorCredentials(options.dataDir);
  const clock = options.clock ?? Date.now;
  const store = new IncidentStore(world, clock());
  const control = new EmulatorControl(world, store, clock, options.latencyMs);
  // One signer: the identity routes sign with it and the Graph and Defender APIs verify with its key.
  const signer = new TokenSigner(credentials.signing.privateKeyPem, credentials.signing.certificatePem);
  const verifier = new AccessTokenVerifier(signer);
  const routes: Route[] = [
    { methods: ["GET"], path: /^\/_emulator\/health$/, handle: (exchange) => sendJson(exchange, 200, { status: "ok" }) },
    { methods: ["GET"], path: /^\/error$/, handle: showErrorLookup },
    ...identityRoutes({
      world,
      signer,
      codes: new AuthorizationCodes(),
      refreshTokens: new RefreshTokens(),
      control,
      clock,
    }),
    ...incidentApiRoutes({
      world,
      store,
      verifier,
      clock,
      control,
    }),
    ...graphDirectoryRoutes({ world, verifier, clock }),
    ...consentRoutes({ world }),
    // Off by default: when off, /_emulator/control/* is an unknown path (404) like any other.
    ...(options.control ? controlRoutes(control) : []),
  ];

  let defaultHost = `localhost:${options.port}`;
  const server = createServer(credentials.tls, (req, res) => {
    const exchange = createExchange(req, res, defaultHost);
    dispatch(routes, exchange).catch((error: unknown) => {
      console.error("Emulator request failed:", error);
      if (!res.headersSent) sendJson(exchange, 500, { error: "server_error", error_description: "The emulator failed." });
      else res.destroy();
    });
  });
  const port = await listen(server, options.port);
  defaultHost = `localhost:${port}`;
  const stopLive = options.liveSeconds ? startLiveIncidents(world, store, clock, options.liveSeconds) : async () => undefined;
  return {
    url: `https://localhost:${port}`,
    caCertPath,
    world,
    control,
    close: async () => {
      await stopLive();
      await close(server);
    },
  };
}

async function dispatch(routes: Route[], exchange: Exchange): Promise<void> {
  const { pathname } = exchange.url;
  let pathMatched = false;
  for (const route of routes) {
    const match = route.path.exec(pathname);
    if (!match) continue;
    pathMatched = true;
    if (route.methods.includes(exchange.req.method ?? "GET")) return route.handle(exchange, match);
  }
  if (pathMatched) {
    exchange.res.setHeader("allow", routes.filter((route) => route.path.test(pathname)).flatMap((route) => route.methods).join(", "));
    return sendJson(exchange, 405, { error: "method_not_allowed" });
  }
  sendJson(exchange, 404, { error: "not_found", path: pathname });
}

function showErrorLookup(exchange: Exchange): void {
  sendHtml(exchange, 200, errorLookupPage(exchange.url.searchParams.get("code") ?? ""));
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, LISTEN_HOST, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections from fetch, and requests the control API's faults left hanging,
    // would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
