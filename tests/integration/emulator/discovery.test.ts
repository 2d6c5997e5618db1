import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUID_PATTERN, PARTNER_DOMAIN, PARTNER_TENANT_ID, PORTAL_APP_ID, startTestEmulator, type TestEmulator } from "./emulator-fixture";

describe("emulator discovery endpoints", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());

  it("answers the health check", async () => {
    const response = await fetch(`${emulator.url}/_emulator/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("serves a URL on localhost", () => {
    expect(emulator.url).toMatch(/^https:\/\/localhost:\d+$/);
  });

  it.each([PARTNER_TENANT_ID, PARTNER_DOMAIN])("publishes the tenant's issuer and endpoints when addressed as %s", async (tenant) => {
    const response = await fetch(`${emulator.url}/${tenant}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const document = await response.json();
    const base = `${emulator.url}/${PARTNER_TENANT_ID}`;
    expect(document).toMatchObject({
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      response_modes_supported: ["query", "fragment", "form_post"],
      tenant_region_scope: "NA",
      cloud_instance_name: "microsoftonline.com",
    });
    expect(document.claims_supported).toEqual(expect.arrayContaining(["sub", "iss", "aud", "tid", "nonce", "preferred_username"]));
  });

  it("points jwks_uri at the app's keys when asked with ?appid=", async () => {
    const appId = PORTAL_APP_ID;
    const document = await (await fetch(`${emulator.url}/${PARTNER_TENANT_ID}/v2.0/.well-known/openid-configuration?appid=${appId}`)).json();
    expect(document.jwks_uri).toBe(`${emulator.url}/${PARTNER_TENANT_ID}/discovery/v2.0/keys?appid=${appId}`);
  });

  it("publishes the RSA signing key with kid, x5t and its certificate", async () => {
    const { keys } = await (await fetch(`${emulator.url}/${PARTNER_DOMAIN}/discovery/v2.0/keys`)).json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", use: "sig", e: "AQAB", issuer: `${emulator.url}/${PARTNER_TENANT_ID}/v2.0` });
    expect(keys[0].kid).toBe(keys[0].x5t);
    expect(keys[0].n.length).toBeGreaterThan(300);
    expect(keys[0].x5c).toHaveLength(1);
  });

  it("rejects an unknown tenant with AADSTS90002 in Entra's error shape", async () => {
    const response = await fetch(`${emulator.url}/unknown.example/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"]);
    expect(body.error).toBe("invalid_tenant");
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant 'unknown\.example' not found\. /);
    expect(body.error_description).toContain(`Trace ID: ${body.trace_id} Correlation ID: ${body.correlation_id} Timestamp: ${body.timestamp}`);
    expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
    expect(body.trace_id).toMatch(GUID_PATTERN);
    expect(body.error_uri).toBe(`${emulator.url}/error?code=90002`);
  });

  it("echoes the client-request-id header as the correlation id", async () => {
    const correlationId = "0a49cdbc-2e94-4089-bc6f-1162b123592c";
    const response = await fetch(`${emulator.url}/unknown.example/discovery/v2.0/keys`, { headers: { "client-request-id": correlationId } });
    expect((await response.json()).correlation_id).toBe(correlationId);
    expect(response.headers.get("client-request-id")).toBe(correlationId);
  });

  it("answers MSAL's instance discovery with this host as the only alias and the tenant's discovery document", async () => {
    const authorize = `${emulator.url}/${PARTNER_TENANT_ID}/oauth2/v2.0/authorize`;
    const response = await fetch(`${emulator.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`);
    expect(response.status).toBe(200);
    const host = new URL(emulator.url).host;
    expect(await response.json()).toEqual({
      tenant_discovery_endpoint: `${emulator.url}/${PARTNER_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  it("refuses instance discovery for an authorize endpoint on another host with invalid_instance AADSTS50049", async () => {
    const authorize = "https://login.example.com/common/oauth2/v2.0/authorize";
    const response = await fetch(`${emulator.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_instance", error_codes: [50049] });
  });
});
