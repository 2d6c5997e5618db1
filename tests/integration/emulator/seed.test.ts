import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { InvalidSeedError, type WorldSeed } from "@/emulator/server";
import { World } from "@/emulator/world/world";

const TENANT = "0f0e0d0c-0b0a-4908-8706-050403020100";
const APP = "10203040-5060-4708-9090-a0b0c0d0e0f0";

function seed(overrides: { user?: object; tenant?: object; app?: object; consents?: WorldSeed["consents"] } = {}): WorldSeed {
  return {
    tenants: [
      {
        id: TENANT,
        displayName: "Contoso",
        domains: ["contoso.example"],
        users: [{ oid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", userPrincipalName: "a@contoso.example", displayName: "A", ...overrides.user }],
        ...overrides.tenant,
      },
    ],
    applications: [
      { appId: APP, displayName: "App", homeTenantId: TENANT, secrets: ["s"], redirectUris: ["https://app.example/cb"], appRoles: ["Reader"], ...overrides.app },
    ],
    consents: overrides.consents,
  } as WorldSeed;
}

describe("emulator world seed", () => {
  it("loads the default seed with the ids the portal's demo mode relies on", async () => {
    const world = await World.load("emulator/seeds/default.json");
    expect(world.tenant("northwind-partners.example")?.id).toBe("c1626cae-1399-4aec-adf5-acee23a42d47");
    expect(world.tenants.map((tenant) => tenant.displayName)).toEqual([
      "Northwind Security Partners",
      "Fabrikam Ltd",
      "Tailspin Toys",
      "Woodgrove Bank",
      "Adatum Corporation",
      "Litware Inc",
      "Proseware Labs",
      "Contoso Pharma",
    ]);
    expect(world.application("54b3e267-3d85-48b3-ad9d-e9cf50200a46")?.displayName).toBe("Northwind Partner Portal");
    const admin = world.userByPrincipalName("ADMIN@fabrikam.example");
    expect(admin?.user).toMatchObject({ oid: "2658a890-3d2f-4046-8ead-d7b729cb1750", globalAdmin: true });
    const raw = JSON.parse(await readFile("emulator/seeds/default.json", "utf8"));
    expect(raw.consents).toEqual([]);
  });

  it("rejects an unknown key and names its path", async () => {
    await expect(World.load(seed({ user: { colour: "blue" } }))).rejects.toThrow("tenants[0].users[0].colour: unknown key");
  });

  it("rejects an app role the application does not declare", async () => {
    const error = World.load(seed({ user: { appRoles: [{ appId: APP, role: "Portal.Admin" }] } }));
    await expect(error).rejects.toBeInstanceOf(InvalidSeedError);
    await expect(error).rejects.toThrow(`tenants[0].users[0].appRoles[0].role: application ${APP} declares no role Portal.Admin`);
  });

  it("rejects references to unknown tenants and applications", async () => {
    const other = "99999999-9999-4999-8999-999999999999";
    const error = World.load(seed({ app: { homeTenantId: other }, consents: [{ tenantId: other, appId: other }] }));
    await expect(error).rejects.toThrow(`applications[0].homeTenantId: unknown tenant ${other}`);
    await expect(error).rejects.toThrow(`consents[0].appId: unknown application ${other}`);
  });

  it("rejects a UPN outside the tenant's domains", async () => {
    await expect(World.load(seed({ user: { userPrincipalName: "a@elsewhere.example" } }))).rejects.toThrow(
      "tenants[0].users[0].userPrincipalName: domain elsewhere.example is not one of the tenant's domains",
    );
  });

  it("rejects an application certificate that is not a readable PEM certificate", async () => {
    const notPem = World.load(seed({ app: { certificates: ["MIIB..."] } }));
    await expect(notPem).rejects.toThrow("applications[0].certificates[0]: must be one PEM certificate");
    const unreadable = World.load(seed({ app: { certificates: ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"] } }));
    await expect(unreadable).rejects.toThrow("applications[0].certificates[0]: is not a readable X.509 certificate");
  });

  it("gives every application a service principal in its home tenant, and one per seeded consent", async () => {
    const world = await World.load(seed({ consents: [{ tenantId: TENANT, appId: APP, graph: ["SecurityIncident.Read.All"] }] }));
    expect(world.servicePrincipals()).toEqual([
      { tenantId: TENANT, appId: APP, objectId: expect.stringMatching(/^[0-9a-f-]{36}$/), appRoles: { graph: ["SecurityIncident.Read.All"], defender: [] } },
    ]);
  });

  it("takes a tenant without Microsoft Defender only without incidents, and only as a boolean", async () => {
    const world = await World.load(seed({ tenant: { defender: false, incidents: { generate: 0, seed: 1 } } }));
    expect(world.tenant(TENANT)?.defender).toBe(false);
    await expect(World.load(seed({ tenant: { defender: false, incidents: { generate: 5, seed: 1 } } }))).rejects.toThrow(
      "tenants[0].incidents: a tenant without Microsoft Defender has no incidents",
    );
    await expect(World.load(seed({ tenant: { defender: "no" } }))).rejects.toThrow(InvalidSeedError);
  });

  it("rejects a group member outside the group's tenant or listed twice, and a group id another object has", async () => {
    const user = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    const stranger = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";
    const group = "cccccccc-dddd-4eee-8fff-000000000000";
    const groups = [
      { id: group, displayName: "SOC", members: [user, stranger, user] },
      { id: group, displayName: "SOC again", members: [] },
      { id: user, displayName: "Named like a user", members: [] },
    ];
    const error = World.load(seed({ tenant: { groups } }));
    await expect(error).rejects.toThrow(`tenants[0].groups[0].members[1]: no user ${stranger} in this tenant`);
    await expect(error).rejects.toThrow(`tenants[0].groups[0].members[2]: user ${user} is listed twice`);
    await expect(error).rejects.toThrow(`tenants[0].groups[1].id: object id ${group} is already a user's or another group's`);
    await expect(error).rejects.toThrow(`tenants[0].groups[2].id: object id ${user} is already a user's or another group's`);
  });

  it("takes Entra's groupMembershipClaims settings, except those it does not emulate", async () => {
    for (const setting of [null, "None", "SecurityGroup", "All"]) {
      await expect(World.load(seed({ app: { groupMembershipClaims: setting } }))).resolves.toBeInstanceOf(World);
    }
    await expect(World.load(seed({ app: { groupMembershipClaims: "DirectoryRole" } }))).rejects.toThrow(
      'applications[0].groupMembershipClaims: must be null, "None", "SecurityGroup" or "All" (ApplicationGroup and DirectoryRole are not emulated)',
    );
  });

  it("generates a user's groups with the same ids at every load, up to 1,000 of them", async () => {
    const oid = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    const first = await World.load(seed({ user: { generatedGroups: 3 } }));
    const second = await World.load(seed({ user: { generatedGroups: 3 } }));
    expect(first.groups()).toHaveLength(3);
    expect(second.groups()).toEqual(first.groups());
    expect(first.groups().map((group) => group.members)).toEqual([[oid], [oid], [oid]]);
    expect(first.groupIdsOf(oid)).toEqual(first.groups().map((group) => group.id));
    for (const group of first.groups()) expect(group.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    await expect(World.load(seed({ user: { generatedGroups: 1001 } }))).rejects.toThrow("tenants[0].users[0].generatedGroups: ");
  });

  it("keeps an explicit incident list", async () => {
    const world = await World.load(seed({ tenant: { incidents: [{ id: "1", displayName: "Phishing" }] } }));
    expect(world.tenants[0].incidents).toEqual([{ id: "1", displayName: "Phishing" }]);
  });

  it("explains a seed file that is not JSON", async () => {
    await expect(World.load("package-lock.json.missing")).rejects.toThrow("Cannot read emulator seed file package-lock.json.missing");
  });
});
