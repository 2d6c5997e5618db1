import "server-only";
import { X509Certificate } from "node:crypto";

import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";

import { getConfig, type IncidentApi, type MicrosoftConfig } from "@/lib/config";
import { processState, sharedInFlight } from "@/lib/process-state";

import { classifyTokenError, TokenError } from "./errors";
import { authorityMetadata, cloudDiscoveryMetadata } from "./metadata";
import { networkClientWithTimeout } from "./network";

export { TokenError, type TokenFailureKind } from "./errors";

/** The application ID URI of each incident API: the audience of its tokens, whoever issues them. */
export const RESOURCES: Record<IncidentApi, string> = {
  graph: "https://graph.microsoft.com",
  defender: "https://api.security.microsoft.com",
};

/** The application permissions that let the portal read incidents, per incident API. */
export const INCIDENT_ROLES: Record<IncidentApi, string[]> = {
  graph: ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"],
  defender: ["Incident.Read.All", "Incident.ReadWrite.All"],
};

/** The application permission that lets the portal change incidents, per incident API. */
export const WRITE_ROLES: Record<IncidentApi, string> = { graph: "SecurityIncident.ReadWrite.All", defender: "Incident.ReadWrite.All" };

export function canReadIncidents(api: IncidentApi, roles: string[]): boolean {
  return roles.some((role) => INCIDENT_ROLES[api].includes(role));
}

export function canWriteIncidents(api: IncidentApi, roles: string[]): boolean {
  return roles.includes(WRITE_ROLES[api]);
}

export interface AppToken {
  accessToken: string;
  expiresOn: Date;
  /** The application permissions granted in the tenant: the only proof that consent is in place. */
  roles: string[];
}

// One application per tenant: MSAL's token cache lookups grow with every tenant sharing an app.
// Concurrent first requests for one tenant share one token request instead of each sending their own.
const { applications, inFlight } = processState("msal", () => ({
  applications: new Map<string, ConfidentialClientApplication>(),
  inFlight: new Map<string, Promise<AppToken>>(),
}));

/**
 * An app-only token for a customer tenant, from MSAL's cache when still valid. `fresh` asks Entra
 * again, to prove that consent is (still) in place. Throws a TokenError.
 */
export function getAppToken(tenantId: string, api: IncidentApi, options: { fresh?: boolean } = {}): Promise<AppToken> {
  const key = `${tenantId}|${api}|${options.fresh ? "fresh" : "cached"}`;
  return sharedInFlight(inFlight, key, () => acquire(tenantId, api, options.fresh ?? false));
}

/** Drops a tenant's application and its cached tokens (offboarding). */
export function forgetTenant(tenantId: string): void {
  applications.delete(tenantId);
}

async function acquire(tenantId: string, api: IncidentApi, fresh: boolean): Promise<AppToken> {
  let result;
  try {
    result = await application(tenantId).acquireTokenByClientCredential({
      scopes: [`${RESOURCES[api]}/.default`],
      skipCache: fresh,
    });
  } catch (error) {
    throw classifyTokenError(error);
  }
  if (!result?.accessToken) throw new TokenError("transient", "Microsoft returned no access token.");
  return {
    accessToken: result.accessToken,
    expiresOn: result.expiresOn ?? new Date(Date.now() + 60_000),
    roles: rolesOf(result.accessToken),
  };
}

function application(tenantId: string): ConfidentialClientApplication {
  let app = applications.get(tenantId);
  if (!app) {
    const config = getConfig();
    app = new ConfidentialClientApplication(msalConfiguration(config.microsoft, tenantId, config.upstreamTimeoutMs));
    applications.set(tenantId, app);
  }
  return app;
}

function msalConfiguration(microsoft: MicrosoftConfig, tenantId: string, timeoutMs: number): Configuration {
  const { authorityHost, clientId, credential } = microsoft;
  return {
    auth: {
      clientId,
      // Always the tenant's own id: client credentials at `common` or `organizations` fail.
      authority: `${authorityHost}/${tenantId}`,
      authorityMetadata: authorityMetadata(authorityHost, tenantId),
      cloudDiscoveryMetadata: cloudDiscoveryMetadata(authorityHost),
      ...(credential.kind === "secret"
        ? { clientSecret: credential.secret }
        : { clientCertificate: certificateCredential(credential.certificatePem, credential.privateKeyPem) }),
    },
    system: { networkClient: networkClientWithTimeout(timeoutMs) },
  };
}

function certificateCredential(certificatePem: string, privateKey: string) {
  const certificate = new X509Certificate(certificatePem);
  return { thumbprintSha256: certificate.fingerprint256.replaceAll(":", ""), privateKey };
}

/** Reads the `roles` claim of a token Entra just issued to us; the API itself verifies the signature. */
function rolesOf(accessToken: string): string[] {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString("utf8"));
    return Array.isArray(payload.roles) ? payload.roles.filter((role: unknown) => typeof role === "string") : [];
  } catch {
    return [];
  }
}
