// The benchmark's world: 1,000 consented customer tenants in the emulator's seed and in the portal's database.
import { readFileSync, writeFileSync } from "node:fs";

import type { DatabaseConfig } from "@/lib/config";
import { DEMO } from "@/lib/config/demo";
import { withDatabase } from "@/lib/db/adapter";

export const INCIDENTS_PER_TENANT = 20;

export interface BenchTenant {
  id: string;
  name: string;
}

export function benchTenants(count: number): BenchTenant[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `be000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
    name: `Bench Customer ${String(index + 1).padStart(4, "0")}`,
  }));
}

/** The default seed's partner tenant and portal app, plus the bench customers, each consented. */
export function writeBenchSeed(file: string, tenants: BenchTenant[]): void {
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
      ...tenants.map((tenant, index) => ({
        id: tenant.id,
        displayName: tenant.name,
        domains: [`bench-${index + 1}.example`],
        users: [],
        incidents: { generate: INCIDENTS_PER_TENANT, seed: index + 1 },
      })),
    ],
    applications: [app],
    consents: tenants.map((tenant) => ({ tenantId: tenant.id, appId: app.appId, ...app.requiredPermissions })),
  };
  writeFileSync(file, JSON.stringify(seed));
}

/**
 * Every bench tenant in the portal's (migrated) database; only the first `consented` are in the
 * all-tenants queue.
 */
export function setConsentedTenants(database: DatabaseConfig, tenants: BenchTenant[], consented: number): Promise<void> {
  return withDatabase(database, async (prisma) => {
    const now = new Date();
    await prisma.tenant.createMany({
      data: tenants.map((tenant) => ({ id: tenant.id, displayName: tenant.name, addedBy: "bench", status: "pending" as const })),
      skipDuplicates: true,
    });
    const ids = tenants.map((tenant) => tenant.id);
    await prisma.tenant.updateMany({ where: { id: { in: ids } }, data: { status: "pending" } });
    await prisma.tenant.updateMany({
      where: { id: { in: ids.slice(0, consented) } },
      data: { status: "consented", grantedRoles: ["SecurityIncident.Read.All"], consentedAt: now, verifiedAt: now },
    });
  });
}
