import { derivedObjectId } from "./object-ids";
import type { SeedTenant, SeedUser, ValidWorldSeed } from "./seed";

/** A security group in a tenant's directory, with its member users by oid. */
export interface SecurityGroup {
  tenantId: string;
  /** The group's object id: what the `groups` claim and getMemberObjects list. */
  id: string;
  displayName: string;
  members: string[];
}

/** The groups the seed implies: each tenant's listed groups, then the groups generated for its users. */
export function seededGroups(seed: ValidWorldSeed): SecurityGroup[] {
  return seed.tenants.flatMap((tenant) => [
    ...(tenant.groups ?? []).map(({ id, displayName, members }) => ({ tenantId: tenant.id, id, displayName, members: [...members] })),
    ...tenant.users.flatMap((user) => generatedGroups(tenant, user)),
  ]);
}

// Derived ids, so the generated groups are the same at every start.
function generatedGroups(tenant: SeedTenant, user: SeedUser): SecurityGroup[] {
  return Array.from({ length: user.generatedGroups ?? 0 }, (_, index) => {
    const number = String(index + 1).padStart(4, "0");
    return {
      tenantId: tenant.id,
      id: derivedObjectId("generated-group", tenant.id.toLowerCase(), user.oid.toLowerCase(), number),
      displayName: `Generated group ${number} of ${user.userPrincipalName}`,
      members: [user.oid],
    };
  });
}

/** The mutable part of the directory: who is in which security group. */
export class SecurityGroups {
  private readonly groups: SecurityGroup[];

  constructor(groups: SecurityGroup[]) {
    this.groups = groups.map(copy);
  }

  list(tenantId?: string): SecurityGroup[] {
    return this.groups.filter((group) => tenantId === undefined || same(group.tenantId, tenantId)).map(copy);
  }

  find(tenantId: string, groupId: string): SecurityGroup | undefined {
    const found = this.locate(tenantId, groupId);
    return found && copy(found);
  }

  /** The ids of the user's groups. Direct membership is all there is: the world has no nested groups. */
  idsOf(userOid: string): string[] {
    return this.groups.filter((group) => group.members.some((member) => same(member, userOid))).map((group) => group.id);
  }

  addMember(tenantId: string, groupId: string, userOid: string): boolean {
    const group = this.locate(tenantId, groupId);
    if (!group || group.members.some((member) => same(member, userOid))) return false;
    group.members.push(userOid);
    return true;
  }

  removeMember(tenantId: string, groupId: string, userOid: string): boolean {
    const group = this.locate(tenantId, groupId);
    const index = group?.members.findIndex((member) => same(member, userOid)) ?? -1;
    if (!group || index === -1) return false;
    group.members.splice(index, 1);
    return true;
  }

  private locate(tenantId: string, groupId: string): SecurityGroup | undefined {
    return this.groups.find((group) => same(group.tenantId, tenantId) && same(group.id, groupId));
  }
}

function copy(group: SecurityGroup): SecurityGroup {
  return { ...group, members: [...group.members] };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
