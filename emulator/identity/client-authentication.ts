import { constants, createHash, timingSafeEqual, verify, X509Certificate } from "node:crypto";
import {
  applicationNotFound,
  assertionAudienceMismatch,
  assertionIssuerMismatch,
  assertionOutsideValidity,
  certificateNotRegistered,
  invalidAssertionSignature,
  invalidClientSecret,
  malformedAssertion,
  missingClientCredential,
  missingClientSecret,
  missingParameter,
  type EntraError,
} from "../errors";
import { header, type Exchange } from "../http";
import { decodeJwt, type DecodedJwt } from "../tokens";
import type { Application, Tenant, World } from "../world/world";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
// Entra tolerates five minutes of clock skew on client assertions.
const CLOCK_SKEW_SECONDS = 300;

/** A client that proved its identity, and how: `appidacr` is "1" for a secret, "2" for a certificate. */
export interface AuthenticatedClient {
  app: Application;
  appidacr: "1" | "2";
}

/**
 * Confidential clients prove themselves with a secret (in the body, client_secret_post, or in Basic
 * auth, client_secret_basic) or with a JWT signed by a registered certificate (private_key_jwt).
 */
export function authenticateClient(
  world: World,
  exchange: Exchange,
  tenant: Tenant,
  form: URLSearchParams,
): AuthenticatedClient | EntraError {
  const basic = basicCredentials(header(exchange.req, "authorization"));
  const clientId = basic?.clientId ?? form.get("client_id");
  if (!clientId) return missingParameter("client_id");
  const app = world.application(clientId);
  if (!app) return applicationNotFound(clientId, tenant.displayName);
  const assertion = form.get("client_assertion");
  if (assertion) {
    if (form.get("client_assertion_type") !== JWT_BEARER) return missingParameter("client_assertion_type");
    const problem = checkAssertion(app, assertion, acceptedAudiences(exchange.origin, tenant));
    return problem ?? { app, appidacr: "2" };
  }
  const secret = basic?.secret ?? form.get("client_secret");
  if (!secret) return form.get("grant_type") === "client_credentials" ? missingClientCredential() : missingClientSecret();
  if (!app.secrets.some((known) => sameSecret(known, secret))) return invalidClientSecret(app.appId);
  return { app, appidacr: "1" };
}

// The assertion's audience is the token endpoint it is sent to (v2 or v1), named by tenant id or domain.
function acceptedAudiences(origin: string, tenant: Tenant): Set<string> {
  const names = [tenant.id, ...tenant.domains];
  return new Set(names.flatMap((name) => [`${origin}/${name}/oauth2/v2.0/token`, `${origin}/${name}/oauth2/token`].map((url) => url.toLowerCase())));
}

function checkAssertion(app: Application, assertion: string, audiences: Set<string>): EntraError | undefined {
  const parts = decodeJwt(assertion);
  if (!parts || (parts.header.alg !== "RS256" && parts.header.alg !== "PS256")) return malformedAssertion();
  const key = registeredCertificate(app, parts.header);
  if (!key.certificate) return certificateNotRegistered(key.thumbprint, app.appId);
  if (!signatureMatches(parts, key.certificate)) return invalidAssertionSignature(key.thumbprint ?? "", app.appId);
  const { claims } = parts;
  if (!sameId(claims.iss, app.appId) || !sameId(claims.sub, app.appId)) return assertionIssuerMismatch();
  if (typeof claims.aud !== "string" || !audiences.has(claims.aud.toLowerCase())) return assertionAudienceMismatch();
  const now = Math.floor(Date.now() / 1000);
  const notBefore = typeof claims.nbf === "number" ? claims.nbf : 0;
  if (typeof claims.exp !== "number") return malformedAssertion();
  if (now + CLOCK_SKEW_SECONDS < notBefore || now - CLOCK_SKEW_SECONDS >= claims.exp) {
    return assertionOutsideValidity(now, notBefore, claims.exp);
  }
  return undefined;
}

/** Finds the certificate by the header's x5t (SHA-1) or x5t#S256 thumbprint; Entra reports the thumbprint in hex. */
function registeredCertificate(app: Application, jwtHeader: DecodedJwt["header"]): { certificate?: X509Certificate; thumbprint?: string } {
  const sha256 = typeof jwtHeader["x5t#S256"] === "string" ? jwtHeader["x5t#S256"] : undefined;
  const sha1 = typeof jwtHeader.x5t === "string" ? jwtHeader.x5t : undefined;
  const [algorithm, value] = sha256 ? ["sha256", sha256] : ["sha1", sha1];
  if (!value) return {};
  const thumbprint = Buffer.from(value, "base64url").toString("hex").toUpperCase();
  const certificate = app.certificates
    .map((pem) => new X509Certificate(pem))
    .find((candidate) => createHash(algorithm).update(candidate.raw).digest("hex").toUpperCase() === thumbprint);
  return { certificate, thumbprint };
}

// MSAL signs with PS256 when given a SHA-256 thumbprint and RS256 with a SHA-1 one; Entra accepts both.
function signatureMatches(parts: DecodedJwt, certificate: X509Certificate): boolean {
  const key =
    parts.header.alg === "PS256"
      ? { key: certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : certificate.publicKey;
  return verify("sha256", Buffer.from(parts.signingInput), key, parts.signature);
}

// RFC 6749 §2.3.1: Basic credentials are form-urlencoded before being joined and base64-encoded.
function basicCredentials(authorization: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function sameSecret(known: string, presented: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(known), digest(presented));
}

function sameId(value: unknown, appId: string): boolean {
  return typeof value === "string" && value.toLowerCase() === appId.toLowerCase();
}
