import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Issuer, type TokenSet } from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { authOptions } from "@/lib/auth/options";
import {
  ADMIN,
  codeFor,
  createClientCertificate,
  PARTNER_TENANT_ID,
  pkcePair,
  PORTAL_APP_ID,
  PORTAL_REDIRECT_URI,
  seedWithPortalCertificate,
  startTestEmulator,
  type TestEmulator,
} from "@/tests/integration/emulator/emulator-fixture";

type TokenRequest = (context: unknown) => Promise<{ tokens: TokenSet }>;

// Staff sign-in when the app registration holds a certificate instead of a secret.
describe("staff sign-in with a certificate credential", () => {
  const certificate = createClientCertificate();
  let emulator: TestEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator(await seedWithPortalCertificate(certificate.certificatePem));
    const pem = join(mkdtempSync(join(tmpdir(), "portal-cert-")), "portal.pem");
    writeFileSync(pem, certificate.privateKeyPem + certificate.certificatePem);
    Object.assign(process.env, {
      NEXTAUTH_SECRET: "s".repeat(40),
      AZURE_CLIENT_ID: PORTAL_APP_ID,
      AZURE_TENANT_ID: PARTNER_TENANT_ID,
      AZURE_CLIENT_CERTIFICATE_PATH: pem,
      AZURE_AUTHORITY_HOST: emulator.url,
      PARTNER_NAME: "Northwind Security Partners",
    });
  });
  afterAll(() => emulator.close());

  it("redeems the sign-in code with a signed client assertion and gets the user's ID token", async () => {
    const provider = authOptions().providers[0] as unknown as { options: { token: { request: TokenRequest } } };
    const issuer = await Issuer.discover(`${emulator.url}/${PARTNER_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    const client = new issuer.Client({ client_id: PORTAL_APP_ID, token_endpoint_auth_method: "none" });
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(emulator.url, { challenge, nonce: "nonce-1", state: "state-1" });

    const { tokens } = await provider.options.token.request({
      client,
      params: { code, state: "state-1" },
      checks: { code_verifier: verifier, nonce: "nonce-1", state: "state-1" },
      provider: { callbackUrl: PORTAL_REDIRECT_URI },
    });

    expect(tokens.claims()).toMatchObject({ tid: PARTNER_TENANT_ID, preferred_username: ADMIN.upn, roles: ["Portal.Admin"] });
  });
});
