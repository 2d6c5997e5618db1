// The benchmark's world: customer tenants in the emulator's seed and in the portal's database, and
// a store filled directly with realistic incidents for the query figures.
import { readFileSync, writeFileSync } from "node:fs";

import { DEMO } from "@/lib/config/demo";
import type { PrismaClient } from "@/lib/db/generated/client";

export interface BenchTenant {
  id: string;
  name: string;
  domain: string;
}

export function benchTenants(count: number): BenchTenant[] {
  return Array.from({ length: count }, (_, index) => benchTenant(index + 1));
}

/** The customer with 10,000 incidents, outside the numbering of the others. */
export const LARGE_TENANT = benchTenant(10_000);

function benchTenant(number: number): BenchTenant {
  return {
    id: `be000000-0000-4000-8000-${String(number).padStart(12, "0")}`,
    name: `Bench Customer ${String(number).padStart(5, "0")}`,
    domain: `bench-${number}.example`,
  };
}

/** The default seed's partner tenant and portal app, plus these customers, each consented, with generated incidents. */
export function writeBenchSeed(file: string, customers: { tenant: BenchTenant; incidents: number }[]): void {
  const base = JSON.parse(readFileSync("emulator/seeds/default.json", "utf8")) as {
    tenants: { id: string }[];
    applications: { appId: string; requiredPermissions: { graph: string[]; defender: string[] } }[];
  };
  const partner = base.tenants.find((tenant) => tenant.id === DEMO.partnerTenantId);
  const app = base.applications.find((application) => application.appId === DEMO.clientId);
  if (!partner || !app) throw new Error("emulator/seeds/default.json no longer holds the demo partner tenant and app");
  const seed = {
    tenants: [
      partner,
      ...customers.map(({ tenant, incidents }, index) => ({
        id: tenant.id,
        displayName: tenant.name,
        domains: [tenant.domain],
        users: [],
        incidents: { generate: incidents, seed: index + 1 },
      })),
    ],
    applications: [app],
    consents: customers.map(({ tenant }) => ({ tenantId: tenant.id, appId: app.appId, ...app.requiredPermissions })),
  };
  writeFileSync(file, JSON.stringify(seed));
}

/** The tenants in the portal's (migrated) database, pending: the sync leaves them alone until they consent. */
export async function registerTenants(prisma: PrismaClient, tenants: BenchTenant[]): Promise<void> {
  await prisma.tenant.createMany({
    data: tenants.map((tenant) => ({ id: tenant.id, displayName: tenant.name, domain: tenant.domain, addedBy: "bench" })),
  });
}

/** What the consent proof records; the portal's sync picks the tenants up at its next dispatch. */
export async function consentTenants(prisma: PrismaClient, tenants: BenchTenant[], grantedRoles = ["SecurityIncident.Read.All", "Incident.Read.All"]): Promise<void> {
  const now = new Date();
  await prisma.tenant.updateMany({
    where: { id: { in: tenants.map((tenant) => tenant.id) } },
    data: { status: "consented", grantedRoles, consentedAt: now, verifiedAt: now },
  });
}

/**
 * Every consented tenant as if synced just now, next due in a day: a store filled by the bench
 * sees no sync while its pages are measured.
 */
