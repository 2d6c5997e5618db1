import { createHash, createPrivateKey, sign, X509Certificate, type JsonWebKey, type KeyObject } from "node:crypto";

export interface SigningJsonWebKey {
  kty: "RSA";
  use: "sig";
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
}

/** Signs the emulator's tokens with RS256 and publishes the matching key, as Entra's JWKS does. */
export class TokenSigner {
  /** Entra's key id is the certificate's SHA-1 thumbprint (base64url), the same value as x5t. */
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly certificate: X509Certificate;

  constructor(privateKeyPem: string, certificatePem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.certificate = new X509Certificate(certificatePem);
    this.kid = createHash("sha1").update(this.certificate.raw).digest("base64url");
  }

  /** The public key of the signing certificate: what a resource verifies the tokens with. */
  get publicKey(): KeyObject {
    return this.certificate.publicKey;
  }

  sign(claims: Record<string, unknown>): string {
    const header = { typ: "JWT", alg: "RS256", kid: this.kid };
    const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
    const signature = sign("sha256", Buffer.from(signingInput), this.privateKey).toString("base64url");
    return `${signingInput}.${signature}`;
  }

  jsonWebKey(): SigningJsonWebKey {
    const { n, e } = this.publicKey.export({ format: "jwk" }) as JsonWebKey;
    return {
      kty: "RSA",
      use: "sig",
      kid: this.kid,
      x5t: this.kid,
      n: n as string,
      e: e as string,
      x5c: [this.certificate.raw.toString("base64")],
    };
  }
}

/** A compact JWT's parts, decoded but not verified. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `{header}.{claims}` as sent: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** Reads a compact JWT; undefined unless it has three parts and its header and claims are JSON objects. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const segments = token.split(".");
  if (segments.length !== 3) return undefined;
  const header = decodeSegment(segments[0]);
  const claims = decodeSegment(segments[1]);
  if (!header || !claims) return undefined;
  return { header, claims, signingInput: `${segments[0]}.${segments[1]}`, signature: Buffer.from(segments[2], "base64url") };
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
