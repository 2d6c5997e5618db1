import { randomBytes } from "node:crypto";
import type { GrantedScopes } from "./scopes";

const CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface CodeChallenge {
  value: string;
  method: "S256" | "plain";
}

/** Everything an authorization code stands for; the token endpoint checks the redemption against it. */
export interface AuthorizationGrant {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  userOid: string;
  scopes: GrantedScopes;
  nonce?: string;
  codeChallenge?: CodeChallenge;
}

export type Redemption =
  | { outcome: "granted"; grant: AuthorizationGrant }
  | { outcome: "unknown" | "expired" | "redeemed" };

interface IssuedCode {
  grant: AuthorizationGrant;
  expiresAt: number;
  redeemed: boolean;
}

/** Single-use, short-lived authorization codes, kept in memory like Entra's in-flight sign-ins. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, IssuedCode>();

  issue(grant: AuthorizationGrant, now = Date.now()): string {
    this.forgetExpired(now);
    const code = randomBytes(48).toString("base64url");
    this.codes.set(code, { grant, expiresAt: now + CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  /** Consumes the code: whatever the outcome, it can never be redeemed again. */
  redeem(code: string, now = Date.now()): Redemption {
    const issued = this.codes.get(code);
    if (!issued) return { outcome: "unknown" };
    if (issued.expiresAt <= now) return { outcome: "expired" };
    if (issued.redeemed) return { outcome: "redeemed" };
    issued.redeemed = true;
    return { outcome: "granted", grant: issued.grant };
  }

  // Redeemed codes stay until they expire, so a replay is told "already redeemed", not "unknown".
  private forgetExpired(now: number): void {
    for (const [code, issued] of this.codes) {
      if (issued.expiresAt <= now) this.codes.delete(code);
    }
  }
}
