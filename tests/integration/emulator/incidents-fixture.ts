import { rm } from "node:fs/promises";
import { readEmulatorCredentials } from "@/emulator/certificates";
import { startEmulator } from "@/emulator/server";
import { TokenSigner } from "@/emulator/tokens";
import { newStateDir, PORTAL_APP_ID, TEST_DATA_DIR } from "./emulator-fixture";

export const FABRIKAM = "d07e079e-4f7c-4c1e-bf93-dc6d19cc37c2";
export const TAILSPIN = "661560df-128d-487b-bb25-f2e8150bd11e";
export const WOODGROVE = "7d8d37dc-d80d-4a73-a814-f8539517b251";
export const ADATUM_EMPTY = "610e180a-8576-4519-89b0-73edcc48028f";
export const LITWARE_LARGE = "ba5e58e4-c41c-465d-ad33-212c86c6c8fb";
export const PROSEWARE_HOSTILE = "8ff6aaa1-b17e-4533-9037-4e3911d585c9";

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
  get(path: string, token: string): Promise<Response>;
  patch(path: string, token: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startIncidentWorld(): Promise<IncidentTestWorld> {
  const clock = new TestClock();
  // Like startTestEmulator, but with the injected clock; world state goes to a fresh directory.
  const stateDir = newStateDir();
  const emulator = await startEmulator({ port: 0, dataDir: TEST_DATA_DIR, stateDir, seed: "emulator/seeds/default.json", clock: clock.read });
  const credentials = await readEmulatorCredentials(TEST_DATA_DIR);
  const signer = new TokenSigner(credentials.signing.privateKeyPem, credentials.signing.certificatePem);
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
    get: (path, token) => fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${token}` } }),
    patch: (path, token, body) =>
      fetch(`${emulator.url}${path}`, { method: "PATCH", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
    close: async () => {
      await emulator.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
