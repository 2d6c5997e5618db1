import { readWorldSeed, type SeedApplication, type SeedTenant, type SeedUser, type ValidWorldSeed, type WorldSeed } from "./seed";

export type Tenant = SeedTenant;
export type User = SeedUser;
export type Application = SeedApplication;

/** A user together with the tenant that is their home directory. */
export interface DirectoryUser {
  tenant: Tenant;
  user: User;
}

/** The emulated Microsoft cloud: tenants, their users, and the applications registered in them. */
export class World {
  private constructor(private readonly seed: ValidWorldSeed) {}

  static async load(seed: string | WorldSeed): Promise<World> {
    return new World(await readWorldSeed(seed));
  }

  get tenants(): readonly Tenant[] {
    return this.seed.tenants;
  }

  get applications(): readonly Application[] {
    return this.seed.applications;
  }

  /** Resolves a tenant the way Entra does in a URL: by its GUID or any of its verified domains. */
  tenant(idOrDomain: string): Tenant | undefined {
    const wanted = idOrDomain.toLowerCase();
    return this.seed.tenants.find(
      (tenant) => tenant.id.toLowerCase() === wanted || tenant.domains.some((domain) => domain.toLowerCase() === wanted),
    );
  }

  application(appId: string): Application | undefined {
    const wanted = appId.toLowerCase();
    return this.seed.applications.find((app) => app.appId.toLowerCase() === wanted);
  }

  /** Finds a user in any tenant by sign-in name; UPNs are case-insensitive in Entra. */
  userByPrincipalName(userPrincipalName: string): DirectoryUser | undefined {
    const wanted = userPrincipalName.trim().toLowerCase();
    for (const tenant of this.seed.tenants) {
      const user = tenant.users.find((candidate) => candidate.userPrincipalName.toLowerCase() === wanted);
      if (user) return { tenant, user };
    }
    return undefined;
  }

  /** The app roles assigned to the user on this application, as Entra puts them in the `roles` claim. */
  appRolesOf(user: User, appId: string): string[] {
    const wanted = appId.toLowerCase();
    return user.appRoles.filter((assignment) => assignment.appId.toLowerCase() === wanted).map((assignment) => assignment.role);
  }
}