export async function markSynced(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO tenant_sync ("tenantId", api, cursor, "lastStartedAt", "lastFinishedAt", "lastSuccessAt", "nextAttemptAt")
    SELECT id, 'graph', now(), now(), now(), now(), now() + interval '1 day' FROM tenant WHERE status = 'consented'`;
}

/** Incident ids are unique across the filled store, so a search by id finds one incident. */
export const incidentId = (tenantNumber: number, incident: number) => String(100_000 * tenantNumber + incident);

/** Words and people the query figures look for; each occurs only where the fill puts it. */
export const FILL = {
  titleWord: "ransomware",
  assignee: "analyst07@northwind-partners.example",
};

const TITLES = [
  "Multi-stage incident involving Initial access & Lateral movement on one endpoint",
  "Suspicious PowerShell command line on one endpoint",
  "Email messages containing malicious URL removed after delivery",
  "Atypical travel involving one user",
  "Suspicious inbox forwarding rule",
  "Possible ransomware activity on multiple endpoints",
  "Malware was detected in an email message",
  "Sign-in from an anonymous IP address",
  "Suspicious access to LSASS service on one endpoint",
  "Suspected DCSync attack (replication of directory services)",
  "Password spray attack against multiple users",
  "Mass download by a single user",
];

/**
 * Inserts incidents `from`..`to` (1-based) of every bench tenant, generated in SQL from an MD5 of
 * tenant and number: Defender's usual mix of severities (15% high) and statuses (55% resolved),
 * 40% unassigned, a few tags, created over the last 178 days (inside the 180-day range) and
 * updated up to two days later, never after now.
 */
export async function fillStore(prisma: PrismaClient, from: number, to: number): Promise<void> {
  const titles = `ARRAY[${TITLES.map((title) => `'${title}'`).join(", ")}]`;
  await prisma.$executeRawUnsafe(`
    INSERT INTO incident ("tenantId", id, title, severity, status, classification, determination, "assignedTo", "assigneeKey", "createdAt", "lastUpdatedAt", tags, "syncedAt")
    SELECT t.id, (100000 * t.number + i)::text,
      (${titles})[1 + get_byte(r.d, 3) % ${TITLES.length}],
      (CASE WHEN get_byte(r.d, 0) < 38 THEN 'high' WHEN get_byte(r.d, 0) < 128 THEN 'medium' WHEN get_byte(r.d, 0) < 218 THEN 'low' ELSE 'informational' END)::incident_severity,
      s.status::incident_status,
      CASE WHEN s.status <> 'resolved' THEN NULL WHEN get_byte(r.d, 10) < 128 THEN 'truePositive' WHEN get_byte(r.d, 10) < 200 THEN 'falsePositive' ELSE 'informationalExpectedActivity' END,
      CASE WHEN s.status <> 'resolved' THEN NULL WHEN get_byte(r.d, 10) < 128 THEN 'malware' WHEN get_byte(r.d, 10) < 200 THEN 'notMalicious' ELSE 'securityTesting' END,
      a.assignee, a.assignee,
      c.created, c.created + least(now() - c.created, make_interval(secs => get_byte(r.d, 8) * 675)),
      CASE WHEN get_byte(r.d, 4) < 180 THEN ARRAY[]::text[] WHEN get_byte(r.d, 4) < 205 THEN ARRAY['VIP'] WHEN get_byte(r.d, 4) < 225 THEN ARRAY['Finance']
        WHEN get_byte(r.d, 4) < 240 THEN ARRAY['Server'] WHEN get_byte(r.d, 4) < 250 THEN ARRAY['PCI', 'Finance'] ELSE ARRAY['Executive', 'VIP'] END,
      now()
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS number FROM tenant WHERE "addedBy" = 'bench') t
    CROSS JOIN generate_series(${from}, ${to}) i
    CROSS JOIN LATERAL (SELECT decode(md5(t.id::text || ':' || i), 'hex') AS d) r
    CROSS JOIN LATERAL (SELECT CASE WHEN get_byte(r.d, 2) < 102 THEN NULL ELSE 'analyst' || lpad((1 + get_byte(r.d, 2) % 12)::text, 2, '0') || '@northwind-partners.example' END AS assignee) a
    CROSS JOIN LATERAL (SELECT CASE WHEN get_byte(r.d, 1) < 77 THEN 'active' WHEN get_byte(r.d, 1) < 102 THEN 'inProgress' WHEN get_byte(r.d, 1) < 110 THEN 'awaitingAction'
      WHEN get_byte(r.d, 1) < 115 THEN 'redirected' ELSE 'resolved' END AS status) s
    CROSS JOIN LATERAL (SELECT now() - make_interval(secs => ((get_byte(r.d, 5) << 16) | (get_byte(r.d, 6) << 8) | get_byte(r.d, 7)) * 15379200.0 / 16777216) AS created) c`);
}
