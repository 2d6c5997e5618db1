import { createHash, randomUUID, sign, X509Certificate } from "node:crypto";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * A certificate credential for Entra's token endpoint (private_key_jwt). Entra finds the
 * certificate by the `x5t` header, its SHA-1 thumbprint, which openid-client does not send.
 */
export function signClientAssertion(
  clientId: string,
  tokenEndpoint: string,
  credential: { certificatePem: string; privateKeyPem: string },
): string {
  const thumbprint = createHash("sha1").update(new X509Certificate(credential.certificatePem).raw).digest("base64url");
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", x5t: thumbprint };
  const claims = { aud: tokenEndpoint, iss: clientId, sub: clientId, jti: randomUUID(), iat: now, nbf: now, exp: now + 600 };
  const input = [header, claims].map((part) => Buffer.from(JSON.stringify(part)).toString("base64url")).join(".");
  return `${input}.${sign("sha256", Buffer.from(input), credential.privateKeyPem).toString("base64url")}`;
}
