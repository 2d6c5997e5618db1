import { verify, type KeyObject } from "node:crypto";
import { decodeJwt, type TokenSigner } from "../tokens";

/** The caller an incident API serves, read from a verified app-only or delegated access token. */
export interface Caller {
  tenantId: string;
  appId: string;
  /** The `oid`: the signed-in user for delegated tokens, the service principal for app-only ones. */
  objectId: string;
  /** Application permissions (`roles`) for app-only tokens. */
  roles: string[];
  /** Delegated permissions (`scp`) for user tokens. */
  scopes: string[];
  /** The signed-in user, for delegated tokens. */
  userPrincipalName: string | null;
}

export type TokenProblem = "missing" | "malformed" | "badSignature" | "wrongAudience" | "wrongIssuer" | "expired";

export type TokenCheck = { caller: Caller } | { problem: TokenProblem };

/** Checks bearer tokens the way a Microsoft resource does: signature, lifetime, audience, issuer. */
export class AccessTokenVerifier {
  private readonly publicKey: KeyObject;
  private readonly kid: string;

  // Given the signer's key rather than its certificate, so the certificate is read once.
  constructor(signer: Pick<TokenSigner, "kid" | "publicKey">) {
    this.publicKey = signer.publicKey;
    this.kid = signer.kid;
  }

  check(authorization: string | undefined, audiences: readonly string[], nowMs: number): TokenCheck {
    const token = /^Bearer\s+(\S*)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token) return { problem: "missing" };
    const jwt = decodeJwt(token);
    if (!jwt) return { problem: "malformed" };
    const { header, claims } = jwt;
    if (header.alg !== "RS256" || header.kid !== this.kid) return { problem: "badSignature" };
    if (!verify("sha256", Buffer.from(jwt.signingInput), this.publicKey, jwt.signature)) return { problem: "badSignature" };
    const now = nowMs / 1000;
    // Microsoft resources allow five minutes of clock skew on both ends of a token's lifetime.
    const skew = 300;
    if (typeof claims.exp !== "number" || claims.exp + skew <= now || (typeof claims.nbf === "number" && claims.nbf - skew > now)) {
      return { problem: "expired" };
    }
    if (typeof claims.aud !== "string" || !audiences.includes(claims.aud)) return { problem: "wrongAudience" };
    const tenantId = typeof claims.tid === "string" ? claims.tid : "";
    if (!tenantId || claims.iss !== `https://sts.windows.net/${tenantId}/`) return { problem: "wrongIssuer" };
    return {
      caller: {
        tenantId,
        appId: typeof claims.appid === "string" ? claims.appid : typeof claims.azp === "string" ? claims.azp : "",
        objectId: typeof claims.oid === "string" ? claims.oid : "",
        roles: Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === "string") : [],
        scopes: typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [],
        userPrincipalName: typeof claims.upn === "string" ? claims.upn : null,
      },
    };
  }
}
