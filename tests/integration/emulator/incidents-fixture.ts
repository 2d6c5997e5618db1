import { readEmulatorCredentials } from "@/emulator/certificates";
import { TokenSigner } from "@/emulator/tokens";
import type { WorldSeed } from "@/emulator/server";
import { PORTAL_APP_ID, startTestEmulator, TEST_DATA_DIR } from "./emulator-fixture";

// The seed's tenants under the names these tests read best, with what each one holds.
export {
  ADATUM_TENANT_ID as ADATUM_EMPTY,
  FABRIKAM_TENANT_ID as FABRIKAM,
  LITWARE_TENANT_ID as LITWARE_LARGE,
  PROSEWARE_TENANT_ID as PROSEWARE_HOSTILE,
  TAILSPIN_TENANT_ID as TAILSPIN,
  WOODGROVE_TENANT_ID as WOODGROVE,
} from "@/tests/support/seed-ids";

export const GRAPH = "https://graph.microsoft.com";
export const DEFENDER = "https://api.security.microsoft.com";

/** A clock the tests move by hand, so throttling windows pass without sleeping. */
export class TestClock {
  now = Date.now();
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface IncidentTestWorld {
  url: string;
  clock: TestClock;
  /** An app-only access token as Entra issues for client credentials, signed with the emulator's key. */
  token(options: { tenantId: string; audience: string; roles?: string[]; appId?: string; claims?: Record<string, unknown> }): string;
  get(path: string, token: string, headers?: Record<string, string>): Promise<Response>;
  patch(path: string, token: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  post(path: string, token: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * An emulator (the default world unless a seed is given) with a hand-moved clock, and a way to mint
 * its tokens. Restart tests give a `stateDir` and a `clock` of their own.
 */
export async function startIncidentWorld(seed?: WorldSeed, options: { stateDir?: string; clock?: TestClock } = {}): Promise<IncidentTestWorld> {
  const clock = options.clock ?? new TestClock();
  const emulator = await startTestEmulator(seed, { clock: clock.read, stateDir: options.stateDir });
  const credentials = await readEmulatorCredentials(TEST_DATA_DIR);
  const signer = new TokenSigner(credentials.signing.privateKeyPem, credentials.signing.certificatePem);
  // A string body is sent as it is (for bodies that are not JSON); anything else as JSON.
  const send = (method: string, path: string, token: string, body: unknown, headers?: Record<string, string>) =>
    fetch(`${emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return {
    url: emulator.url,
    clock,
    token({ tenantId, audience, roles, appId = PORTAL_APP_ID, claims }) {
      const now = Math.floor(clock.now / 1000);
      return signer.sign({
        aud: audience,
        iss: `https://sts.windows.net/${tenantId}/`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        appid: appId,
        appidacr: "1",
        idtyp: "app",
        ...(roles && { roles }),
        tid: tenantId,
        ver: "1.0",
        ...claims,
      });
    },
    get: (path, token, headers) => fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } }),
    patch: (path, token, body, headers) => send("PATCH", path, token, body, headers),
    post: (path, token, body, headers) => send("POST", path, token, body, headers),
    close: () => emulator.close(),
  };
}
