import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startControlledEmulator, type ControlledEmulator } from "./control-fixture";
import { ANALYST, codeFor, decodeJwtPart, expectEntraError, PARTNER_TENANT_ID, PORTAL_APP_ID, PORTAL_SECRET, pickAccount, authorizeUrl, redeemCode } from "./emulator-fixture";

const SIGN_IN_SCOPE = "openid profile email offline_access";

describe("emulator refresh tokens: what Entra says about a signed-in user now", () => {
  let emulator: ControlledEmulator;
  beforeAll(async () => {
    emulator = await startControlledEmulator();
  });
  afterAll(() => emulator.close());

  async function signIn(scope = SIGN_IN_SCOPE): Promise<Record<string, string>> {
    const code = await codeFor(emulator.url, { login: ANALYST.upn, extra: { scope } });
    const response = await redeemCode(emulator.url, { code });
    expect(response.status).toBe(200);
    return response.json();
  }

  function refresh(refreshToken: string, form: Record<string, string> = {}): Promise<Response> {
    return fetch(`${emulator.url}/${PARTNER_TENANT_ID}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: PORTAL_APP_ID, client_secret: PORTAL_SECRET, refresh_token: refreshToken, scope: SIGN_IN_SCOPE, ...form }),
    });
  }

  const changeAnalyst = async (change: object) => {
    const response = await emulator.controlApi("PATCH", `/tenants/${PARTNER_TENANT_ID}/users/${ANALYST.upn}`, change);
    expect(response.status).toBe(200);
    return response.json();
  };

  it("issues a refresh token only to a sign-in that asked for offline_access", async () => {
    expect(await signIn("openid profile email")).not.toHaveProperty("refresh_token");
    const tokens = await signIn();
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(tokens.scope).toBe("openid profile email https://graph.microsoft.com/User.Read");
  });

  it("answers a refresh with an ID token that carries the user's roles as they are now", async () => {
    const { refresh_token } = await signIn();
    const first = await refresh(refresh_token);
    expect(first.status).toBe(200);
    const renewed = await first.json();
    expect(decodeJwtPart(renewed.id_token, 1)).toMatchObject({ oid: ANALYST.oid, tid: PARTNER_TENANT_ID, aud: PORTAL_APP_ID, roles: ["Portal.Analyst"] });
    expect(renewed.refresh_token).toBeTruthy();

    await changeAnalyst({ appRoles: [] });
    try {
      const roleless = await (await refresh(refresh_token)).json();
      expect(decodeJwtPart(roleless.id_token, 1)).not.toHaveProperty("roles");
    } finally {
      await changeAnalyst({ appRoles: [{ appId: PORTAL_APP_ID, role: "Portal.Analyst" }] });
    }
  });

  it("refuses a disabled user's refresh and sign-in (AADSTS50057) until the account is enabled again", async () => {
    const { refresh_token } = await signIn();
    expect(await changeAnalyst({ accountEnabled: false })).toMatchObject({ accountEnabled: false });
    try {
      await expectEntraError(await refresh(refresh_token), 400, "invalid_grant", 50057);
      const picked = await pickAccount(authorizeUrl(emulator.url), ANALYST.upn);
      expect(await picked.text()).toContain("AADSTS50057");
    } finally {
      await changeAnalyst({ accountEnabled: true });
    }
    expect((await refresh(refresh_token)).status).toBe(200);
  });

  it("voids refresh tokens from before the user's sessions were revoked (AADSTS50173), not those of a later sign-in", async () => {
    const before = await signIn();
    const renewed = await (await refresh(before.refresh_token)).json();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await changeAnalyst({ revokeSessions: true });
    await expectEntraError(await refresh(before.refresh_token), 400, "invalid_grant", 50173);
    // A token renewed from a revoked sign-in descends from it: void too.
    await expectEntraError(await refresh(renewed.refresh_token), 400, "invalid_grant", 50173);
    expect((await refresh((await signIn()).refresh_token)).status).toBe(200);
  });

  it("refuses a refresh without a scope or with an unknown token; the control API checks the change and the user", async () => {
    const { refresh_token } = await signIn();
    await expectEntraError(await refresh(refresh_token, { scope: "" }), 400, "invalid_request", 900144);
    await expectEntraError(await refresh("not-a-token"), 400, "invalid_grant", 9002313);
    expect((await emulator.controlApi("PATCH", `/tenants/${PARTNER_TENANT_ID}/users/${ANALYST.upn}`, { accountEnabled: "no" })).status).toBe(400);
    expect((await emulator.controlApi("PATCH", `/tenants/${PARTNER_TENANT_ID}/users/nobody@northwind-partners.example`, {})).status).toBe(404);
  });
});
