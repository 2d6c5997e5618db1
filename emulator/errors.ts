import { sendHtml, sendJson, type Exchange } from "./http";
import { errorPage } from "./pages";

/** An Entra (AADSTS) error: the OAuth error string, the AADSTS number and its message. */
export interface EntraError {
  status: number;
  error: string;
  code: number;
  message: string;
}

const entraError = (status: number, error: string, code: number, message: string): EntraError => ({
  status,
  error,
  code,
  message,
});

// Messages follow what Entra returns at run time (login.microsoftonline.com/error and real responses).

export const tenantNotFound = (tenant: string, error: "invalid_tenant" | "invalid_request") =>
  entraError(
    400,
    error,
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
      "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
  );

export const missingParameter = (name: string) =>
  entraError(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`);

export const postOnly = (method: string) =>
  entraError(400, "invalid_request", 900561, `The endpoint only accepts POST requests. Received a ${method} request.`);

export const applicationNotFound = (appId: string, tenantName: string) =>
  entraError(
    400,
    "unauthorized_client",
    700016,
    `Application with identifier '${appId}' was not found in the directory '${tenantName}'. This can happen if the application ` +
      "has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
      "You may have sent your authentication request to the wrong tenant.",
  );

export const redirectUriNotRegistered = (redirectUri: string, appId: string) =>
  entraError(
    400,
    "invalid_request",
    50011,
    `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application ` +
      `'${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. ` +
      "Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
  );

export const unsupportedResponseType = (responseType: string) =>
  entraError(400, "unsupported_response_type", 700054, `response_type '${responseType}' is not enabled for the application.`);

export const unsupportedResponseMode = (responseMode: string) =>
  entraError(400, "invalid_request", 70007, `The app returned an unsupported value of 'response_mode': '${responseMode}'.`);

export const invalidCodeChallengeMethod = () =>
  entraError(400, "invalid_request", 50149, "Invalid Code_Challenge_method parameter.");

export const invalidCodeChallengeSize = () =>
  entraError(400, "invalid_request", 501491, "Invalid size of Code_Challenge parameter.");

export const resourceNotFound = (resource: string, tenantName: string) =>
  entraError(
    400,
    "invalid_resource",
    500011,
    `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application ` +
      "has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
      "You might have sent your authentication request to the wrong tenant.",
  );

export const noSignedInUser = () =>
  entraError(400, "login_required", 50058, "A silent sign-in request was sent but no user is signed in.");

export const userNotInTenant = (upn: string, homeTenantId: string, tenantName: string, appId: string, appName: string) =>
  entraError(
    400,
    "invalid_request",
    50020,
    `User account '${upn}' from identity provider 'https://sts.windows.net/${homeTenantId}/' does not exist in tenant ` +
      `'${tenantName}' and cannot access the application '${appId}'(${appName}) in that tenant. The account needs to be ` +
      "added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.",
  );

export const userNotFound = (upn: string, tenantId: string) =>
  entraError(
    400,
    "invalid_request",
    50034,
    `The user account ${upn} does not exist in the ${tenantId} directory. To sign into this application, the account must be added to the directory.`,
  );

export const unsupportedGrantType = (grantType: string) =>
  entraError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`);

export const missingClientSecret = () =>
  entraError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

export const invalidClientSecret = (appId: string) =>
  entraError(
    401,
    "invalid_client",
    7000215,
    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
      `not the client secret ID, for a secret added to app '${appId}'.`,
  );

export const malformedGrant = () => entraError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");

export const codeExpired = () =>
  entraError(
    400,
    "invalid_grant",
    70008,
    "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
  );

export const codeAlreadyRedeemed = () =>
  entraError(
    400,
    "invalid_grant",
    54005,
    "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
  );

export const codeForOtherTenant = () =>
  entraError(
    400,
    "invalid_grant",
    700005,
    "Provided Authorization Code is intended to use against other tenant, thus rejected.",
  );

export const userDisabled = () =>
  entraError(400, "invalid_grant", 50057, "The user account is disabled. The account has been disabled by an administrator.");

export const grantRevoked = (issuedAt: number, validFrom: number) =>
  entraError(
    400,
    "invalid_grant",
    50173,
    `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${new Date(issuedAt).toISOString()}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${new Date(validFrom).toISOString()}'.`,
  );

export const codeForOtherClient = () => entraError(400, "invalid_grant", 70000, "Provided grant is invalid or malformed.");

export const replyAddressMismatch = (given: string, original: string) =>
  entraError(
    400,
    "invalid_grant",
    50011,
    `The reply address '${given}' does not match the reply address '${original}' provided when requesting Authorization code.`,
  );

