import { FABRIKAM_TENANT_ID, GRAPH_DEFAULT, PORTAL_APP_ID, PORTAL_SECRET, requestAppToken, startTestEmulator, TAILSPIN_TENANT_ID } from "./emulator-fixture";

export const GRAPH_INCIDENTS = "/graph/v1.0/security/incidents?$top=1";
export const DEFENDER_INCIDENTS = "/defender/api/incidents?$top=1";

export type ControlledEmulator = Awaited<ReturnType<typeof startControlledEmulator>>;

/** An emulator with the control API on, where Fabrikam and Tailspin consented to the portal app. */
export async function startControlledEmulator(options: { latencyMs?: number; stateDir?: string; clock?: () => number; liveSeconds?: number } = {}) {
  const emulator = await startTestEmulator(undefined, { control: true, ...options });
  for (const tenantId of [FABRIKAM_TENANT_ID, TAILSPIN_TENANT_ID]) {
    await emulator.control.grantConsent(tenantId, PORTAL_APP_ID, { graph: ["SecurityIncident.ReadWrite.All"], defender: ["Incident.ReadWrite.All"] });
  }
  const tokenResponse = (tenantId: string, scope = GRAPH_DEFAULT): Promise<Response> =>
    requestAppToken(emulator.url, tenantId, { client_secret: PORTAL_SECRET, scope });
  return {
    ...emulator,
    /** A call to the HTTP control API, with a JSON body when one is given. */
    controlApi(method: string, path: string, body?: unknown): Promise<Response> {
      return fetch(`${emulator.url}/_emulator/control${path}`, {
        method,
        ...(body !== undefined && { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      });
    },
    tokenResponse,
    /** A client-credentials token for Graph (or, with DEFENDER_DEFAULT, Defender). */
    async appToken(tenantId: string, scope = GRAPH_DEFAULT): Promise<string> {
      const response = await tokenResponse(tenantId, scope);
      if (response.status !== 200) throw new Error(`No token for ${tenantId}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    get(path: string, token: string, signal?: AbortSignal): Promise<Response> {
      return fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal });
    },
  };
}

/** How long a request takes, in milliseconds, with its response. */
export async function timed(request: Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  const response = await request;
  await response.arrayBuffer();
  return { response, ms: performance.now() - started };
}
