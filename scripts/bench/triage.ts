// Bulk triage: 200 incidents of 50 tenants assigned at once through the queue's own form, posted
// as a browser without JavaScript posts it, with the emulator adding 150 ms to every call.
import type { Environment } from "@/lib/config";
import { withDatabase } from "@/lib/db/adapter";
import { applyMigrations } from "@/lib/db/migrate";

import { startStack } from "../stack";
import { countedBetween, counters, createIncident, listedSince, sum } from "./emulator";
import { BENCH_ANALYST, benchSessions, cpuMs, timedGet } from "./http";
import { syncRows, waitFor } from "./observe";
import { consentTenants, registerTenants, type BenchTenant } from "./world";

export const BULK_INCIDENTS_PER_TENANT = 4;
const ASSIGNEE = "bulk.bench@northwind-partners.example";
const WRITE_ROLES = ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"];

export interface BulkFigures {
  incidents: number;
  tenants: number;
  seconds: number;
  /** Incidents the portal reported done, and the first other result it showed. */
  done: number;
  problem?: string;
  /** Graph calls and token requests the emulator counted during the action. */
  calls: number;
  tokens: number;
  /** Incidents Microsoft shows as changed since the action started. */
  changed: number;
  /** CPU time the portal and the emulator used during the action: they share the machine's cores. */
  cpuMs: { portal: number; emulator: number };
}

/** Raises the incidents, lets the portal sync them, then selects every one on a 200-row queue page and assigns them. */
export async function measureBulk(url: string, env: Environment, tenants: BenchTenant[], { port, cookie, emulatorUrl }: { port: number; cookie: string; emulatorUrl: string }): Promise<BulkFigures> {
  const database = { kind: "postgres" as const, url };
  await applyMigrations(database);
  return withDatabase(database, async (prisma) => {
    await registerTenants(prisma, tenants);
    await benchSessions(prisma, [BENCH_ANALYST]);
    const stack = await startStack({ port, env: { ...env, DATABASE_URL: url }, output: "files" });
    try {
      for (const tenant of tenants) {
        for (let number = 1; number <= BULK_INCIDENTS_PER_TENANT; number++) await createIncident(emulatorUrl, tenant.id, { displayName: `Bulk bench ${number}`, severity: "medium" });
      }
      await consentTenants(prisma, tenants, WRITE_ROLES);
      const incidents = tenants.length * BULK_INCIDENTS_PER_TENANT;
      const synced = await waitFor(async () => {
        const rows = await syncRows(prisma);
        return rows.length === tenants.length && rows.every((row) => row.lastSuccessAt) && (await prisma.incident.count()) === incidents ? true : undefined;
      }, 120_000);
      if (!synced) throw new Error(`The portal did not sync the ${incidents} incidents of ${tenants.length} tenants within two minutes`);

      const path = `/incidents?range=180d&size=200`;
      const page = await timedGet(`${stack.url}${path}`, cookie);
      const form = bulkForm(page.body);
      if (form.selection.length !== incidents) throw new Error(`The queue offered ${form.selection.length} incidents to select, expected ${incidents}`);
      const body = new FormData();
      for (const [name, value] of form.hidden) body.append(name, value);
      for (const value of form.selection) body.append("incident", value);
      body.append("operation", "assign");
      body.append("assignedTo", ASSIGNEE);

      const before = await counters(emulatorUrl);
      const cpuBefore = { portal: cpuMs(stack.portalPid), emulator: cpuMs(stack.emulatorPid!) };
      const startedAt = new Date();
      const started = performance.now();
      const response = await fetch(`${stack.url}${path}`, { method: "POST", headers: { cookie }, body });
      const html = await response.text();
      const seconds = (performance.now() - started) / 1000;
      const after = await counters(emulatorUrl);
      const cpu = { portal: cpuMs(stack.portalPid) - cpuBefore.portal, emulator: cpuMs(stack.emulatorPid!) - cpuBefore.emulator };

      const outcomes = resultOutcomes(html);
      const done = outcomes.filter((outcome) => outcome === "Done").length;
      const other = outcomes.find((outcome) => outcome !== "Done");
      const problem = response.ok ? (outcomes.length !== incidents ? `showed ${outcomes.length} results` : other) : `HTTP ${response.status}`;
      let changed = 0;
      for (const tenant of tenants) changed += await listedSince(emulatorUrl, tenant.id, startedAt);
      return {
        incidents,
        tenants: tenants.length,
        seconds,
        done,
        problem,
        calls: sum(countedBetween(before, after, "graph")),
        tokens: sum(countedBetween(before, after, "token")),
        changed,
        cpuMs: cpu,
      };
    } finally {
      await stack.stop();
    }
  });
}

/**
 * The bulk form's hidden fields (React's server-action reference, which a browser without
 * JavaScript posts back) and the value of every row's checkbox, from the page's HTML.
 */
function bulkForm(html: string): { hidden: [string, string][]; selection: string[] } {
  const form = html.match(/<form[^>]*id="bulk-triage"[^>]*>([\s\S]*?)<\/form>/);
  if (!form) throw new Error("The queue page has no bulk triage form");
  const inputs = (text: string) => [...text.matchAll(/<input\b([^>]*)>/g)].map((match) => attributes(match[1]));
  const hidden = inputs(form[1])
    .filter((input) => input.type === "hidden" && input.name)
    .map((input) => [input.name, input.value ?? ""] as [string, string]);
  const selection = inputs(html)
    .filter((input) => input.type === "checkbox" && input.form === "bulk-triage" && input.name === "incident")
    .map((input) => input.value);
  return { hidden, selection };
}

function attributes(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/([\w$:-]+)="([^"]*)"/g)].map((match) => [match[1], decodeEntities(match[2])]));
}

function decodeEntities(text: string): string {
  return text.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (_, entity: string) => ({ quot: '"', amp: "&", lt: "<", gt: ">", "#x27": "'", "#39": "'" })[entity]!);
}

/** The result column of the Results table the action's answer shows. */
function resultOutcomes(html: string): string[] {
  const table = html.match(/<table[^>]*aria-label="Results"[^>]*>([\s\S]*?)<\/table>/);
  if (!table) return [];
  return [...table[1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .map((row) => [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1].replace(/<[^>]+>/g, "")))
    .filter((cells) => cells.length === 4)
    .map((cells) => decodeEntities(cells[2]));
}
