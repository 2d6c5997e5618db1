import { randomBytes } from "node:crypto";

import {
  adminApprovalRequired,
  applicationNotFound,
  consentDeclined,
  consentDenied,
  describeEntraError,
  entraTimestamp,
  missingParameter,
  redirectUriNotRegistered,
  resourceNotFound,
  sendEntraErrorPage,
  tenantNotFound,
  userNotFound,
  userNotInTenant,
  type EntraError,
} from "../errors";
import { readForm, redirect, sendHtml, type Exchange } from "../http";
import { isRegisteredRedirectUri } from "../identity/redirect-uris";
import { accountPickerPage } from "../pages";
import type { Application, DirectoryUser, Tenant, World } from "../world/world";
import { adminApprovalPage, consentPage } from "./pages";
import { appRoleGrants, grantedScope, requestedPermissions, type RequestedPermission } from "./permissions";

/**
 * The three ways in: `/{tenant}/v2.0/adminconsent` (v2), `/{tenant}/adminconsent` (legacy, v1) and
 * the Defender partner doc's `/common/oauth2/authorize?prompt=consent` link, which sends nobody back.
 */
export type ConsentEndpoint = "v2" | "legacy" | "partnerLink";

/** Where the outcome goes, once the redirect URI is known to be registered (never for the partner link). */
interface Reply {
  endpoint: ConsentEndpoint;
  redirectUri: string | null;
  state: string | null;
}

// Fields the consent screens add to the original request as it is posted from page to page.
const FLOW_FIELDS = new Set(["login", "decision"]);

/**
 * Admin consent: an account of the tenant signs in (the account picker), a global administrator
 * accepts or cancels on "Permissions requested"; anyone else gets "Need admin approval". Accepting
 * creates the app's service principal in the tenant with the consented app roles.
 */
export async function adminConsent(world: World, exchange: Exchange, tenantSegment: string, endpoint: ConsentEndpoint): Promise<void> {
  const params = exchange.req.method === "POST" ? await readForm(exchange) : exchange.url.searchParams;
  const target = consentTenant(world, tenantSegment, endpoint);
  if (!target) return sendEntraErrorPage(exchange, tenantNotFound(tenantSegment, "invalid_request"));
  const tenantName = target === "any" ? tenantSegment : target.displayName;
  const clientId = params.get("client_id");
  if (!clientId) return sendEntraErrorPage(exchange, missingParameter("client_id"));
  const app = world.application(clientId);
  if (!app) return sendEntraErrorPage(exchange, applicationNotFound(clientId, tenantName));
  const reply: Reply = { endpoint, redirectUri: params.get("redirect_uri"), state: params.get("state") };
  if (endpoint === "partnerLink") {
    reply.redirectUri = null;
    if (!params.get("response_type")) return sendEntraErrorPage(exchange, missingParameter("response_type"));
  } else {
    if (!reply.redirectUri) return sendEntraErrorPage(exchange, missingParameter("redirect_uri"));
    // An unregistered redirect URI is never followed, not even to report the error.
    if (!isRegisteredRedirectUri(app, reply.redirectUri)) {
      return sendEntraErrorPage(exchange, redirectUriNotRegistered(reply.redirectUri, app.appId));
    }
  }
  const permissions = requestedPermissions(app, endpoint === "v2" ? params.get("scope") : null);
  if ("unknownResource" in permissions) {
    return replyWithError(exchange, reply, resourceNotFound(permissions.unknownResource, tenantName));
  }

  const requestFields = [...params].filter(([name]) => !FLOW_FIELDS.has(name));
  const login = params.get("login");
  if (!login) return showPicker(exchange, world, target, app, requestFields);
  const account = world.userByPrincipalName(login);
  if (!account) {
    const error = userNotFound(login, target === "any" ? tenantSegment : target.id);
    return showPicker(exchange, world, target, app, requestFields, error, login);
  }
  const tenant = target === "any" ? account.tenant : target;
  if (account.tenant.id !== tenant.id) {
    const { user } = account;
    return sendEntraErrorPage(exchange, userNotInTenant(user.userPrincipalName, account.tenant.id, tenant.displayName, app.appId, app.displayName));
  }

  const decision = params.get("decision");
  const signedInFields: [string, string][] = [...requestFields, ["login", account.user.userPrincipalName]];
  // Only a global administrator can consent for the whole organization.
  if (!account.user.globalAdmin) {
    if (decision === "return" && endpoint !== "partnerLink") return replyWithError(exchange, reply, consentDenied());
    return showAdminApprovalNeeded(exchange, app, account, requestFields, signedInFields, endpoint);
  }
  if (decision === "accept") return accept(world, exchange, reply, tenant, app, permissions);
  if (decision === "cancel") return cancel(exchange, reply);
  sendHtml(
    exchange,
    200,
    consentPage({
      action: exchange.url.pathname,
      fields: signedInFields,
      userPrincipalName: account.user.userPrincipalName,
      applicationName: app.displayName,
      publisherName: app.publisherName,
      permissions,
    }),
  );
}

