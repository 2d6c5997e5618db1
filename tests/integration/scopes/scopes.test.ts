import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { recordStaffSignIn } from "@/lib/auth/staff";
import { IncidentQuery } from "@/lib/incidents/query";
import { findIncidents, storeVersion } from "@/lib/incidents/store";
import { syncTenant } from "@/lib/incidents/sync";
import { tenantSyncStatuses } from "@/lib/incidents/sync-status";
import { triageIncident } from "@/lib/incidents/triage";
import { scopeOf, type TenantScope } from "@/lib/scopes";
import { createGroup, deleteGroup, listGroups, setGroupTenants } from "@/lib/scopes/groups";
import { removeRule, setRule } from "@/lib/scopes/rules";
import { findTenant, listTenants, offboardTenant, tenantNames } from "@/lib/tenants";
import { resetConsentedTenants, startPortalWorld, type PortalWorld } from "@/tests/support/portal";
import { ADMIN, ANALYST, FABRIKAM_TENANT_ID as FABRIKAM, LITWARE_TENANT_ID as LITWARE, PORTAL_APP_ID, TAILSPIN_TENANT_ID as TAILSPIN } from "@/tests/support/seed-ids";

const ENTRA_GROUP = "5b8e2f0c-1d3a-4e6b-9c7d-2a4f6e8b0c1d";
const NOBODY = "0f6b5b57-1111-4c1a-9a5e-3d2c1b0a9f8e";
const analyst = { email: ANALYST.upn, role: "analyst" };
const query = IncidentQuery.parse({ range: "180d" });

let world: PortalWorld;

async function scope(staff = analyst): Promise<TenantScope> {
  return scopeOf(staff);
}

async function shown(scope: TenantScope) {
  const { incidents, total } = await findIncidents(scope, query);
  return { tenants: new Set(incidents.map((incident) => incident.tenantId)), total };
}

