import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

import { DEMO } from "@/lib/config/demo";

import { E2E } from "../stack";

// Microsoft's side of the triage tests: the incident as each API shows it (read with the portal
// app's own token, as the portal would), and the emulator's control API, which plays Microsoft's
// own portal (raising and changing incidents) and throttles a tenant.
export const EMULATOR = `https://localhost:${E2E.emulatorPort}`;
const CONTROL = `${EMULATOR}/_emulator/control`;

const RESOURCES = { graph: "https://graph.microsoft.com", defender: "https://api.security.microsoft.com" } as const;
export type IncidentApi = keyof typeof RESOURCES;

async function appToken(request: APIRequestContext, tenantId: string, api: IncidentApi): Promise<string> {
  const token = await request.post(`${EMULATOR}/${tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: "client_credentials", client_id: DEMO.clientId, client_secret: DEMO.clientSecret, scope: `${RESOURCES[api]}/.default` },
  });
  expect(token.status(), `a ${api} token for ${tenantId}`).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

export interface GraphIncident {
  assignedTo: string | null;
  status: string;
  classification: string;
  determination: string;
  customTags: string[];
  comments: { comment: string }[];
}

/** The incident as Microsoft Graph itself shows it. */
export async function graphIncident(request: APIRequestContext, tenantId: string, id: string): Promise<GraphIncident> {
  const response = await request.get(`${EMULATOR}/graph/v1.0/security/incidents/${id}`, { headers: { authorization: `Bearer ${await appToken(request, tenantId, "graph")}` } });
  expect(response.status(), `Graph's incident ${id}`).toBe(200);
  return response.json();
}

export interface DefenderIncident {
  assignedTo: string | null;
  status: string;
  classification: string;
  determination: string;
  tags: string[];
  comments: { comment: string; createdBy: string }[];
}

/** The incident as the legacy Microsoft 365 Defender API itself shows it (PascalCase enums). */
export async function defenderIncident(request: APIRequestContext, tenantId: string, id: string): Promise<DefenderIncident> {
  const response = await request.get(`${EMULATOR}/defender/api/incidents/${id}`, { headers: { authorization: `Bearer ${await appToken(request, tenantId, "defender")}` } });
  expect(response.status(), `Defender's incident ${id}`).toBe(200);
  return response.json();
}

async function control(request: APIRequestContext, method: "post" | "patch" | "put" | "delete", path: string, data?: object) {
  const response = await request[method](`${CONTROL}${path}`, { data });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response;
}

/** Raises an active, unassigned incident in a tenant, as Microsoft Defender does; its id. */
export async function raiseIncident(request: APIRequestContext, tenantId: string, displayName: string, fields: { severity?: string } = {}): Promise<string> {
  const response = await control(request, "post", `/tenants/${tenantId}/incidents`, { displayName, status: "active", assignedTo: null, customTags: [], ...fields });
  return ((await response.json()) as { id: string }).id;
}

/** Changes an incident as the customer's own analyst would in Microsoft's portal (Graph's spelling). */
export async function changeInMicrosoft(request: APIRequestContext, tenantId: string, id: string, changes: Record<string, unknown>) {
  await control(request, "patch", `/tenants/${tenantId}/incidents/${id}`, changes);
}

/** The customer grants the portal's app these permissions, as accepting admin consent would. */
export async function grantConsent(request: APIRequestContext, tenantId: string, permissions: { graph?: string[]; defender?: string[] }) {
  await control(request, "post", `/tenants/${tenantId}/consent/grant`, { appId: DEMO.clientId, ...permissions });
}

/** The customer removes the portal's app from its tenant (its service principal deleted). */
export async function revokeConsent(request: APIRequestContext, tenantId: string) {
  await control(request, "post", `/tenants/${tenantId}/consent/revoke`, { appId: DEMO.clientId });
}

/**
 * Microsoft throttles every call to one incident API in this tenant (429 with a Retry-After longer
 * than the portal waits for), until `unthrottle`. Tokens are still issued.
 */
export async function throttle(request: APIRequestContext, tenantId: string, api: IncidentApi) {
  await control(request, "put", `/tenants/${tenantId}/faults`, { forceStatus: 429, retryAfterSeconds: 5, endpoints: [api] });
}

export async function unthrottle(request: APIRequestContext, tenantId: string) {
  await control(request, "delete", `/tenants/${tenantId}/faults`);
}

/** The form of one triage change on the incident page, by its button. */
export function changeForm(page: Page, button: string): Locator {
  return page.getByRole("region", { name: "Triage" }).locator("form", { has: page.getByRole("button", { name: button, exact: true }) });
}

/**
 * In the all-tenants queue, as an analyst: waits until the portal's store (kept by its sync) lists
 * `count` incidents titled `title`, then selects them all for a bulk change.
 */
export async function selectInQueue(page: Page, title: string, count: number) {
  const rows = page.getByRole("table").last().getByRole("row").filter({ hasText: title });
  await expect(async () => {
    await page.goto(`/incidents?range=180d&q=${encodeURIComponent(title)}`);
    await expect(rows).toHaveCount(count, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  for (const box of await rows.getByRole("checkbox").all()) await box.check();
}

/** One row of the bulk change's results, by tenant name. */
function bulkResult(page: Page, tenant: string): Locator {
  return page.getByRole("region", { name: "Change selected incidents" }).getByRole("table", { name: "Results" }).getByRole("row").filter({ hasText: tenant });
}

/**
 * The bulk change's answer over one incident in each of three tenants: done in the good one, failed
 * in the throttled one, refused (naming the missing permission) in the read-only one.
 */
export async function expectBulkOutcomes(page: Page, tenants: { good: string; throttled: string; readOnly: string }, writePermission: string) {
  await expect(page.getByRole("region", { name: "Change selected incidents" }).getByText("1 of 3 incidents changed in Microsoft Defender.")).toBeVisible();
  await expect(bulkResult(page, tenants.good).getByRole("cell", { name: "Done", exact: true })).toBeVisible();
  await expect(bulkResult(page, tenants.throttled).getByRole("cell", { name: "Failed", exact: true })).toBeVisible();
  await expect(bulkResult(page, tenants.throttled)).toContainText("Microsoft is throttling requests for this tenant");
  await expect(bulkResult(page, tenants.readOnly).getByRole("cell", { name: "Refused", exact: true })).toBeVisible();
  await expect(bulkResult(page, tenants.readOnly)).toContainText(`needs the ${writePermission} permission`);
}
