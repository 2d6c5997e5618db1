import type { Tenant, World } from "../world/world";
import type { Incident } from "./model";
import { SeededRandom } from "./random";
import type { IncidentChanges, IncidentStore } from "./store";

// Who the world's edit log names for what happens on its own.
const ACTOR = "Microsoft Defender XDR (emulator live mode)";
// Fixed, so a demo replays the same story: which tenant, which incident, which change.
const LIVE_SEED = 2026;

/**
 * Lets incidents appear and change on their own (--live): every `seconds`, one consented tenant
 * with generated incidents gets a new incident or a step forward on an open one, stamped with the
 * clock and recorded like any other change. Returns the function that stops it (once the change
 * under way is recorded).
 */
export function startLiveIncidents(world: World, store: IncidentStore, clock: () => number, seconds: number): () => Promise<void> {
  const random = new SeededRandom(LIVE_SEED);
  let happening = Promise.resolve();
  const timer = setInterval(() => {
    happening = happen(world, store, clock(), random).catch((error: unknown) => console.error("Emulator live mode failed:", error));
  }, seconds * 1000);
  return () => {
    clearInterval(timer);
    return happening;
  };
}

async function happen(world: World, store: IncidentStore, now: number, random: SeededRandom): Promise<void> {
  const tenants = world.tenants.filter((tenant) => generatesIncidents(tenant) && consented(world, tenant));
  if (tenants.length === 0) return;
  const tenant = random.pick(tenants);
  const open = store.incidents(tenant.id).filter((incident) => incident.status !== "resolved" && incident.status !== "redirected");
  if (open.length === 0 || random.chance(0.3)) {
    await store.create(tenant, {}, ACTOR, now);
    return;
  }
  // The newest open incidents are the ones a SOC is working on.
  const incident = random.pick(open.slice(-20));
  await store.update({ tenantId: tenant.id, incidentId: incident.id, changes: nextStep(incident, tenant, random), actor: ACTOR, at: now });
}

function generatesIncidents(tenant: Tenant): boolean {
  return tenant.incidents !== undefined && !Array.isArray(tenant.incidents) && tenant.incidents.generate > 0;
}

// Consented: some application holds app roles in the tenant (a home tenant's own principal holds none).
function consented(world: World, tenant: Tenant): boolean {
  return world.servicePrincipals(tenant.id).some((principal) => principal.appRoles.graph.length + principal.appRoles.defender.length > 0);
}

// What an analyst (or Defender Experts' customer) does next: take it, work it, close it.
function nextStep(incident: Incident, tenant: Tenant, random: SeededRandom): IncidentChanges {
  if (incident.assignedTo === null) return { assignedTo: random.pick([...tenant.users.map((user) => user.userPrincipalName), `secops@${tenant.domains[0]}`]) };
  if (incident.status !== "inProgress") return { status: "inProgress" };
  return random.pick<IncidentChanges>([
    { status: "resolved", classification: "truePositive", determination: "malware" },
    { status: "resolved", classification: "truePositive", determination: "phishing" },
    { status: "resolved", classification: "falsePositive", determination: "notMalicious" },
    { status: "resolved", classification: "informationalExpectedActivity", determination: "securityTesting" },
  ]);
}