/** The tenant named in the path; "any" when the admin's own tenant is meant (`organizations`, and `common` on the partner link). */
function consentTenant(world: World, segment: string, endpoint: ConsentEndpoint): Tenant | "any" | undefined {
  const lower = segment.toLowerCase();
  if (lower === "organizations" || (lower === "common" && endpoint === "partnerLink")) return "any";
  return world.tenant(segment);
}

async function accept(
  world: World,
  exchange: Exchange,
  reply: Reply,
  tenant: Tenant,
  app: Application,
  permissions: RequestedPermission[],
): Promise<void> {
  await world.grantConsent(tenant.id, app.appId, appRoleGrants(permissions));
  // The partner link names no redirect URI: Entra sends the admin to one the app registered, with
  // an authorization code and no state (the request had none).
  if (reply.endpoint === "partnerLink") return sendReply(exchange, { ...reply, redirectUri: app.redirectUris[0] }, [["code", randomBytes(32).toString("base64url")]]);
  const fields: [string, string][] = [["admin_consent", "True"], ["tenant", tenant.id]];
  // The legacy endpoint predates scopes: it answers with the tenant only.
  if (reply.endpoint === "v2") fields.push(["scope", grantedScope(permissions)]);
  sendReply(exchange, reply, fields);
}

/** A cancel as Entra was seen to send it: the error and its subcode only, no description, no admin_consent. */
function cancel(exchange: Exchange, reply: Reply): void {
  if (!reply.redirectUri) return sendEntraErrorPage(exchange, consentDeclined());
  sendReply(exchange, reply, [["error", "access_denied"], ["error_subcode", "cancel"]]);
}

/** An error goes back to the app with admin_consent=True, as Entra's admin-consent errors do; the partner link shows it instead. */
function replyWithError(exchange: Exchange, reply: Reply, error: EntraError, extra: [string, string][] = []): void {
  if (!reply.redirectUri) return sendEntraErrorPage(exchange, error);
  sendReply(exchange, reply, [
    ["error", error.error],
    ...extra,
    ["error_description", redirectErrorDescription(exchange, error)],
    ["admin_consent", "True"],
  ]);
}

function sendReply(exchange: Exchange, reply: Reply, fields: [string, string][]): void {
  const target = new URL(reply.redirectUri ?? "");
  for (const [name, value] of fields) target.searchParams.append(name, value);
  if (reply.state !== null) target.searchParams.append("state", reply.state);
  redirect(exchange, target.toString());
}

// In redirects Entra separates the trace details with CRLF (the JSON bodies use spaces).
function redirectErrorDescription(exchange: Exchange, error: EntraError): string {
  return `${describeEntraError(error)}\r\nTrace ID: ${exchange.traceId}\r\nCorrelation ID: ${exchange.correlationId}\r\nTimestamp: ${entraTimestamp()}`;
}

function showPicker(
  exchange: Exchange,
  world: World,
  target: Tenant | "any",
  app: Application,
  fields: [string, string][],
  error?: EntraError,
  enteredName?: string,
): void {
  const html = accountPickerPage({
    action: exchange.url.pathname,
    fields,
    accounts: target === "any" ? world.tenants.flatMap((tenant) => tenant.users) : target.users,
    applicationName: app.displayName,
    error: error && describeEntraError(error),
    enteredName,
  });
  sendHtml(exchange, 200, html);
}

function showAdminApprovalNeeded(
  exchange: Exchange,
  app: Application,
  account: DirectoryUser,
  pickerFields: [string, string][],
  fields: [string, string][],
  endpoint: ConsentEndpoint,
): void {
  const html = adminApprovalPage({
    action: exchange.url.pathname,
    fields,
    pickerFields,
    userPrincipalName: account.user.userPrincipalName,
    applicationName: app.displayName,
    publisherName: app.publisherName,
    canReturn: endpoint !== "partnerLink",
    details: describeEntraError(adminApprovalRequired()),
  });
  sendHtml(exchange, 200, html);
}
