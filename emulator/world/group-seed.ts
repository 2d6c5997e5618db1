import { z } from "zod";

// A tenant's security groups. Members are users of the same tenant, by oid: the world has no nested
// groups, guests or Microsoft 365 groups.
export const groupSchema = z.strictObject({
  id: z.guid(),
  displayName: z.string().min(1),
  members: z.array(z.guid()),
});

// Past Entra's 200-group limit for a JWT several times over, yet a typo cannot make the world huge.
export const generatedGroupsSchema = z.number().int().min(1).max(1000);

// Entra's manifest values. ApplicationGroup and DirectoryRole need group assignments to applications
// and directory roles, which the world does not model.
export const groupMembershipClaimsSchema = z
  .enum(["None", "SecurityGroup", "All"], { error: 'must be null, "None", "SecurityGroup" or "All" (ApplicationGroup and DirectoryRole are not emulated)' })
  .nullable();

interface TenantWithGroups {
  users: readonly { oid: string }[];
  groups?: readonly z.output<typeof groupSchema>[];
}

/** Group ids are directory object ids: unique, and never a user's oid. Members are users of the group's tenant, each once. */
export function checkGroups(tenants: readonly TenantWithGroups[], problem: (path: PropertyKey[], message: string) => void): void {
  const objectIds = new Set(tenants.flatMap((tenant) => tenant.users.map((user) => user.oid.toLowerCase())));
  tenants.forEach((tenant, t) => {
    const tenantUsers = new Set(tenant.users.map((user) => user.oid.toLowerCase()));
    tenant.groups?.forEach((group, g) => {
      const at = ["tenants", t, "groups", g];
      if (objectIds.has(group.id.toLowerCase())) problem([...at, "id"], `object id ${group.id} is already a user's or another group's`);
      objectIds.add(group.id.toLowerCase());
      const members = new Set<string>();
      group.members.forEach((member, m) => {
        const key = member.toLowerCase();
        if (!tenantUsers.has(key)) problem([...at, "members", m], `no user ${member} in this tenant`);
        else if (members.has(key)) problem([...at, "members", m], `user ${member} is listed twice`);
        members.add(key);
      });
    });
  });
}
