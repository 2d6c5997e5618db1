import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientAssertion,
  codeFor,
  createClientCertificate,
  DEFENDER_DEFAULT,
  expectEntraError,
  FABRIKAM_TENANT_ID,
  GUID_PATTERN,
  PARTNER_TENANT_ID,
  PORTAL_APP_ID,
  PORTAL_REDIRECT_URI,
  PORTAL_SECRET,
  requestAppToken,
  seedWithPortalCertificate,
  startTestEmulator,
  verifyJwt,
  type TestEmulator,
} from "./emulator-fixture";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

describe("emulator client credentials (app-only tokens)", () => {
  const certificate = createClientCertificate();
  let emulator: TestEmulator;
  let jwks: Parameters<typeof verifyJwt>[1];
  let tokenEndpoint: (tenant: string) => string;
  beforeAll(async () => {
    emulator = await startTestEmulator(await seedWithPortalCertificate(certificate.certificatePem));
    jwks = await (await fetch(`${emulator.url}/${PARTNER_TENANT_ID}/discovery/v2.0/keys`)).json();
    tokenEndpoint = (tenant) => `${emulator.url}/${tenant}/oauth2/v2.0/token`;
    await emulator.world.grantConsent(FABRIKAM_TENANT_ID, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: ["Incident.Read.All"] });
  });
  afterAll(() => emulator.close());

  it("issues a v1 Graph token with the consented role to an app authenticated by secret", async () => {
    const response = await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, { client_secret: PORTAL_SECRET });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["token_type", "expires_in", "ext_expires_in", "access_token"]);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    const claims = verifyJwt(body.access_token, jwks);
    const objectId = emulator.world.servicePrincipal(FABRIKAM_TENANT_ID, PORTAL_APP_ID)?.objectId;
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      iss: `https://sts.windows.net/${FABRIKAM_TENANT_ID}/`,
      idp: `https://sts.windows.net/${FABRIKAM_TENANT_ID}/`,
      tid: FABRIKAM_TENANT_ID,
      appid: PORTAL_APP_ID,
      appidacr: "1",
      oid: objectId,
      sub: objectId,
      roles: ["SecurityIncident.Read.All"],
      ver: "1.0",
    });
    expect(claims.oid).toMatch(GUID_PATTERN);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3599);
    expect(claims.uti).toBeTruthy();
    expect(claims.rh).toBeTruthy();
  });

  it("issues a Defender token for the Defender scope", async () => {
    const response = await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, { client_secret: PORTAL_SECRET, scope: DEFENDER_DEFAULT });
    const claims = verifyJwt((await response.json()).access_token, jwks);
    expect(claims).toMatchObject({ aud: "https://api.security.microsoft.com", roles: ["Incident.Read.All"] });
  });

  it("issues a token without a roles claim in the home tenant, where nothing was consented", async () => {
    const response = await requestAppToken(emulator.url, PARTNER_TENANT_ID, { client_secret: PORTAL_SECRET });
    expect(response.status).toBe(200);
    expect(verifyJwt((await response.json()).access_token, jwks)).not.toHaveProperty("roles");
  });

  it("refuses an app without a service principal in the tenant with 401 AADSTS7000229", async () => {
    const response = await requestAppToken(emulator.url, "tailspin.example", { client_secret: PORTAL_SECRET });
    const body = await expectEntraError(response, 401, "invalid_client", 7000229);
    expect(body.error_description).toMatch(
      new RegExp(`^AADSTS7000229: The client application ${PORTAL_APP_ID} is missing service principal in the tenant 661560df-128d-487b-bb25-f2e8150bd11e\\. `),
    );
  });

  it("refuses a wrong secret with 401 AADSTS7000215 and a missing one with AADSTS7000216", async () => {
    await expectEntraError(await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, { client_secret: "wrong" }), 401, "invalid_client", 7000215);
    await expectEntraError(await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, {}), 401, "invalid_client", 7000216);
  });

  it("refuses a scope without /.default with AADSTS1002012 and an unknown resource with AADSTS500011", async () => {
    const named = await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, { client_secret: PORTAL_SECRET, scope: "https://graph.microsoft.com/SecurityIncident.Read.All" });
    const body = await expectEntraError(named, 400, "invalid_scope", 1002012);
    expect(body.error_description).toMatch(
      /^AADSTS1002012: The provided value for scope https:\/\/graph\.microsoft\.com\/SecurityIncident\.Read\.All is not valid\. Client credential flows must have a scope value with \/\.default suffixed to the resource identifier \(application ID URI\)\./,
    );
    const unknown = await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, { client_secret: PORTAL_SECRET, scope: "https://unknown.example/.default" });
    await expectEntraError(unknown, 400, "invalid_resource", 500011);
  });

  it("answers an unknown tenant, common and organizations with AADSTS90002", async () => {
    for (const tenant of ["nowhere.example", "common", "organizations"]) {
      const body = await expectEntraError(await requestAppToken(emulator.url, tenant, { client_secret: PORTAL_SECRET }), 400, "invalid_request", 90002);
      expect(body.error_description).toContain(`Tenant '${tenant}' not found.`);
    }
  });

  it("accepts a certificate assertion (private_key_jwt) and marks the token appidacr 2", async () => {
    const response = await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, {
      client_assertion_type: JWT_BEARER,
      client_assertion: clientAssertion(certificate, tokenEndpoint(FABRIKAM_TENANT_ID)),
    });
    expect(response.status).toBe(200);
    expect(verifyJwt((await response.json()).access_token, jwks)).toMatchObject({ appidacr: "2", roles: ["SecurityIncident.Read.All"] });
  });

  it("accepts an x5t#S256 thumbprint", async () => {
    const header = { x5t: undefined, "x5t#S256": Buffer.from(certificate.sha256Thumbprint, "hex").toString("base64url") };
    const response = await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, {
      client_assertion_type: JWT_BEARER,
      client_assertion: clientAssertion(certificate, tokenEndpoint(FABRIKAM_TENANT_ID), { header }),
    });
    expect(response.status).toBe(200);
  });

  it("refuses assertions from an unregistered certificate, with a bad signature, a wrong audience or expired (AADSTS700027/700023/700024)", async () => {
    const other = createClientCertificate();
    const request = (assertion: string) =>
      requestAppToken(emulator.url, FABRIKAM_TENANT_ID, { client_assertion_type: JWT_BEARER, client_assertion: assertion });
    const audience = tokenEndpoint(FABRIKAM_TENANT_ID);
    const unknown = await expectEntraError(await request(clientAssertion(other, audience)), 401, "invalid_client", 700027);
    expect(unknown.error_description).toContain(
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${other.sha1Thumbprint.toUpperCase()}'`,
    );
    const forged = await expectEntraError(await request(clientAssertion(certificate, audience, { privateKeyPem: other.privateKeyPem })), 401, "invalid_client", 700027);
    expect(forged.error_description).toContain("Client assertion contains an invalid signature.");
    await expectEntraError(await request(clientAssertion(certificate, "https://elsewhere.example/token")), 401, "invalid_client", 700023);
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectEntraError(await request(clientAssertion(certificate, audience, { claims: { nbf: past - 600, exp: past } })), 401, "invalid_client", 700024);
  });

  it("accepts a certificate assertion for the authorization_code grant", async () => {
    const code = await codeFor(emulator.url);
    const response = await fetch(tokenEndpoint(PARTNER_TENANT_ID), {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: PORTAL_APP_ID,
        code,
        redirect_uri: PORTAL_REDIRECT_URI,
        client_assertion_type: JWT_BEARER,
        client_assertion: clientAssertion(certificate, tokenEndpoint(PARTNER_TENANT_ID)),
      }),
    });
    expect(response.status).toBe(200);
    expect(verifyJwt((await response.json()).access_token, jwks)).toMatchObject({ appidacr: "2", idtyp: "user" });
  });
});
