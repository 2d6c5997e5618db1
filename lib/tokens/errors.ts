import { ServerError } from "@azure/msal-node";

export type TokenFailureKind = "consent_missing" | "resource_unavailable" | "bad_credentials" | "unknown_tenant" | "transient";

/** Why an app-only token could not be had, in words a partner admin can act on. */
export class TokenError extends Error {
  constructor(
    readonly kind: TokenFailureKind,
    message: string,
    /** The AADSTS error number, when Entra gave one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "TokenError";
  }
}

const KIND_BY_AADSTS: Record<string, TokenFailureKind> = {
  // No service principal for the app in the tenant: never consented, or the consent was removed.
  "7000229": "consent_missing",
  "700016": "consent_missing",
  // The API (e.g. Defender's) has no service principal in the tenant: the product is not there.
  "500011": "resource_unavailable",
  "7000112": "consent_missing",
  "7000215": "bad_credentials",
  "7000218": "bad_credentials",
  "7000222": "bad_credentials",
  "700027": "bad_credentials",
  "90002": "unknown_tenant",
};

const MESSAGES: Record<TokenFailureKind, string> = {
  consent_missing: "The customer's tenant has not granted consent to the portal's app, or the consent was removed.",
  bad_credentials: "Microsoft refused the portal's app credentials (client secret or certificate). Check the app registration.",
  resource_unavailable: "The incident API is not available in this tenant (AADSTS500011): the customer may not have Microsoft Defender.",
  unknown_tenant: "Microsoft does not know this tenant.",
  transient: "Microsoft's sign-in service did not answer in time. Try again shortly.",
};

export function classifyTokenError(error: unknown): TokenError {
  if (error instanceof ServerError) {
    // Typed as a string, but MSAL passes on Entra's error_codes[0], a number.
    const code = error.errorNo !== undefined ? String(error.errorNo) : aadstsNumber(error.errorMessage);
    const status = error.status ?? 0;
    const kind = code && KIND_BY_AADSTS[code] ? KIND_BY_AADSTS[code] : "transient";
    if (kind === "transient" && status > 0 && status < 500 && status !== 429) {
      return new TokenError("transient", `Microsoft refused the token request: ${firstSentence(error.errorMessage)}`, code);
    }
    return new TokenError(kind, MESSAGES[kind], code);
  }
  return new TokenError("transient", MESSAGES.transient);
}

function aadstsNumber(message: string): string | undefined {
  return /AADSTS(\d+)/.exec(message)?.[1];
}

function firstSentence(message: string): string {
  return message.split(/(?<=\.)\s/)[0]?.slice(0, 300) ?? "";
}
