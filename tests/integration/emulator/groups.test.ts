import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEmulatorCredentials } from "@/emulator/certificates";
import { TokenSigner } from "@/emulator/tokens";
import {
  ADMIN,
  ANALYST,
  codeFor,
  decodeJwtPart,
  defaultSeed,
  FABRIKAM_ADMIN,
  GUID_PATTERN,
  newStateDir,
  OVERAGE,
  OVERAGE_GENERATED_GROUPS,
  PARTNER_TENANT_ID,
  PORTAL_APP_ID,
  PORTAL_SECRET,
  READER,
  redeemCode,
  requestAppToken,
  SOC_GOLD_GROUP_ID,
  SOC_REGION_NL_GROUP_ID,
  startTestEmulator,
  TEST_DATA_DIR,
  verifyJwt,
  VISITOR,
  type TestEmulator,
} from "./emulator-fixture";
import { TestClock } from "./incidents-fixture";

interface SignedIn {
  idToken: string;
  claims: Record<string, unknown>;
  accessToken: string;
}

/** Signs the user in through authorize and the token endpoint, as the portal does. */
async function signIn(base: string, login: string, scope?: string): Promise<SignedIn> {
  const code = await codeFor(base, { login, ...(scope && { extra: { scope } }) });
  const response = await redeemCode(base, { code });
  expect(response.status).toBe(200);
  const tokens = (await response.json()) as { id_token: string; access_token: string };
  return { idToken: tokens.id_token, claims: decodeJwtPart(tokens.id_token, 1), accessToken: tokens.access_token };
}

