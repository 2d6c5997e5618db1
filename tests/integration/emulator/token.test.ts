import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  codeFor,
  expectEntraError,
  GUID_PATTERN,
  FABRIKAM_TENANT_ID,
  PARTNER_TENANT_ID,
  pkcePair,
  PORTAL_APP_ID,
  PORTAL_SECRET,
  redeemCode,
  startTestEmulator,
  type TestEmulator,
} from "./emulator-fixture";

describe("emulator token endpoint", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());

  it("rejects a wrong secret with 401 invalid_client AADSTS7000215 in Entra's exact body shape", async () => {
    const response = await redeemCode(emulator.url, { code: await codeFor(emulator.url), client_secret: "wrong" });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"]);
    expect(body).toMatchObject({ error: "invalid_client", error_codes: [7000215], error_uri: `${emulator.url}/error?code=7000215` });
    expect(body.error_description).toBe(
      "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
        `not the client secret ID, for a secret added to app '${PORTAL_APP_ID}'. ` +
        `Trace ID: ${body.trace_id} Correlation ID: ${body.correlation_id} Timestamp: ${body.timestamp}`,
    );
    expect(body.trace_id).toMatch(GUID_PATTERN);
    expect(body.correlation_id).toMatch(GUID_PATTERN);
    expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  });

  it("rejects a missing secret with 401 invalid_client AADSTS7000218", async () => {
    const response = await redeemCode(emulator.url, { code: await codeFor(emulator.url), client_secret: "" });
    await expectEntraError(response, 401, "invalid_client", 7000218);
  });

  it("accepts the secret in HTTP Basic authentication (client_secret_basic)", async () => {
    const code = await codeFor(emulator.url);
    const basic = Buffer.from(`${encodeURIComponent(PORTAL_APP_ID)}:${encodeURIComponent(PORTAL_SECRET)}`).toString("base64");
    const response = await fetch(`${emulator.url}/${PARTNER_TENANT_ID}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: "http://localhost:3000/api/auth/callback/azure-ad" }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).id_token).toBeTruthy();
  });

  it("refuses a replayed code with invalid_grant AADSTS54005", async () => {
    const code = await codeFor(emulator.url);
    expect((await redeemCode(emulator.url, { code })).status).toBe(200);
    await expectEntraError(await redeemCode(emulator.url, { code }), 400, "invalid_grant", 54005);
  });

  it("refuses an unknown code with invalid_grant", async () => {
    await expectEntraError(await redeemCode(emulator.url, { code: "not-a-code" }), 400, "invalid_grant", 9002313);
  });

  it("refuses a wrong PKCE verifier with invalid_grant AADSTS50148", async () => {
    const code = await codeFor(emulator.url, { challenge: pkcePair().challenge });
    await expectEntraError(await redeemCode(emulator.url, { code, code_verifier: pkcePair().verifier }), 400, "invalid_grant", 50148);
  });

  it("refuses a missing PKCE verifier with invalid_grant AADSTS501481", async () => {
    const code = await codeFor(emulator.url, { challenge: pkcePair().challenge });
    await expectEntraError(await redeemCode(emulator.url, { code }), 400, "invalid_grant", 501481);
  });

  it("refuses a redirect_uri that differs from the authorize request's", async () => {
    const code = await codeFor(emulator.url);
    const response = await redeemCode(emulator.url, { code, redirect_uri: "http://localhost:3000/consent/callback" });
    await expectEntraError(response, 400, "invalid_grant", 50011);
  });

  it("refuses a code redeemed at another tenant with AADSTS700005", async () => {
    const code = await codeFor(emulator.url);
    await expectEntraError(await redeemCode(emulator.url, { code }, FABRIKAM_TENANT_ID), 400, "invalid_grant", 700005);
  });

  it("answers an unknown client with AADSTS700016", async () => {
    const response = await redeemCode(emulator.url, { code: "x", client_id: "11111111-2222-3333-4444-555555555555" });
    await expectEntraError(response, 400, "unauthorized_client", 700016);
  });

  it("answers grant types it does not support with unsupported_grant_type AADSTS70003", async () => {
    const response = await redeemCode(emulator.url, { grant_type: "password", scope: "https://graph.microsoft.com/.default" });
    await expectEntraError(response, 400, "unsupported_grant_type", 70003);
  });

  it("answers a GET with AADSTS900561", async () => {
    const response = await fetch(`${emulator.url}/${PARTNER_TENANT_ID}/oauth2/v2.0/token`);
    await expectEntraError(response, 400, "invalid_request", 900561);
  });

  it("answers an unknown tenant with AADSTS90002", async () => {
    await expectEntraError(await redeemCode(emulator.url, { code: "x" }, "nowhere.example"), 400, "invalid_request", 90002);
  });
});
