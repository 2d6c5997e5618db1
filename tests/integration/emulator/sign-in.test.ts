import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  ANALYST,
  authorizeUrl,
  codeFor,
  hiddenFields,
  pickAccount,
  pkcePair,
  PARTNER_TENANT_ID,
  PORTAL_APP_ID,
  PORTAL_REDIRECT_URI,
  redeemCode,
  startTestEmulator,
  verifyJwt,
  VISITOR,
  type TestEmulator,
} from "./emulator-fixture";

describe("emulator sign-in (authorization code flow)", () => {
  let emulator: TestEmulator;
  let jwks: Parameters<typeof verifyJwt>[1];
  beforeAll(async () => {
    emulator = await startTestEmulator();
    jwks = await (await fetch(`${emulator.url}/${PARTNER_TENANT_ID}/discovery/v2.0/keys`)).json();
  });
  afterAll(() => emulator.close());

  it("lists the partner tenant's three users on the account picker", async () => {
    const response = await fetch(authorizeUrl(emulator.url));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Pick an account");
    for (const user of [ADMIN, ANALYST, VISITOR]) {
      expect(html).toContain(user.name);
      expect(html).toContain(user.upn);
    }
    expect(html).not.toContain("fabrikam.example");
    expect(hiddenFields(html).get("client_id")).toBe(PORTAL_APP_ID);
  });

  it("signs the admin in with PKCE and nonce, and the ID token verifies against the JWKS with the admin's role", async () => {
    const { verifier, challenge } = pkcePair();
    const picked = await pickAccount(authorizeUrl(emulator.url, { challenge, nonce: "nonce-abc", state: "state-xyz" }), ADMIN.upn);
    expect(picked.status).toBe(302);
    const location = new URL(picked.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(PORTAL_REDIRECT_URI);
    expect(location.searchParams.get("state")).toBe("state-xyz");
    expect(location.searchParams.get("session_state")).toBeTruthy();
    const code = location.searchParams.get("code") ?? "";

    const response = await redeemCode(emulator.url, { code, code_verifier: verifier });
    expect(response.status).toBe(200);
    const tokens = await response.json();
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    expect(tokens.scope).toBe("openid profile email https://graph.microsoft.com/User.Read");

    const claims = verifyJwt(tokens.id_token, jwks);
    expect(claims).toMatchObject({
      ver: "2.0",
      iss: `${emulator.url}/${PARTNER_TENANT_ID}/v2.0`,
      aud: PORTAL_APP_ID,
      tid: PARTNER_TENANT_ID,
      oid: ADMIN.oid,
      preferred_username: ADMIN.upn,
      email: ADMIN.upn,
      name: ADMIN.name,
      nonce: "nonce-abc",
      roles: ["Portal.Admin"],
    });
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(Number(claims.nbf)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(verifyJwt(tokens.access_token, jwks)).toMatchObject({ aud: "00000003-0000-0000-c000-000000000000", oid: ADMIN.oid });
  });

  it("gives the same pairwise sub to the same user on every sign-in", async () => {
    const subject = async () => {
      const tokens = await (await redeemCode(emulator.url, { code: await codeFor(emulator.url) })).json();
      return verifyJwt(tokens.id_token, jwks).sub;
    };
    expect(await subject()).toBe(await subject());
  });

  it("omits the roles claim for a user without an app role", async () => {
    const picked = await pickAccount(authorizeUrl(emulator.url), VISITOR.upn);
    const code = new URL(picked.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const tokens = await (await redeemCode(emulator.url, { code })).json();
    const claims = verifyJwt(tokens.id_token, jwks);
    expect(claims.oid).toBe(VISITOR.oid);
    expect(claims).not.toHaveProperty("roles");
  });

  it("skips the picker when login_hint names a user of the tenant", async () => {
    const response = await fetch(authorizeUrl(emulator.url, { extra: { login_hint: ANALYST.upn } }), { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^http:\/\/localhost:3000\/api\/auth\/callback\/azure-ad\?code=/);
  });

  it("shows the picker despite login_hint when prompt=select_account", async () => {
    const url = authorizeUrl(emulator.url, { extra: { login_hint: ANALYST.upn, prompt: "select_account" } });
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Pick an account");
  });

  it("posts the code back with an auto-submitting form when response_mode=form_post", async () => {
    const response = await fetch(authorizeUrl(emulator.url, { extra: { login_hint: ADMIN.upn, response_mode: "form_post" } }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`action="${PORTAL_REDIRECT_URI}"`);
    expect(html).toContain("document.forms[0].submit()");
    const fields = hiddenFields(html);
    expect(fields.get("code")).toBeTruthy();
    expect(fields.get("state")).toBe("state-123");
  });

  it("ignores the port of a loopback redirect URI, as Entra does", async () => {
    const redirectUri = "http://localhost:61234/api/auth/callback/azure-ad";
    const code = await codeFor(emulator.url, { redirectUri });
    const response = await redeemCode(emulator.url, { code, redirect_uri: redirectUri });
    expect(response.status).toBe(200);
  });

  it("shows AADSTS50011 and never redirects to an unregistered redirect URI", async () => {
    const response = await fetch(authorizeUrl(emulator.url, { redirectUri: "https://evil.example/callback" }), { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    const html = await response.text();
    expect(html).toContain("AADSTS50011: The redirect URI &#39;https://evil.example/callback&#39; specified in the request does not match");
  });

  it("shows AADSTS700016 for an unknown client_id", async () => {
    const url = authorizeUrl(emulator.url).replace(PORTAL_APP_ID, "11111111-2222-3333-4444-555555555555");
    const response = await fetch(url, { redirect: "manual" });
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain("AADSTS700016: Application with identifier &#39;11111111-2222-3333-4444-555555555555&#39;");
  });

  it("shows AADSTS90002 as a page for an unknown tenant", async () => {
    const response = await fetch(authorizeUrl(emulator.url, { tenant: "nowhere.example" }), { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("AADSTS90002: Tenant &#39;nowhere.example&#39; not found.");
  });

  it("refuses a customer tenant's user at the partner authority with AADSTS50020", async () => {
    const response = await pickAccount(authorizeUrl(emulator.url), "admin@fabrikam.example");
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    const html = await response.text();
    expect(html).toContain(
      "AADSTS50020: User account &#39;admin@fabrikam.example&#39; from identity provider " +
        "&#39;https://sts.windows.net/d07e079e-4f7c-4c1e-bf93-dc6d19cc37c2/&#39; does not exist in tenant " +
        `&#39;Northwind Security Partners&#39; and cannot access the application &#39;${PORTAL_APP_ID}&#39;(Northwind Partner Portal) in that tenant.`,
    );
  });

  it("shows AADSTS50034 on the picker for an unknown account", async () => {
    const response = await pickAccount(authorizeUrl(emulator.url), "nobody@northwind-partners.example");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Pick an account");
    expect(html).toContain(`AADSTS50034: The user account nobody@northwind-partners.example does not exist in the ${PARTNER_TENANT_ID} directory.`);
  });

  it("redirects an unsupported response_type back to the app as an Entra error", async () => {
    const response = await fetch(authorizeUrl(emulator.url, { extra: { response_type: "token" } }), { redirect: "manual" });
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("unsupported_response_type");
    expect(location.searchParams.get("error_description")).toMatch(/^AADSTS700054: /);
    expect(location.searchParams.get("state")).toBe("state-123");
  });

  it("answers prompt=none with login_required, since the emulator keeps no session", async () => {
    const response = await fetch(authorizeUrl(emulator.url, { extra: { prompt: "none", login_hint: ADMIN.upn } }), { redirect: "manual" });
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("error")).toBe("login_required");
  });

  it("redirects after sign-out only to a registered origin", async () => {
    const logout = (target: string) =>
      fetch(`${emulator.url}/${PARTNER_TENANT_ID}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(target)}`, {
        redirect: "manual",
      });
    const back = await logout("http://localhost:3000/signed-out");
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("http://localhost:3000/signed-out");
    const elsewhere = await logout("https://evil.example/");
    expect(elsewhere.status).toBe(200);
    expect(await elsewhere.text()).toContain("You signed out of your account");
  });
});

describe("emulator account picker with a hostile seed", () => {
  const TENANT = "0f0e0d0c-0b0a-4908-8706-050403020100";
  const APP = "10203040-5060-4708-9090-a0b0c0d0e0f0";
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({
      tenants: [
        {
          id: TENANT,
          displayName: "Evil <b>Corp</b>",
          domains: ["evil.example"],
          users: [{ oid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", userPrincipalName: "x@evil.example", displayName: `<script>alert("pwned")</script>` }],
        },
      ],
      applications: [
        {
          appId: APP,
          displayName: `App "><img src=x onerror=alert(1)>`,
          homeTenantId: TENANT,
          secrets: ["s"],
          redirectUris: ["http://localhost:3000/cb"],
        },
      ],
    });
  });
  afterAll(() => emulator.close());

  it("escapes a hostile display name, application name and state on the picker", async () => {
    const url = new URL(`${emulator.url}/${TENANT}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({
      client_id: APP,
      response_type: "code",
      redirect_uri: "http://localhost:3000/cb",
      scope: "openid",
      state: `"><script>alert(2)</script>`,
    }).toString();
    const response = await fetch(url);
    const html = await response.text();
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;script&#62;alert(&#34;pwned&#34;)&#60;/script&#62;");
    expect(hiddenFields(html).get("state")).toBe(`"><script>alert(2)</script>`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});
