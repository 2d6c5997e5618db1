import { randomUUID } from "node:crypto";
import {
  applicationNotFound,
  describeEntraError,
  entraErrorBody,
  invalidCodeChallengeMethod,
  invalidCodeChallengeSize,
  missingParameter,
  noSignedInUser,
  redirectUriNotRegistered,
  resourceNotFound,
  sendEntraErrorPage,
  tenantNotFound,
  unsupportedResponseMode,
  unsupportedResponseType,
  userDisabled,
  userNotFound,
  userNotInTenant,
  type EntraError,
} from "../errors";
import { readForm, redirect, sendHtml, type Exchange } from "../http";
import { accountPickerPage, FORM_POST_POLICY, formPostPage } from "../pages";
import type { Application, Tenant } from "../world/world";
import type { CodeChallenge } from "./authorization-codes";
import { isRegisteredRedirectUri } from "./redirect-uris";
import { parseScopes } from "./scopes";
import type { IdentityServices } from "./services";

const RESPONSE_MODES = ["query", "fragment", "form_post"] as const;
type ResponseMode = (typeof RESPONSE_MODES)[number];

/** Where the sign-in result goes once the redirect URI is known to be registered. */
interface Reply {
  redirectUri: string;
  responseMode: ResponseMode;
  state: string | null;
}

/**
 * GET or POST /{tenant}/oauth2/v2.0/authorize — the authorization-code sign-in. The account
 * picker posts back here with the original parameters plus `login`, the chosen account.
 */
export async function authorize(services: IdentityServices, exchange: Exchange, tenantSegment: string): Promise<void> {
  const params = exchange.req.method === "POST" ? await readForm(exchange) : exchange.url.searchParams;
  const { world } = services;
  const tenant = world.tenant(tenantSegment);
  if (!tenant) return sendEntraErrorPage(exchange, tenantNotFound(tenantSegment, "invalid_request"));
  const clientId = params.get("client_id");
  if (!clientId) return sendEntraErrorPage(exchange, missingParameter("client_id"));
  const app = world.application(clientId);
  if (!app) return sendEntraErrorPage(exchange, applicationNotFound(clientId, tenant.displayName));
  const redirectUri = params.get("redirect_uri");
  if (!redirectUri) return sendEntraErrorPage(exchange, missingParameter("redirect_uri"));
  // An unregistered redirect URI is never followed, not even to report the error.
  if (!isRegisteredRedirectUri(app, redirectUri)) {
    return sendEntraErrorPage(exchange, redirectUriNotRegistered(redirectUri, app.appId));
  }

  const requestedMode = params.get("response_mode") ?? "query";
  const reply: Reply = {
    redirectUri,
    responseMode: isResponseMode(requestedMode) ? requestedMode : "query",
    state: params.get("state"),
  };
  const fail = (error: EntraError) => replyWithError(exchange, reply, error);
  if (!isResponseMode(requestedMode)) return fail(unsupportedResponseMode(requestedMode));
  const responseType = params.get("response_type");
  if (!responseType) return fail(missingParameter("response_type"));
  if (responseType !== "code") return fail(unsupportedResponseType(responseType));
  const scope = params.get("scope");
  if (!scope) return fail(missingParameter("scope"));
  const parsedScopes = parseScopes(scope);
  if ("unknownResource" in parsedScopes) return fail(resourceNotFound(parsedScopes.unknownResource, tenant.displayName));
  const codeChallenge = readCodeChallenge(params);
  if ("code" in codeChallenge) return fail(codeChallenge);
  const prompt = params.get("prompt");
  // The emulator keeps no sign-in session, so a silent request always finds nobody signed in.
  if (prompt === "none") return fail(noSignedInUser());

  const pickerForced = prompt === "select_account" || prompt === "login";
  const chosenName = params.get("login") ?? (pickerForced ? null : params.get("login_hint"));
  if (!chosenName) return showAccountPicker(exchange, tenant, app, params);
  const account = world.userByPrincipalName(chosenName);
  if (!account) return showAccountPicker(exchange, tenant, app, params, userNotFound(chosenName, tenant.id), chosenName);
  if (account.tenant.id !== tenant.id) {
    return sendEntraErrorPage(
      exchange,
      userNotInTenant(account.user.userPrincipalName, account.tenant.id, tenant.displayName, app.appId, app.displayName),
    );
  }

  if (!world.accountEnabled(account.user)) return sendEntraErrorPage(exchange, userDisabled());

  const code = services.codes.issue({
    tenantId: tenant.id,
    clientId: app.appId,
    redirectUri,
    userOid: account.user.oid,
    scopes: parsedScopes.scopes,
    nonce: params.get("nonce") ?? undefined,
    codeChallenge: codeChallenge.challenge,
  });
  sendReply(exchange, reply, [["code", code], ...stateField(reply), ["session_state", randomUUID()]]);
}

function readCodeChallenge(params: URLSearchParams): { challenge?: CodeChallenge } | EntraError {
  const value = params.get("code_challenge");
  if (!value) return {};
  // RFC 7636 makes "plain" the method when none is named; Entra accepts both.
  const method = params.get("code_challenge_method") ?? "plain";
  if (method !== "S256" && method !== "plain") return invalidCodeChallengeMethod();
  if (value.length < 43 || value.length > 128) return invalidCodeChallengeSize();
  return { challenge: { value, method } };
}

function showAccountPicker(
  exchange: Exchange,
  tenant: Tenant,
  app: Application,
  params: URLSearchParams,
  error?: EntraError,
  enteredName?: string,
): void {
  const html = accountPickerPage({
    action: exchange.url.pathname,
    fields: [...params].filter(([name]) => name !== "login"),
    accounts: tenant.users,
    applicationName: app.displayName,
    error: error && describeEntraError(error),
    enteredName,
  });
  sendHtml(exchange, 200, html);
}

function replyWithError(exchange: Exchange, reply: Reply, error: EntraError): void {
  const body = entraErrorBody(exchange, error);
  sendReply(exchange, reply, [["error", body.error], ["error_description", body.error_description], ...stateField(reply)]);
}

function sendReply(exchange: Exchange, reply: Reply, fields: [string, string][]): void {
  if (reply.responseMode === "form_post") {
    return sendHtml(exchange, 200, formPostPage(reply.redirectUri, fields), FORM_POST_POLICY);
  }
  const target = new URL(reply.redirectUri);
  if (reply.responseMode === "fragment") target.hash = new URLSearchParams(fields).toString();
  else fields.forEach(([name, value]) => target.searchParams.append(name, value));
  redirect(exchange, target.toString());
}

function stateField(reply: Reply): [string, string][] {
  return reply.state === null ? [] : [["state", reply.state]];
}

function isResponseMode(value: string): value is ResponseMode {
  return (RESPONSE_MODES as readonly string[]).includes(value);
}
