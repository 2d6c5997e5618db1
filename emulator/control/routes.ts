import { z, ZodError } from "zod";
import { header, readJsonObject, sendJson, type Exchange, type Route } from "../http";
import { API_RESOURCES } from "../world/world";
import { NotInWorldError, type EmulatorControl } from "./control";
import type { TenantFaults } from "./faults";
import type { IncidentUpdateRequest, NewIncidentRequest } from "./incidents";

const BASE = "/_emulator/control";
const TENANT = "([^/]+)";

const appSchema = z.strictObject({ appId: z.string().min(1) });
const removeRoleSchema = appSchema.extend({ resource: z.enum(API_RESOURCES), permission: z.string().min(1) });
const memberSchema = z.strictObject({ user: z.string().min(1) });
const grantSchema = appSchema.extend({ graph: z.array(z.string().min(1)).default([]), defender: z.array(z.string().min(1)).default([]) });

/** The HTTP control API (mounted only when enabled): JSON over the EmulatorControl operations. */
export function controlRoutes(control: EmulatorControl): Route[] {
  const tenantPath = (suffix: string) => new RegExp(`^${BASE}/tenants/${TENANT}/${suffix}$`);
  const tenantRoute = (method: string, suffix: string, act: (tenantId: string, exchange: Exchange, match: RegExpMatchArray) => unknown, status = 200): Route => ({
    methods: [method],
    path: tenantPath(suffix),
    handle: (exchange, match) => answer(exchange, () => act(decodeURIComponent(match[1]), exchange, match), status),
  });
  const route = (method: string, path: string, act: () => unknown): Route => ({
    methods: [method],
    path: new RegExp(`^${BASE}/${path}$`),
    handle: (exchange) => answer(exchange, act, 200),
  });
  return [
    tenantRoute("GET", "faults", (tenantId) => control.faults(tenantId)),
    // setFaults validates the body (before looking up the tenant, so a bad body is a 400 first).
    tenantRoute("PUT", "faults", async (tenantId, exchange) => control.setFaults(tenantId, (await readBody(exchange)) as TenantFaults)),
    tenantRoute("DELETE", "faults", (tenantId) => control.clearFaults(tenantId)),
    route("DELETE", "faults", () => control.clearFaults()),
    tenantRoute("POST", "consent/grant", async (tenantId, exchange) => {
      const { appId, graph, defender } = grantSchema.parse(await readBody(exchange));
      return { servicePrincipal: await control.grantConsent(tenantId, appId, { graph, defender }) };
    }),
    tenantRoute("POST", "consent/revoke", async (tenantId, exchange) => {
      const { appId } = appSchema.parse(await readBody(exchange));
      return { revoked: await control.revokeConsent(tenantId, appId) };
    }),
    tenantRoute("POST", "consent/remove-role", async (tenantId, exchange) => {
      const { appId, resource, permission } = removeRoleSchema.parse(await readBody(exchange));
      return { removed: await control.removeAppRole(tenantId, appId, resource, permission) };
    }),
    // The control methods validate the bodies (before looking up the tenant, so a bad body is a 400 first).
    tenantRoute("POST", "incidents", async (tenantId, exchange) => control.createIncident(tenantId, (await readBody(exchange)) as NewIncidentRequest), 201),
    tenantRoute("PATCH", "incidents/([^/]+)", async (tenantId, exchange, match) =>
      control.updateIncident(tenantId, decodeURIComponent(match[2]), (await readBody(exchange)) as IncidentUpdateRequest),
    ),
    tenantRoute("POST", "groups/([^/]+)/members", async (tenantId, exchange, match) => {
      const { user } = memberSchema.parse(await readBody(exchange));
      return { added: await control.addGroupMember(tenantId, decodeURIComponent(match[2]), user) };
    }),
    tenantRoute("DELETE", "groups/([^/]+)/members/([^/]+)", async (tenantId, _exchange, match) => ({
      removed: await control.removeGroupMember(tenantId, decodeURIComponent(match[2]), decodeURIComponent(match[3])),
    })),
    // The body is validated by changeUser (before the user is looked up, so a bad body is a 400 first).
    tenantRoute("PATCH", "users/([^/]+)", async (tenantId, exchange, match) => control.changeUser(tenantId, decodeURIComponent(match[2]), await readBody(exchange))),
    route("GET", "counters", () => control.counters()),
    route("DELETE", "counters", () => control.resetCounters()),
  ];
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Requiring application/json makes a browser preflight any cross-site request, which the
// emulator never approves: a web page cannot steer a developer's emulator.
async function readBody(exchange: Exchange): Promise<Record<string, unknown>> {
  const type = (header(exchange.req, "content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/json")) throw new BodyError(415, "The body must be application/json.");
  const body = await readJsonObject(exchange);
  if (!body) throw new BodyError(400, "The body must be a JSON object.");
  return body;
}

/** `status` (200, or 201 for a creation) with the result as JSON, 204 when there is none; 400, 404 or 415 with the problems. */
async function answer(exchange: Exchange, act: () => unknown, status: number): Promise<void> {
  try {
    const result = await act();
    if (result === undefined) {
      exchange.res.writeHead(204, { "cache-control": "no-store" });
      exchange.res.end();
      return;
    }
    sendJson(exchange, status, result);
  } catch (error) {
    if (error instanceof ZodError) {
      return sendJson(exchange, 400, {
        error: "invalid_request",
        problems: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      });
    }
    if (error instanceof BodyError) return sendJson(exchange, error.status, { error: "invalid_request", problems: [{ path: "", message: error.message }] });
    if (error instanceof NotInWorldError) return sendJson(exchange, 404, { error: "not_found", message: error.message });
    throw error;
  }
}
