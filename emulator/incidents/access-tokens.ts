import { createHash, verify, X509Certificate, type KeyObject } from "node:crypto";

/** The caller an incident API serves, read from a verified app-only or delegated access token. */
export interface Caller {
  tenantId: string;
  appId: string;
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

  constructor(signingCertificatePem: string) {
    const certificate = new X509Certificate(signingCertificatePem);
    this.publicKey = certificate.publicKey;
    this.kid = createHash("sha1").update(certificate.raw).digest("base64url");
  }

  check(authorization: string | undefined, audiences: readonly string[], nowMs: number): TokenCheck {
    const token = /^Bearer\s+(\S*)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token) return { problem: "missing" };
    const parts = token.split(".");
    if (parts.length !== 3) return { problem: "malformed" };
    const header = decodeSegment(parts[0]);
    const claims = decodeSegment(parts[1]);
    if (!header || !claims) return { problem: "malformed" };
    if (header.alg !== "RS256" || header.kid !== this.kid) return { problem: "badSignature" };
    const signed = verify("sha256", Buffer.from(`${parts[0]}.${parts[1]}`), this.publicKey, Buffer.from(parts[2], "base64url"));
    if (!signed) return { problem: "badSignature" };
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
        roles: Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === "string") : [],
        scopes: typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [],
        userPrincipalName: typeof claims.upn === "string" ? claims.upn : null,
      },
    };
  }
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
