import { createHash, randomBytes } from "node:crypto";
import type { TokenSigner } from "../tokens";
import type { Application, Tenant, User } from "../world/world";
import { groupClaims } from "./group-claims";
import { GRAPH_APP_ID, grantedScopeString, type GrantedScopes } from "./scopes";

const TOKEN_LIFETIME_SECONDS = 3600;
const GLOBAL_ADMINISTRATOR_ROLE = "62e90394-69f5-4237-9190-012177145e10";
const MEMBER_USER_ROLE = "b79fbf4d-3ef9-4689-8143-76b194e85509";

export interface SignIn {
  tenant: Tenant;
  user: User;
  app: Application;
  scopes: GrantedScopes;
  roles: string[];
  /** The object ids of the user's security groups. */
  groupIds: string[];
  /** How the client authenticated: "1" secret, "2" certificate. */
  appidacr: "1" | "2";
  nonce?: string;
}

export interface UserTokenResponse {
  token_type: "Bearer";
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  id_token?: string;
  refresh_token?: string;
}

/** The token endpoint's answer to a user sign-in: a Graph access token, and an ID token when `openid` was asked for. */
export function issueUserTokens(signer: TokenSigner, origin: string, signIn: SignIn): UserTokenResponse {
  const now = Math.floor(Date.now() / 1000);
  const response: UserTokenResponse = {
    token_type: "Bearer",
    scope: grantedScopeString(signIn.scopes),
    expires_in: TOKEN_LIFETIME_SECONDS - 1,
    ext_expires_in: TOKEN_LIFETIME_SECONDS - 1,
    access_token: signer.sign(graphAccessTokenClaims(signIn, now)),
  };
  if (signIn.scopes.openId.includes("openid")) response.id_token = signer.sign(idTokenClaims(origin, signIn, now));
  return response;
}

function idTokenClaims(origin: string, { tenant, user, app, scopes, roles, groupIds, nonce }: SignIn, now: number) {
  // As in Entra's v2 ID tokens: name and preferred_username come with `profile`, email with
  // `email`, and `roles` is left out entirely when the user holds no role on the app.
  const profile = scopes.openId.includes("profile");
  return {
    aud: app.appId,
    iss: `${origin}/${tenant.id}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + TOKEN_LIFETIME_SECONDS,
    ...(scopes.openId.includes("email") && { email: user.userPrincipalName }),
    ...groupClaims(app, tenant.id, user.oid, groupIds),
    ...(profile && { name: user.displayName }),
    ...(nonce !== undefined && { nonce }),
    oid: user.oid,
    ...(profile && { preferred_username: user.userPrincipalName }),
    ...(roles.length > 0 && { roles }),
    sub: pairwiseSubject(user.oid, app.appId),
    tid: tenant.id,
    uti: randomBytes(16).toString("base64url"),
    ver: "2.0",
  };
}

// A v1 token for Graph, as Entra issues for Graph permissions: its issuer is sts.windows.net
// whatever the authority host, and `wids` lists the user's directory role templates.
function graphAccessTokenClaims({ tenant, user, app, scopes, appidacr }: SignIn, now: number) {
  return {
    aud: GRAPH_APP_ID,
    iss: `https://sts.windows.net/${tenant.id}/`,
    iat: now,
    nbf: now,
    exp: now + TOKEN_LIFETIME_SECONDS,
    acct: 0,
    acr: "1",
    amr: ["pwd"],
    app_displayname: app.displayName,
    appid: app.appId,
    appidacr,
    idtyp: "user",
    name: user.displayName,
    oid: user.oid,
    scp: [...scopes.openId.filter((scope) => scope !== "offline_access"), ...scopes.graph].join(" "),
    sub: pairwiseSubject(user.oid, GRAPH_APP_ID),
    tid: tenant.id,
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    uti: randomBytes(16).toString("base64url"),
    ver: "1.0",
    wids: user.globalAdmin ? [GLOBAL_ADMINISTRATOR_ROLE, MEMBER_USER_ROLE] : [MEMBER_USER_ROLE],
  };
}

/** Entra's `sub` is pairwise: stable for one user and one application, different across applications. */
export function pairwiseSubject(oid: string, appId: string): string {
  return createHash("sha256").update(`${oid.toLowerCase()}|${appId.toLowerCase()}`).digest("base64url");
}