describe("staff see only the tenants they serve", () => {
  beforeAll(async () => {
    world = await startPortalWorld();
    for (const tenantId of [FABRIKAM, TAILSPIN]) await world.emulator.control.grantConsent(tenantId, PORTAL_APP_ID, { graph: ["SecurityIncident.Read.All"], defender: [] });
    await resetConsentedTenants(world, [FABRIKAM, TAILSPIN]);
    for (const tenantId of [FABRIKAM, TAILSPIN]) expect(await syncTenant(tenantId, 60_000)).toMatchObject({ ok: true, complete: true });
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    await world.database.client.accessRule.deleteMany({ where: { principal: { not: "default" } } });
    await world.database.client.accessRule.update({ where: { principal: "default" }, data: { kind: "all", groupIds: [], tenantIds: [] } });
    await world.database.client.tenantGroup.deleteMany();
    await recordStaffSignIn({ upn: ANALYST.upn, name: ANALYST.name, entraGroups: [] });
  });

  it("shows every tenant to staff no rule names while the default rule says all tenants", async () => {
    expect(await scope()).toBe("everyTenant");
  });

  it("limits an analyst to a tenant group's tenants in lists, counts, versions and the queue", async () => {
    const { group } = (await createGroup("Region NL", ADMIN.upn)) as { ok: true; group: { id: string } };
    await setGroupTenants(group.id, [FABRIKAM], ADMIN.upn);
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "only", groupIds: [group.id], tenantIds: [] }, ADMIN.upn);
    const scoped = await scope();

    expect(scoped).toEqual({ only: new Set([FABRIKAM]) });
    expect((await listTenants(scoped)).map((tenant) => tenant.id)).toEqual([FABRIKAM]);
    const every = await shown("everyTenant");
    const mine = await shown(scoped);
    expect(mine.tenants).toEqual(new Set([FABRIKAM]));
    expect(mine.total).toBe(await world.database.client.incident.count({ where: { tenantId: FABRIKAM } }));
    expect(mine.total).toBeLessThan(every.total);
    expect((await tenantSyncStatuses(scoped)).map((status) => status.tenantId)).toEqual([FABRIKAM]);
    expect([...(await tenantNames(scoped, [FABRIKAM, TAILSPIN])).keys()]).toEqual([FABRIKAM]);
  });

  it("shows a scoped analyst only the groups, and the members, they see", async () => {
    const { group: mine } = (await createGroup("Region NL", ADMIN.upn)) as { ok: true; group: { id: string } };
    const { group: theirs } = (await createGroup("Tailspin only", ADMIN.upn)) as { ok: true; group: { id: string } };
    await setGroupTenants(mine.id, [FABRIKAM, TAILSPIN], ADMIN.upn);
    await setGroupTenants(theirs.id, [TAILSPIN], ADMIN.upn);
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "only", groupIds: [], tenantIds: [FABRIKAM] }, ADMIN.upn);
    expect(await listGroups(await scope())).toEqual([{ id: mine.id, name: "Region NL", tenantIds: [FABRIKAM] }]);
    expect((await listGroups("everyTenant")).map((group) => group.name)).toEqual(["Region NL", "Tailspin only"]);
  });

  it("answers for a tenant out of scope exactly as for one that does not exist", async () => {
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "only", groupIds: [], tenantIds: [FABRIKAM] }, ADMIN.upn);
    const scoped = await scope();
    expect(await findTenant(scoped, TAILSPIN)).toBeNull();
    expect(await storeVersion(scoped, { tenantId: TAILSPIN })).toBe(await storeVersion(scoped, { tenantId: NOBODY }));
    expect(await storeVersion(scoped, { tenantId: TAILSPIN })).toBeNull();
    const [incident] = (await findIncidents({ only: new Set([TAILSPIN]) }, query)).incidents;
    const seen = { assignedTo: incident.assignedTo, status: incident.status, classification: incident.classification, lastUpdatedAt: incident.lastUpdatedAt };
    const outOfScope = await triageIncident({ email: ANALYST.upn, scope: scoped }, TAILSPIN, incident.id, { assignedTo: ANALYST.upn }, seen, { check: "store" });
    const missing = await triageIncident({ email: ANALYST.upn, scope: scoped }, NOBODY, incident.id, { assignedTo: ANALYST.upn }, seen, { check: "store" });
    expect(outOfScope).toEqual(missing);
    expect(outOfScope).toMatchObject({ outcome: "refused" });
  });

  it("gives the members of an Entra group that group's rule, added to their own", async () => {
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "only", groupIds: [], tenantIds: [FABRIKAM] }, ADMIN.upn);
    await setRule(`group:${ENTRA_GROUP}`, "SOC Tailspin", { kind: "only", groupIds: [], tenantIds: [TAILSPIN] }, ADMIN.upn);
    expect(await scope()).toEqual({ only: new Set([FABRIKAM]) });

    await recordStaffSignIn({ upn: ANALYST.upn, name: ANALYST.name, entraGroups: [ENTRA_GROUP.toUpperCase()] });
    expect(await scope()).toEqual({ only: new Set([FABRIKAM, TAILSPIN]) });
  });

  it("shows all tenants but the excluded ones to an 'all but' rule", async () => {
    await world.database.client.tenant.create({ data: { id: LITWARE, displayName: "Litware", addedBy: "test", status: "consented" } });
    const { group } = (await createGroup("Excluded", ADMIN.upn)) as { ok: true; group: { id: string } };
    await setGroupTenants(group.id, [LITWARE], ADMIN.upn);
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "allBut", groupIds: [group.id], tenantIds: [TAILSPIN] }, ADMIN.upn);
    const seen = async () => new Set((await listTenants(await scope())).map((tenant) => tenant.id));
    expect(await seen()).toEqual(new Set([FABRIKAM]));
    expect(await findTenant(await scope(), LITWARE)).toBeNull();

    // An "only" rule of one of their Entra groups adds back what it lists.
    await setRule(`group:${ENTRA_GROUP}`, "SOC Litware", { kind: "only", groupIds: [], tenantIds: [LITWARE] }, ADMIN.upn);
    await recordStaffSignIn({ upn: ANALYST.upn, name: ANALYST.name, entraGroups: [ENTRA_GROUP] });
    expect(await seen()).toEqual(new Set([FABRIKAM, LITWARE]));

    await deleteGroup(group.id, ADMIN.upn);
    await recordStaffSignIn({ upn: ANALYST.upn, name: ANALYST.name, entraGroups: [] });
    expect(await seen()).toEqual(new Set([FABRIKAM, LITWARE]));
    await world.database.client.tenant.delete({ where: { id: LITWARE } });
  });

  it("keeps a tenant left out by an 'all but' rule out of every list, count and version", async () => {
    await world.database.client.tenant.create({ data: { id: LITWARE, displayName: "Litware", addedBy: "test" } });
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "allBut", groupIds: [], tenantIds: [TAILSPIN] }, ADMIN.upn);
    const scoped = await scope();
    // Fewer tenants left out than shown: the scope is carried as the tenants it leaves out.
    expect(scoped).toEqual({ allBut: new Set([TAILSPIN]) });
    const mine = await shown(scoped);
    expect(mine.tenants).toEqual(new Set([FABRIKAM]));
    expect(mine.total).toBe(await world.database.client.incident.count({ where: { tenantId: { not: TAILSPIN } } }));
    expect(new Set((await listTenants(scoped)).map((tenant) => tenant.id))).toEqual(new Set([FABRIKAM, LITWARE]));
    expect((await tenantSyncStatuses(scoped)).map((status) => status.tenantId)).toEqual([FABRIKAM]);
    expect([...(await tenantNames(scoped, [FABRIKAM, TAILSPIN])).keys()]).toEqual([FABRIKAM]);
    expect(await findTenant(scoped, TAILSPIN)).toBeNull();
    expect(await storeVersion(scoped, { tenantId: TAILSPIN })).toBeNull();
    const [theirs] = (await findIncidents({ only: new Set([TAILSPIN]) }, query)).incidents;
    expect((await findIncidents(scoped, IncidentQuery.parse({ range: "180d", q: theirs.id }))).total).toBe(0);
    await world.database.client.tenant.delete({ where: { id: LITWARE } });
  });

  it("shows nothing to staff no rule names once the default rule says no tenant", async () => {
    await setRule("default", "Everyone else", { kind: "only", groupIds: [], tenantIds: [] }, ADMIN.upn);
    const scoped = await scope();
    expect(scoped).toEqual({ only: new Set() });
    expect(await listTenants(scoped)).toEqual([]);
    expect(await shown(scoped)).toEqual({ tenants: new Set(), total: 0 });
    expect(await storeVersion(scoped)).toBeNull();
    expect(await scope({ email: ADMIN.upn, role: "admin" })).toBe("everyTenant");
  });

  it("gives staff the default rule again once their own rule is removed", async () => {
    const rule = await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "only", groupIds: [], tenantIds: [FABRIKAM] }, ADMIN.upn);
    expect(await scope()).not.toBe("everyTenant");
    expect(await removeRule(rule.id, ADMIN.upn)).toBe(true);
    expect(await scope()).toBe("everyTenant");
  });

  it("audits group and access changes with what they were before", async () => {
    const { group } = (await createGroup("Gold customers", ADMIN.upn)) as { ok: true; group: { id: string } };
    await setGroupTenants(group.id, [FABRIKAM, TAILSPIN], ADMIN.upn);
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "only", groupIds: [group.id], tenantIds: [] }, ADMIN.upn);
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "all", groupIds: [], tenantIds: [] }, ADMIN.upn);
    const events = await world.database.client.auditEvent.findMany({ where: { action: { startsWith: "group." } }, orderBy: { id: "desc" }, take: 2 });
    expect(events.map((event) => [event.action, event.actor])).toEqual([["group.members_changed", ADMIN.upn], ["group.created", ADMIN.upn]]);
    expect(events[0].details).toMatchObject({ added: [FABRIKAM, TAILSPIN], removed: [] });
    const [last] = await world.database.client.auditEvent.findMany({ where: { action: "access.rule_set" }, orderBy: { id: "desc" }, take: 1 });
    expect(last.details).toMatchObject({ principal: `user:${ANALYST.upn}`, before: { kind: "only", groupIds: [group.id] }, after: { kind: "all" } });
  });

  it("forgets an offboarded tenant in the rules that named it", async () => {
    await setRule(`user:${ANALYST.upn}`, ANALYST.upn, { kind: "allBut", groupIds: [], tenantIds: [TAILSPIN] }, ADMIN.upn);
    await offboardTenant(TAILSPIN, ADMIN.upn);
    const rule = await world.database.client.accessRule.findUniqueOrThrow({ where: { principal: `user:${ANALYST.upn}` } });
    expect(rule.tenantIds).toEqual([]);
  });
});
