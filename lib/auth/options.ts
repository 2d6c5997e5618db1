import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { OAuthUserConfig } from "next-auth/providers/oauth";
import AzureADProvider from "next-auth/providers/azure-ad";

import { recordAuditEvent } from "@/lib/audit";
import { getConfig, type ClientCredential } from "@/lib/config";

import { staffAccess } from "./access";
import { JWT_BEARER, signClientAssertion } from "./client-assertion";
import { entraGroupsOf, type GroupClaims } from "./entra-groups";
import { recordStaffSignIn } from "./staff";
import { activeRole, endSession, SIGN_IN_SCOPE, startSession } from "./staff-sessions";

interface EntraIdClaims extends GroupClaims {
  oid?: string;
  sub?: string;
  tid?: string;
  name?: string;
  preferred_username?: string;
  roles?: string[];
}

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  options ??= buildOptions();
  return options;
}

function buildOptions(): NextAuthOptions {
  const config = getConfig();
  const { clientId, credential, partnerTenantId, authorityHost } = config.microsoft;
  return {
    secret: config.authSecret,
    // The cookie names a session kept in the database (lib/auth/staff-sessions), which holds the role
    // and ends on sign-out, by an admin, by Entra, or staffSessionHours after sign-in.
    session: { strategy: "jwt", maxAge: config.staffSessionHours * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      AzureADProvider({
        clientId,
        ...clientAuthentication(clientId, credential),
        tenantId: partnerTenantId,
        // The partner's tenant, never `common`: its issuer would not match the ID token's `iss`.
        wellKnown: `${authorityHost}/${partnerTenantId}/v2.0/.well-known/openid-configuration`,
        authorization: { params: { scope: SIGN_IN_SCOPE, prompt: "select_account" } },
        checks: ["pkce", "state", "nonce"],
        // The provider's default profile() fetches the user's photo from Graph: not needed, and slow.
        profile: (claims: EntraIdClaims) => ({
          id: claims.oid ?? claims.sub ?? "",
          name: claims.name ?? claims.preferred_username ?? "",
          email: claims.preferred_username ?? null,
        }),
      }),
    ],
    callbacks: {
      async signIn({ profile, account }) {
        const claims = (profile ?? {}) as EntraIdClaims;
        const actor = claims.preferred_username ?? claims.oid ?? "unknown";
        const refuse = async (reason: string) => {
          await recordAuditEvent({ actor, action: "staff.sign_in_refused", details: { reason, tenantId: claims.tid ?? null } });
          return `/no-access?reason=${reason}`;
        };
        const access = staffAccess(claims, partnerTenantId);
        if (!access.allowed) return refuse(access.reason);
        // Access follows the Entra groups: without them a staff member could see more than allowed.
        const entraGroups = await entraGroupsOf(claims, account?.access_token);
        if (!entraGroups) return refuse("groups");
        await recordStaffSignIn({ upn: actor, name: claims.name ?? actor, entraGroups });
        await recordAuditEvent({ actor, action: "staff.signed_in", details: { role: access.role, entraGroups: entraGroups.length } });
        return true;
      },
      async jwt({ token, profile, account }) {
        if (profile) {
          const claims = profile as EntraIdClaims;
          const access = staffAccess(claims, partnerTenantId);
          token.upn = claims.preferred_username;
          token.sid = access.allowed
            ? await startSession({ upn: claims.preferred_username ?? "", oid: claims.oid ?? "", role: access.role, refreshToken: account?.refresh_token })
            : undefined;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = { name: token.name ?? "", email: token.upn ?? "", role: (token.sid && (await activeRole(token.sid))) || undefined };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await endSession(token.sid, "signed_out", token.upn ?? "unknown");
      },
    },
  };
}

type ProviderAuthentication = Pick<OAuthUserConfig<EntraIdClaims>, "clientSecret" | "client" | "token">;

/** A client secret, or a certificate: then the code is redeemed with a signed client assertion. */
function clientAuthentication(clientId: string, credential: ClientCredential): ProviderAuthentication {
  if (credential.kind === "secret") return { clientSecret: credential.secret };
  return {
    clientSecret: "",
    client: { token_endpoint_auth_method: "none" },
    token: {
      async request({ client, params, checks, provider }) {
        const tokenEndpoint = client.issuer.metadata.token_endpoint ?? "";
        const tokens = await client.callback(provider.callbackUrl, params, checks, {
          exchangeBody: { client_assertion_type: JWT_BEARER, client_assertion: signClientAssertion(clientId, tokenEndpoint, credential) },
        });
        return { tokens };
      },
    },
  };
}
