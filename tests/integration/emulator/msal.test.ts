import { ConfidentialClientApplication, ServerError, type Configuration } from "@azure/msal-node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cloudDiscoveryMetadata } from "@/lib/tokens/metadata";
import {
  ADATUM_TENANT_ID,
  createClientCertificate,
  decodeJwtPart,
  DEFENDER_DEFAULT,
  FABRIKAM_ADMIN,
  FABRIKAM_TENANT_ID,
  GRAPH_DEFAULT,
  PARTNER_TENANT_ID,
  adminConsentUrl,
  PORTAL_APP_ID,
  PORTAL_SECRET,
  seedWithPortalCertificate,
  startTestEmulator,
  TAILSPIN_TENANT_ID,
  walkConsent,
  withoutDefender,
  WOODGROVE_TENANT_ID,
  type TestEmulator,
} from "./emulator-fixture";

// The real @azure/msal-node 7 against the emulator, as the portal will use it.
describe("emulator with MSAL Node (client credentials)", () => {
  const certificate = createClientCertificate();
  let emulator: TestEmulator;
  /** The partner tenant's OpenID configuration, the template for every tenant's authority metadata. */
  let openIdTemplate: string;
  beforeAll(async () => {
    // Adatum is a customer without Microsoft Defender XDR here.
    emulator = await startTestEmulator(withoutDefender(await seedWithPortalCertificate(certificate.certificatePem), ADATUM_TENANT_ID));
    openIdTemplate = await (await fetch(`${emulator.url}/${PARTNER_TENANT_ID}/v2.0/.well-known/openid-configuration`)).text();
  });
  afterAll(() => emulator.close());
  afterEach(() => vi.unstubAllGlobals());

  /**
   * Metadata given up front, as the stack notes advise: MSAL then makes no discovery request. Like
   * the portal, the authority metadata is one tenant's discovery document with the tenant swapped.
   */
  function preloadedMetadata(tenant: string): Pick<Configuration["auth"], "authorityMetadata" | "cloudDiscoveryMetadata"> {
    return {
      authorityMetadata: openIdTemplate.replaceAll(PARTNER_TENANT_ID, tenant),
      cloudDiscoveryMetadata: cloudDiscoveryMetadata(emulator.url),
    };
  }

  function appFor(tenant: string, credential: { clientSecret: string } | { clientCertificate: NonNullable<Configuration["auth"]["clientCertificate"]> }) {
    return new ConfidentialClientApplication({
      auth: { clientId: PORTAL_APP_ID, authority: `${emulator.url}/${tenant}`, ...preloadedMetadata(tenant), ...credential },
    });
  }

  const rolesOf = (accessToken: string) => decodeJwtPart(accessToken, 1).roles;

  // MSAL types errorNo as a string but passes Entra's error_codes[0] through: at run time it is a number.
  async function errorNumber(acquire: Promise<unknown>): Promise<string> {
    const error = await acquire.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    return String((error as ServerError).errorNo);
  }

  it("fails with AADSTS7000229 before consent, then gets a token with the role after the admin consents", async () => {
    const app = appFor(FABRIKAM_TENANT_ID, { clientSecret: PORTAL_SECRET });
    expect(await errorNumber(app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }))).toBe("7000229");

    await walkConsent(adminConsentUrl(emulator.url), FABRIKAM_ADMIN.upn, "accept");
    const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT], skipCache: true });
    // Every Graph permission the app registration asks for: read and write.
    expect(rolesOf(result?.accessToken ?? "")).toEqual(["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"]);
  });

  it("reports the Defender API as AADSTS500011 in a tenant without Defender, and still gets Graph tokens there", async () => {
    await emulator.world.grantConsent(ADATUM_TENANT_ID, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] });
    const app = appFor(ADATUM_TENANT_ID, { clientSecret: PORTAL_SECRET });
    expect(await errorNumber(app.acquireTokenByClientCredential({ scopes: [DEFENDER_DEFAULT] }))).toBe("500011");
    expect(rolesOf((await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }))?.accessToken ?? "")).toEqual(["SecurityIncident.Read.All"]);
  });

  it("gets a token with a certificate credential (SHA-256 thumbprint, PS256 assertion)", async () => {
    await emulator.world.grantConsent(TAILSPIN_TENANT_ID, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
    const app = appFor(TAILSPIN_TENANT_ID, {
      clientCertificate: { thumbprintSha256: certificate.sha256Thumbprint, privateKey: certificate.privateKeyPem },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    expect(decodeJwtPart(result?.accessToken ?? "", 1)).toMatchObject({ appidacr: "2", roles: ["SecurityIncident.Read.All"] });
  });

  it("reports a wrong secret as AADSTS7000215", async () => {
    const app = appFor(FABRIKAM_TENANT_ID, { clientSecret: "not-the-secret" });
    expect(await errorNumber(app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }))).toBe("7000215");
  });

  it("reports an unknown tenant as AADSTS90002", async () => {
    const app = appFor("nowhere.example", { clientSecret: PORTAL_SECRET });
    expect(await errorNumber(app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }))).toBe("90002");
  });

  it("gets a token without roles once the last app role is removed", async () => {
    await emulator.world.grantConsent(WOODGROVE_TENANT_ID, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
    const app = appFor(WOODGROVE_TENANT_ID, { clientSecret: PORTAL_SECRET });
    expect(rolesOf((await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }))?.accessToken ?? "")).toEqual(["SecurityIncident.Read.All"]);

    await emulator.world.removeAppRole(WOODGROVE_TENANT_ID, PORTAL_APP_ID, "graph", "SecurityIncident.Read.All");
    const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT], skipCache: true });
    expect(result?.accessToken).toBeTruthy();
    expect(rolesOf(result?.accessToken ?? "")).toBeUndefined();
  });

  it("works as a default MSAL app that discovers the cloud instance, when login.microsoftonline.com reaches the emulator", async () => {
    // Stands in for a network where Microsoft's discovery host resolves to the emulator: MSAL asks
    // login.microsoftonline.com/common/discovery/instance about any authority it does not know.
    const realFetch = globalThis.fetch;
    const requested: string[] = [];
    vi.stubGlobal("fetch", (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      requested.push(url.replace(emulator.url, "https://EMULATOR"));
      return realFetch(url.replace(/^https:\/\/login\.microsoftonline\.com\//, `${emulator.url}/`), init);
    });
    await emulator.world.grantConsent(TAILSPIN_TENANT_ID, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
    const app = new ConfidentialClientApplication({
      auth: { clientId: PORTAL_APP_ID, authority: `${emulator.url}/${TAILSPIN_TENANT_ID}`, clientSecret: PORTAL_SECRET },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    expect(rolesOf(result?.accessToken ?? "")).toEqual(["SecurityIncident.Read.All"]);
    expect(requested.map((url) => url.split("?")[0])).toEqual([
      "https://login.microsoftonline.com/common/discovery/instance",
      `https://EMULATOR/${TAILSPIN_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      `https://EMULATOR/${TAILSPIN_TENANT_ID}/oauth2/v2.0/token`,
    ]);
  });
});
