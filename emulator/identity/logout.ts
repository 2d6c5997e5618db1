import { sendEntraErrorPage, tenantNotFound } from "../errors";
import { redirect, sendHtml, type Exchange } from "../http";
import { signedOutPage } from "../pages";
import { hasRegisteredOrigin } from "./redirect-uris";
import type { IdentityServices } from "./services";

/**
 * GET /{tenant}/oauth2/v2.0/logout — the emulator keeps no session, so signing out only decides
 * where the browser goes: back to the app when post_logout_redirect_uri is on one of the app's
 * registered origins (any app's, when no client_id names it), else to the "You signed out" page.
 */
export function logout({ world }: IdentityServices, exchange: Exchange, tenantSegment: string): void {
  const tenant = world.tenant(tenantSegment);
  if (!tenant) return sendEntraErrorPage(exchange, tenantNotFound(tenantSegment, "invalid_request"));
  const params = exchange.url.searchParams;
  const target = params.get("post_logout_redirect_uri");
  const clientId = params.get("client_id");
  const client = clientId ? world.application(clientId) : undefined;
  const candidates = client ? [client] : world.applications;
  if (!target || !hasRegisteredOrigin(candidates, target)) return sendHtml(exchange, 200, signedOutPage());
  const destination = new URL(target);
  const state = params.get("state");
  if (state !== null) destination.searchParams.append("state", state);
  redirect(exchange, destination.toString());
}