function getMemberObjects(base: string, token: string | undefined, body: unknown = { securityEnabledOnly: true }): Promise<Response> {
  return fetch(`${base}/graph/v1.0/me/getMemberObjects`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token !== undefined && { authorization: `Bearer ${token}` }) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Checks a Graph error (status and code) and returns its message. */
async function graphError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  const { error } = (await response.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe(code);
  return error.message;
}

describe("emulator security groups", () => {
  const clock = new TestClock();
  let emulator: TestEmulator;
  let jwks: Parameters<typeof verifyJwt>[1];
  beforeAll(async () => {
    emulator = await startTestEmulator(undefined, { control: true, clock: clock.read });
    jwks = await (await fetch(`${emulator.url}/${PARTNER_TENANT_ID}/discovery/v2.0/keys`)).json();
  });
  afterAll(() => emulator.close());

  const controlApi = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.url}/_emulator/control/tenants/${PARTNER_TENANT_ID}${path}`, {
      method,
      ...(body !== undefined && { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });

  it("lists the user's security groups in the ID token's groups claim when the app registration asks for them", async () => {
    expect(verifyJwt((await signIn(emulator.url, ANALYST.upn)).idToken, jwks).groups).toEqual([SOC_REGION_NL_GROUP_ID]);
    expect((await signIn(emulator.url, READER.upn)).claims.groups).toEqual([SOC_GOLD_GROUP_ID]);
  });

  it("leaves the groups claim out for a user in no group", async () => {
    const { claims } = await signIn(emulator.url, ADMIN.upn);
    expect(claims).not.toHaveProperty("groups");
    expect(claims).not.toHaveProperty("_claim_names");
  });

  it("leaves the groups claim out when the app registration does not ask for group claims", async () => {
    for (const setting of [undefined, "None"] as const) {
      const seed = await defaultSeed();
      if (setting === undefined) delete seed.applications[0].groupMembershipClaims;
      else seed.applications[0].groupMembershipClaims = setting;
      const plain = await startTestEmulator(seed);
      try {
        for (const login of [ANALYST.upn, OVERAGE.upn]) {
          const { claims } = await signIn(plain.url, login);
          expect(claims).not.toHaveProperty("groups");
          expect(claims).not.toHaveProperty("_claim_names");
          expect(claims).not.toHaveProperty("_claim_sources");
        }
      } finally {
        await plain.close();
      }
    }
  });

  it("gives a user in more than 200 groups the documented overage indicator instead of the groups claim", async () => {
    const { idToken } = await signIn(emulator.url, OVERAGE.upn);
    const claims = verifyJwt(idToken, jwks);
    expect(claims).not.toHaveProperty("groups");
    expect(claims._claim_names).toEqual({ groups: "src1" });
    expect(claims._claim_sources).toEqual({
      src1: { endpoint: `https://graph.windows.net/${PARTNER_TENANT_ID}/users/${OVERAGE.oid}/getMemberObjects` },
    });
  });

  it("lists every group of the overage user through getMemberObjects with the access token from that sign-in", async () => {
    const { accessToken } = await signIn(emulator.url, OVERAGE.upn);
    const response = await getMemberObjects(emulator.url, accessToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json;odata\.metadata=minimal/);
    const body = (await response.json()) as { "@odata.context": string; value: string[] };
    expect(body["@odata.context"]).toBe(`${emulator.url}/graph/v1.0/$metadata#Collection(Edm.String)`);
    expect(body.value).toHaveLength(1 + OVERAGE_GENERATED_GROUPS);
    expect(new Set(body.value).size).toBe(body.value.length);
    expect(body.value).toContain(SOC_REGION_NL_GROUP_ID);
    const partnerGroups = new Set(emulator.world.groups(PARTNER_TENANT_ID).map((group) => group.id));
    for (const id of body.value) {
      expect(id).toMatch(GUID_PATTERN);
      expect(partnerGroups.has(id)).toBe(true);
    }
    // Every group of the world is a security group.
    const all = await getMemberObjects(emulator.url, accessToken, { securityEnabledOnly: false });
    expect((await all.json()).value).toEqual(body.value);
  });

  it("refuses getMemberObjects with 401 without a token, with a malformed or foreign one, and once the token has expired", async () => {
    const missing = await getMemberObjects(emulator.url, undefined);
    expect(await graphError(missing, 401, "InvalidAuthenticationToken")).toBe("Access token is empty.");
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer /);
    await graphError(await getMemberObjects(emulator.url, "not-a-token"), 401, "InvalidAuthenticationToken");
    const { accessToken, idToken } = await signIn(emulator.url, ANALYST.upn);
    const foreign = await getMemberObjects(emulator.url, idToken);
    expect(await graphError(foreign, 401, "InvalidAuthenticationToken")).toMatch(/Invalid audience/);
    const issuedAt = clock.now;
    try {
      clock.advance(3_600_000 + 300_000 + 1_000);
      const expired = await getMemberObjects(emulator.url, accessToken);
      expect(await graphError(expired, 401, "InvalidAuthenticationToken")).toBe("Access token has expired or is not yet valid.");
    } finally {
      clock.now = issuedAt;
    }
  });

  it("refuses getMemberObjects with 403 when the delegated token carries no permission that allows it", async () => {
    const { accessToken } = await signIn(emulator.url, ANALYST.upn, "openid profile https://graph.microsoft.com/Mail.Read");
    expect(decodeJwtPart(accessToken, 1).scp).toBe("openid profile Mail.Read");
    const refused = await getMemberObjects(emulator.url, accessToken);
    expect(await graphError(refused, 403, "Authorization_RequestDenied")).toBe("Insufficient privileges to complete the operation.");
  });

  it("refuses an app-only token, as /me needs a signed-in user", async () => {
    const appToken = async () => ((await (await requestAppToken(emulator.url, PARTNER_TENANT_ID, { client_secret: PORTAL_SECRET })).json()) as { access_token: string }).access_token;
    const roleless = await getMemberObjects(emulator.url, await appToken());
    expect(await graphError(roleless, 401, "NoPermissionsInAccessToken")).toBe("The token contains no permissions, or permissions can not be understood.");
    await emulator.control.grantConsent(PARTNER_TENANT_ID, PORTAL_APP_ID, { graph: ["User.Read.All"], defender: [] });
    const withRoles = await getMemberObjects(emulator.url, await appToken());
    expect(await graphError(withRoles, 400, "BadRequest")).toBe("/me request is only valid with delegated authentication flow.");
  });

  it("refuses getMemberObjects with 400 when the body is missing or invalid", async () => {
    const { accessToken } = await signIn(emulator.url, ANALYST.upn);
    const cases: [unknown, string][] = [
      ["", "Empty Payload. JSON content expected."],
      ["[true]", "Empty Payload. JSON content expected."],
      [{}, "The parameter 'securityEnabledOnly' is required."],
      [{ securityEnabledOnly: "yes" }, "Cannot convert a primitive value to the expected type 'Edm.Boolean'. See the inner exception for more details."],
      [{ securityEnabledOnly: null }, "Cannot convert a primitive value to the expected type 'Edm.Boolean'. See the inner exception for more details."],
      [{ securityEnabledOnly: true, groupIds: [] }, "The parameter 'groupIds' in the request payload is not a valid parameter for the operation 'getMemberObjects'."],
    ];
    for (const [body, message] of cases) {
      expect(await graphError(await getMemberObjects(emulator.url, accessToken, body), 400, "BadRequest")).toBe(message);
    }
  });

  it("answers getMemberObjects with 404 for a signed-in user the directory no longer has", async () => {
    const { accessToken } = await signIn(emulator.url, ANALYST.upn);
    const credentials = await readEmulatorCredentials(TEST_DATA_DIR);
    const signer = new TokenSigner(credentials.signing.privateKeyPem, credentials.signing.certificatePem);
    const gone = randomUUID();
    const orphan = signer.sign({ ...decodeJwtPart(accessToken, 1), oid: gone });
    const message = await graphError(await getMemberObjects(emulator.url, orphan), 404, "Request_ResourceNotFound");
    expect(message).toBe(`Resource '${gone}' does not exist or one of its queried reference-property objects are not present.`);
  });

  it("shows a membership change made through the control API in the next sign-in's token, and in getMemberObjects at once", async () => {
    const before = await signIn(emulator.url, ANALYST.upn);
    const added = await controlApi("POST", `/groups/${SOC_GOLD_GROUP_ID}/members`, { user: VISITOR.upn });
    expect(added.status).toBe(200);
    expect(await added.json()).toEqual({ added: true });
    expect(await (await controlApi("POST", `/groups/${SOC_GOLD_GROUP_ID}/members`, { user: VISITOR.oid })).json()).toEqual({ added: false });
    const removed = await controlApi("DELETE", `/groups/${SOC_REGION_NL_GROUP_ID}/members/${ANALYST.oid}`);
    expect(await removed.json()).toEqual({ removed: true });
    try {
      expect((await signIn(emulator.url, VISITOR.upn)).claims.groups).toEqual([SOC_GOLD_GROUP_ID]);
      expect((await signIn(emulator.url, ANALYST.upn)).claims).not.toHaveProperty("groups");
      // A token issued before the change still names the group; Graph answers from the directory.
      expect(before.claims.groups).toEqual([SOC_REGION_NL_GROUP_ID]);
      expect((await (await getMemberObjects(emulator.url, before.accessToken)).json()).value).toEqual([]);
    } finally {
      await emulator.control.addGroupMember(PARTNER_TENANT_ID, SOC_REGION_NL_GROUP_ID, ANALYST.upn);
      await emulator.control.removeGroupMember(PARTNER_TENANT_ID, SOC_GOLD_GROUP_ID, VISITOR.upn);
    }
    expect(await (await controlApi("DELETE", `/groups/${SOC_GOLD_GROUP_ID}/members/${VISITOR.oid}`)).json()).toEqual({ removed: false });
  });

  it("refuses control API membership changes for an unknown group, a user of another tenant, or a body without a user", async () => {
    const unknownGroup = await controlApi("POST", `/groups/${randomUUID()}/members`, { user: ANALYST.upn });
    expect(unknownGroup.status).toBe(404);
    expect((await unknownGroup.json()).message).toMatch(/^No group .* in tenant .* in the emulated world\.$/);
    const stranger = await controlApi("DELETE", `/groups/${SOC_GOLD_GROUP_ID}/members/${encodeURIComponent(FABRIKAM_ADMIN.upn)}`);
    expect(stranger.status).toBe(404);
    expect((await stranger.json()).message).toMatch(/^No user admin@fabrikam\.example in tenant /);
    const noUser = await controlApi("POST", `/groups/${SOC_GOLD_GROUP_ID}/members`, { member: ANALYST.upn });
    expect(noUser.status).toBe(400);
    expect((await noUser.json()).problems.map((problem: { path: string }) => problem.path).sort()).toEqual(["", "user"]);
    expect(emulator.world.group(PARTNER_TENANT_ID, SOC_GOLD_GROUP_ID)?.members).toEqual([READER.oid]);
  });

  it("keeps group membership changes across restarts", async () => {
    const stateDir = newStateDir();
    try {
      const first = await startTestEmulator(undefined, { stateDir });
      expect(await first.control.addGroupMember(PARTNER_TENANT_ID, SOC_GOLD_GROUP_ID, VISITOR.oid)).toBe(true);
      expect(await first.control.removeGroupMember(PARTNER_TENANT_ID, SOC_GOLD_GROUP_ID, READER.upn)).toBe(true);
      await first.close();

      const second = await startTestEmulator(undefined, { stateDir });
      try {
        expect(second.world.group(PARTNER_TENANT_ID, SOC_GOLD_GROUP_ID)?.members).toEqual([VISITOR.oid]);
        expect((await signIn(second.url, VISITOR.upn)).claims.groups).toEqual([SOC_GOLD_GROUP_ID]);
        expect((await signIn(second.url, READER.upn)).claims).not.toHaveProperty("groups");
      } finally {
        await second.close();
      }
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
