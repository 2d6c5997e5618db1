import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN,
  adminConsentUrl,
  CONSENT_REDIRECT_URI,
  decodeJwtPart,
  DEFENDER_DEFAULT,
  FABRIKAM_ADMIN,
  FABRIKAM_DOMAIN,
  FABRIKAM_HELPDESK,
  FABRIKAM_TENANT_ID,
  GRAPH_DEFAULT,
  PORTAL_APP_ID,
  PORTAL_SECRET,
  redirectQuery,
  requestAppToken,
  startTestEmulator,
  submitForm,
  TAILSPIN_ADMIN,
  TAILSPIN_TENANT_ID,
  walkConsent,
  type TestEmulator,
} from "./emulator-fixture";

// The default seed's app asks for read and write permissions on both APIs.
const GRAPH_ROLES = ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"];
const DEFENDER_ROLES = ["Incident.Read.All", "Incident.ReadWrite.All"];
const GRAPH_SCOPE = GRAPH_ROLES.map((role) => `https://graph.microsoft.com/${role}`).join(" ");
const DEFENDER_SCOPE = DEFENDER_ROLES.map((role) => `https://api.security.microsoft.com/${role}`).join(" ");

describe("emulator admin consent", () => {
  let emulator: TestEmulator;
  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => emulator.close());

  const servicePrincipal = (tenantId: string) => emulator.world.servicePrincipal(tenantId, PORTAL_APP_ID);

  it("shows the app, its publisher and the Graph permission to a global admin, who accepts and is sent back with the tenant and scope", async () => {
    const url = adminConsentUrl(emulator.url, { tenant: FABRIKAM_DOMAIN, state: "s-1" });
    const picker = await fetch(url);
    const pickerHtml = await picker.text();
    expect(pickerHtml).toContain("Pick an account");
    expect(pickerHtml).toContain(FABRIKAM_ADMIN.upn);
    expect(pickerHtml).not.toContain(ADMIN.upn);

    const consent = await submitForm(url, pickerHtml, { login: FABRIKAM_ADMIN.upn });
    const consentHtml = await consent.text();
    expect(consentHtml).toContain("Permissions requested");
    expect(consentHtml).toContain("Accept for your organization");
    expect(consentHtml).toContain("Northwind Partner Portal");
    expect(consentHtml).toContain("Northwind Security Partners");
    for (const role of GRAPH_ROLES) expect(consentHtml).toContain(role);
    expect(consentHtml).not.toContain("(Incident.Read");
    expect(servicePrincipal(FABRIKAM_TENANT_ID)).toBeUndefined();

    const { target, query } = redirectQuery(await submitForm(url, consentHtml, { decision: "accept" }));
    expect(target).toBe(CONSENT_REDIRECT_URI);
    expect([...query]).toEqual([
      ["admin_consent", "True"],
      ["tenant", FABRIKAM_TENANT_ID],
      ["scope", GRAPH_SCOPE],
      ["state", "s-1"],
    ]);
    expect(servicePrincipal(FABRIKAM_TENANT_ID)?.appRoles).toEqual({ graph: GRAPH_ROLES, defender: [] });
  });

  it("grants the Defender permission for the Defender scope", async () => {
    const response = await walkConsent(adminConsentUrl(emulator.url, { scope: DEFENDER_DEFAULT }), FABRIKAM_ADMIN.upn, "accept");
    expect(redirectQuery(response).query.get("scope")).toBe(DEFENDER_SCOPE);
    expect(servicePrincipal(FABRIKAM_TENANT_ID)?.appRoles).toEqual({ graph: [], defender: DEFENDER_ROLES });
  });

  it("asks for every required permission when the v2 request names no scope", async () => {
    const response = await walkConsent(adminConsentUrl(emulator.url, { scope: null }), FABRIKAM_ADMIN.upn, "accept");
    expect(redirectQuery(response).query.get("scope")).toBe(`${GRAPH_SCOPE} ${DEFENDER_SCOPE}`);
  });

  it("grants the write permissions the app asks for, so its app-only tokens can change incidents through both APIs", async () => {
    await walkConsent(adminConsentUrl(emulator.url, { scope: null }), FABRIKAM_ADMIN.upn, "accept");
    const appToken = async (scope: string) => ((await (await requestAppToken(emulator.url, FABRIKAM_TENANT_ID, { client_secret: PORTAL_SECRET, scope })).json()) as { access_token: string }).access_token;
    const [graph, defender] = [await appToken(GRAPH_DEFAULT), await appToken(DEFENDER_DEFAULT)];
    expect(decodeJwtPart(graph, 1).roles).toEqual(GRAPH_ROLES);
    expect(decodeJwtPart(defender, 1).roles).toEqual(DEFENDER_ROLES);
    const call = (path: string, token: string, method = "GET", body?: unknown) =>
      fetch(`${emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const [incident] = (await (await call("/graph/v1.0/security/incidents?$top=1", graph)).json()).value;
    expect((await call(`/graph/v1.0/security/incidents/${incident.id}`, graph, "PATCH", { assignedTo: "soc@northwind-partners.example" })).status).toBe(200);
    expect((await call(`/graph/v1.0/security/incidents/${incident.id}/comments`, graph, "POST", { comment: "Taken by Northwind." })).status).toBe(200);
    expect((await call(`/defender/api/incidents/${incident.id}`, defender, "PATCH", { tags: ["Northwind"] })).status).toBe(200);
  });

  it("sends a cancel back as access_denied with subcode cancel only, as Entra was seen to, creating nothing", async () => {
    const { query } = redirectQuery(await walkConsent(adminConsentUrl(emulator.url, { state: "s-2" }), FABRIKAM_ADMIN.upn, "cancel"));
    expect([...query]).toEqual([
      ["error", "access_denied"],
      ["error_subcode", "cancel"],
      ["state", "s-2"],
    ]);
    expect(servicePrincipal(FABRIKAM_TENANT_ID)).toBeUndefined();
  });

  it("grants every required permission on the legacy endpoint and answers with the tenant only", async () => {
    const url = adminConsentUrl(emulator.url, { endpoint: "legacy", state: "s-3" });
    const { query } = redirectQuery(await walkConsent(url, FABRIKAM_ADMIN.upn, "accept"));
    expect([...query]).toEqual([["admin_consent", "True"], ["tenant", FABRIKAM_TENANT_ID], ["state", "s-3"]]);
    expect(servicePrincipal(FABRIKAM_TENANT_ID)?.appRoles).toEqual({ graph: GRAPH_ROLES, defender: DEFENDER_ROLES });
  });

  it("sends a legacy cancel back as a v2 one", async () => {
    const url = adminConsentUrl(emulator.url, { endpoint: "legacy", state: "s-4" });
    const response = await walkConsent(url, FABRIKAM_ADMIN.upn, "cancel");
    expect(new URL(response.headers.get("location") ?? "").search).toBe("?error=access_denied&error_subcode=cancel&state=s-4");
  });

  it("tells a user who is not a global admin that admin approval is needed, and only returns to the app when asked", async () => {
    const url = adminConsentUrl(emulator.url, { state: "s-5" });
    const approval = await walkConsent(url, FABRIKAM_HELPDESK.upn);
    expect(approval.status).toBe(200);
    const html = await approval.text();
    expect(html).toContain("Need admin approval");
    expect(html).toContain("needs permission to access resources in your organization that only an admin can grant");
    expect(html).toContain("AADSTS90094");
    expect(html).not.toContain('value="accept"');

    const { query } = redirectQuery(await submitForm(url, html, { decision: "return" }, 1));
    expect(query.get("error")).toBe("consent_required");
    expect(query.get("error_description")).toMatch(/^AADSTS65004: The resource owner or authorization server denied the request\./);
    expect(query.get("admin_consent")).toBe("True");
    expect(query.get("state")).toBe("s-5");
    expect(servicePrincipal(FABRIKAM_TENANT_ID)).toBeUndefined();
  });

  it("refuses an accept posted by a user who is not a global admin", async () => {
    const url = adminConsentUrl(emulator.url);
    const approval = await walkConsent(url, FABRIKAM_HELPDESK.upn);
    const forged = await submitForm(url, await approval.text(), { decision: "accept" }, 1);
    expect(await forged.text()).toContain("Need admin approval");
    expect(servicePrincipal(FABRIKAM_TENANT_ID)).toBeUndefined();
  });

  it("consents for the admin's own tenant on /organizations", async () => {
    const url = adminConsentUrl(emulator.url, { tenant: "organizations" });
    const { query } = redirectQuery(await walkConsent(url, TAILSPIN_ADMIN.upn, "accept"));
    expect(query.get("tenant")).toBe(TAILSPIN_TENANT_ID);
    expect(servicePrincipal(TAILSPIN_TENANT_ID)).toBeDefined();
  });

  it("refuses a user of another tenant with AADSTS50020 and no redirect", async () => {
    const response = await walkConsent(adminConsentUrl(emulator.url), TAILSPIN_ADMIN.upn);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("AADSTS50020");
  });

  it("shows an error page, never a redirect, for an unregistered redirect_uri", async () => {
    const response = await fetch(adminConsentUrl(emulator.url, { redirectUri: "https://evil.example/steal" }), { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("AADSTS50011");
  });

  it("matches a loopback redirect_uri on any port", async () => {
    const url = adminConsentUrl(emulator.url, { redirectUri: "http://localhost:41999/consent/callback" });
    const { target } = redirectQuery(await walkConsent(url, FABRIKAM_ADMIN.upn, "accept"));
    expect(target).toBe("http://localhost:41999/consent/callback");
  });

  it("shows AADSTS700016 for an unknown client and AADSTS90002 for an unknown tenant or common", async () => {
    const unknownClient = await fetch(adminConsentUrl(emulator.url, { clientId: "11111111-2222-3333-4444-555555555555" }), { redirect: "manual" });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain("AADSTS700016");
    for (const tenant of ["nowhere.example", "common"]) {
      const response = await fetch(adminConsentUrl(emulator.url, { tenant }), { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(`AADSTS90002: Tenant &#39;${tenant}&#39; not found`);
    }
  });

  it("sends an unknown resource in the scope back as AADSTS500011", async () => {
    const url = adminConsentUrl(emulator.url, { scope: "https://unknown.example/.default" });
    const { query } = redirectQuery(await fetch(url, { redirect: "manual" }));
    expect(query.get("error")).toBe("invalid_resource");
    expect(query.get("error_description")).toMatch(/^AADSTS500011: /);
    expect(query.get("admin_consent")).toBe("True");
  });

  it("walks the partner doc's consent link to the app's first registered redirect URI with a code and no state, granting every required permission", async () => {
    const url = `${emulator.url}/common/oauth2/authorize?prompt=consent&client_id=${PORTAL_APP_ID}&response_type=code&sso_reload=true`;
    const { target, query } = redirectQuery(await walkConsent(url, FABRIKAM_ADMIN.upn, "accept"));
    expect(target).toBe(emulator.world.application(PORTAL_APP_ID)!.redirectUris[0]);
    expect([...query.keys()]).toEqual(["code"]);
    expect(servicePrincipal(FABRIKAM_TENANT_ID)?.appRoles).toEqual({ graph: GRAPH_ROLES, defender: DEFENDER_ROLES });
  });

  it("answers a v1 authorize request that is not the consent link as not emulated", async () => {
    const response = await fetch(`${emulator.url}/common/oauth2/authorize?client_id=${PORTAL_APP_ID}&response_type=code`);
    expect(response.status).toBe(404);
  });
});
