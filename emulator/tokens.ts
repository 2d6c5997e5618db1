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

  sign(claims: Record<string, unknown>): string {
    const header = { typ: "JWT", alg: "RS256", kid: this.kid };
    const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
    const signature = sign("sha256", Buffer.from(signingInput), this.privateKey).toString("base64url");
    return `${signingInput}.${signature}`;
  }

  jsonWebKey(): SigningJsonWebKey {
    const { n, e } = this.certificate.publicKey.export({ format: "jwk" }) as JsonWebKey;
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

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