export const codeVerifierMismatch = () =>
  entraError(400, "invalid_grant", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");

export const codeVerifierMissing = () =>
  entraError(400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");

/** The moment of an error, formatted as Entra does: 2026-11-27 05:20:00Z. */
export function entraTimestamp(date = new Date()): string {
  return date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export function describeEntraError(error: EntraError): string {
  return `AADSTS${error.code}: ${error.message}`;
}

/** Entra's JSON error body, exactly as its token and discovery endpoints return it. */
export function entraErrorBody(exchange: Exchange, error: EntraError) {
  const timestamp = entraTimestamp();
  return {
    error: error.error,
    error_description:
      `${describeEntraError(error)} Trace ID: ${exchange.traceId} Correlation ID: ${exchange.correlationId} Timestamp: ${timestamp}`,
    error_codes: [error.code],
    timestamp,
    trace_id: exchange.traceId,
    correlation_id: exchange.correlationId,
    error_uri: `${exchange.origin}/error?code=${error.code}`,
  };
}

export function sendEntraError(exchange: Exchange, error: EntraError): void {
  sendJson(exchange, error.status, entraErrorBody(exchange, error));
}

/** The sign-in page's error screen, used when Entra cannot (or must not) redirect back to the app. */
export function sendEntraErrorPage(exchange: Exchange, error: EntraError): void {
  sendHtml(
    exchange,
    error.status,
    errorPage({
      message: describeEntraError(error),
      traceId: exchange.traceId,
      correlationId: exchange.correlationId,
      timestamp: entraTimestamp(),
    }),
  );
}

// App-only tokens (client credentials, certificate credentials), admin consent and instance discovery.

const CERTIFICATE_CREDENTIALS_DOC =
  "Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .";

const keyLookupAdvice = (appId: string) =>
  `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'. ` +
  "Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and " +
  "https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, " +
  `such as 'https://graph.microsoft.com/beta/applications/${appId}'`;

export const missingClientCredential = () =>
  entraError(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");

export const scopeWithoutDefault = (scope: string) =>
  entraError(
    400,
    "invalid_scope",
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );

export const invalidScope = (scope: string) =>
  entraError(400, "invalid_scope", 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);

export const missingServicePrincipal = (appId: string, tenantId: string) =>
  entraError(
    401,
    "invalid_client",
    7000229,
    `The client application ${appId} is missing service principal in the tenant ${tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
  );

export const certificateNotRegistered = (thumbprint: string | undefined, appId: string) =>
  entraError(
    401,
    "invalid_client",
    700027,
    "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., " +
      `${thumbprint ? `Thumbprint of key used by client: '${thumbprint}', ` : ""}${keyLookupAdvice(appId)}].`,
  );

export const invalidAssertionSignature = (thumbprint: string, appId: string) =>
  entraError(
    401,
    "invalid_client",
    700027,
    "Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., " +
      `Thumbprint of key used by client: '${thumbprint}', ${keyLookupAdvice(appId)}].`,
  );

export const malformedAssertion = () => entraError(400, "invalid_request", 50027, "JWT token is invalid or malformed.");

export const assertionAudienceMismatch = () =>
  entraError(401, "invalid_client", 700023, `Client assertion audience claim does not match Realm issuer. ${CERTIFICATE_CREDENTIALS_DOC}`);

export const assertionIssuerMismatch = () =>
  entraError(401, "invalid_client", 700021, `Client assertion application identifier doesn't match 'client_id' parameter. ${CERTIFICATE_CREDENTIALS_DOC}`);

export const assertionOutsideValidity = (now: number, notBefore: number, expiry: number) =>
  entraError(
    401,
    "invalid_client",
    700024,
    `Client assertion is not within its valid time range. Current time: ${isoSeconds(now)}, assertion valid from ${isoSeconds(notBefore)}, ` +
      `expiry time of assertion ${isoSeconds(expiry)}. ${CERTIFICATE_CREDENTIALS_DOC}`,
  );

export const consentDeclined = () => entraError(400, "access_denied", 65004, "User declined to consent to access the app.");

export const consentDenied = () => entraError(400, "consent_required", 65004, "The resource owner or authorization server denied the request.");

export const adminApprovalRequired = () => entraError(400, "access_denied", 90094, "The grant requires admin permission.");

// What the control API's faults make the token endpoint answer, with the status forced.

export const transientError = (status: 500 | 502 | 503 | 504) =>
  entraError(status, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.");

export const tenantThrottled = () =>
  entraError(429, "temporarily_unavailable", 90055, "There are too many incoming requests. Please try again later.");

export const expiredClientSecret = (appId: string) =>
  entraError(
    401,
    "invalid_client",
    7000222,
    `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: ` +
      "https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
  );

export const applicationDisabled = (appId: string) => entraError(403, "unauthorized_client", 7000112, `Application '${appId}' is disabled.`);

export const unknownInstance = () => entraError(400, "invalid_instance", 50049, "Unknown or invalid instance.");

function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
}
