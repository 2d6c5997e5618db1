import { randomBytes } from "node:crypto";
import type { GrantedScopes } from "./scopes";

// Entra's refresh tokens for web apps live 90 days (sliding); the emulator keeps them that long.
const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

/** What a refresh token stands for: one user's sign-in to one client, with the scopes it was granted. */
export interface RefreshGrant {
  tenantId: string;
  clientId: string;
  userOid: string;
  scopes: GrantedScopes;
  /** Epoch milliseconds of the sign-in the token descends from: revoking the user's sessions voids tokens from before it. */
  authenticatedAt: number;
}

/** Refresh tokens, issued to sign-ins that asked for `offline_access`; opaque, as Entra's are to clients. */
export class RefreshTokens {
  private readonly tokens = new Map<string, { grant: RefreshGrant; expiresAt: number }>();

  issue(grant: RefreshGrant, now: number): string {
    for (const [token, issued] of this.tokens) if (issued.expiresAt <= now) this.tokens.delete(token);
    const token = randomBytes(64).toString("base64url");
    this.tokens.set(token, { grant, expiresAt: now + REFRESH_TOKEN_LIFETIME_MS });
    return token;
  }

  /** The grant behind a token still valid; a redeemed token stays valid, as Entra's do until they expire. */
  find(token: string, now: number): RefreshGrant | undefined {
    const issued = this.tokens.get(token);
    return issued && issued.expiresAt > now ? issued.grant : undefined;
  }
}
