import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { checkGroups, generatedGroupsSchema, groupMembershipClaimsSchema, groupSchema } from "./group-seed";

// The seed file is a contract other tasks and the portal's demo mode rely on: unknown keys are
// rejected rather than ignored, so a typo never silently changes the emulated world.

const guid = z.guid();
const permissions = z.array(z.string().min(1));
const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

const appRoleAssignmentSchema = z.strictObject({ appId: guid, role: z.string().min(1) });

const userSchema = z.strictObject({
  oid: guid,
  userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/, "must look like name@domain"),
  displayName: z.string().min(1),
  globalAdmin: z.boolean().default(false),
  appRoles: z.array(appRoleAssignmentSchema).default([]),
  // false: an administrator disabled the account. Optional, so seeds without it keep their digest.
  accountEnabled: z.boolean().optional(),
  // Puts the user in that many more security groups, generated (for the groups overage case).
  generatedGroups: generatedGroupsSchema.optional(),
});

// Incidents are either generated from a deterministic seed or given as an explicit list in
// Graph's incident shape; the incidents task interprets them, the world only keeps them.
const incidentsSchema = z.union([
  // hostileText: put attacker-controlled strings (HTML, script, javascript: URLs, RLO, 10,000+ chars) in the incidents.
  z.strictObject({ generate: z.number().int().min(0), seed: z.number().int(), hostileText: z.boolean().optional() }),
  z.array(z.record(z.string(), z.unknown())),
]);

const tenantSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/i, "must be a DNS domain")).min(1),
  users: z.array(userSchema),
  incidents: incidentsSchema.optional(),
  // false: the tenant has no Microsoft Defender XDR (no licence, never onboarded). Optional rather than
  // defaulted, so seeds without it keep their digest and their saved world state.
  defender: z.boolean().optional(),
  // Optional for the same reason.
  groups: z.array(groupSchema).optional(),
});

const applicationSchema = z.strictObject({
  appId: guid,
  displayName: z.string().min(1),
  homeTenantId: guid,
  publisherName: z.string().min(1).optional(),
  secrets: z.array(z.string().min(1)).min(1),
  // Public certificates for private_key_jwt client authentication (PEM, as uploaded in the portal).
  certificates: z.array(z.string().regex(PEM_CERTIFICATE, "must be one PEM certificate")).default([]),
  redirectUris: z.array(z.url()),
  appRoles: z.array(z.string().min(1)).default([]),
  // As in Entra, absent (or null, or "None") means no groups claim.
  groupMembershipClaims: groupMembershipClaimsSchema.optional(),
  requiredPermissions: z
    .strictObject({ graph: permissions.default([]), defender: permissions.default([]) })
    .default({ graph: [], defender: [] }),
});

const consentSchema = z.strictObject({
  tenantId: guid,
  appId: guid,
  graph: permissions.default([]),
  defender: permissions.default([]),
});

export const worldSeedSchema = z
  .strictObject({
    tenants: z.array(tenantSchema).min(1),
    applications: z.array(applicationSchema),
    consents: z.array(consentSchema).default([]),
  })
  .superRefine(checkReferences);

/** A seed as written in a file or passed in code (optional fields may be left out). */
export type WorldSeed = z.input<typeof worldSeedSchema>;
/** A validated seed with every default filled in. */
export type ValidWorldSeed = z.output<typeof worldSeedSchema>;
export type SeedTenant = ValidWorldSeed["tenants"][number];
export type SeedUser = SeedTenant["users"][number];
export type SeedApplication = ValidWorldSeed["applications"][number];
export type SeedConsent = ValidWorldSeed["consents"][number];

export class InvalidSeedError extends Error {
  override name = "InvalidSeedError";
}

/** Reads (when given a path) and validates a world seed; throws InvalidSeedError naming every problem. */
export async function readWorldSeed(seed: string | WorldSeed): Promise<ValidWorldSeed> {
  const source = typeof seed === "string" ? `seed file ${seed}` : "seed object";
  const raw = typeof seed === "string" ? await readSeedFile(seed) : seed;
  const result = worldSeedSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.flatMap(describeIssue);
    throw new InvalidSeedError(`Invalid emulator ${source}: ${problems.join("; ")}.`);
  }
  return result.data;
}

async function readSeedFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InvalidSeedError(`Cannot read emulator seed file ${file}: ${(error as Error).message}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidSeedError(`Emulator seed file ${file} is not valid JSON: ${(error as Error).message}.`);
  }
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`);
  }
  return [`${formatPath(issue.path) || "(root)"}: ${issue.message}`];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function checkReferences(seed: ValidWorldSeed, ctx: z.RefinementCtx): void {
  const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const tenantIds = new Set<string>();
  const domains = new Set<string>();
  const oids = new Set<string>();
  const upns = new Set<string>();
  const applications = new Map(seed.applications.map((app) => [app.appId.toLowerCase(), app]));

  seed.tenants.forEach((tenant, t) => {
    if (!addUnique(tenantIds, tenant.id)) problem(["tenants", t, "id"], `duplicate tenant id ${tenant.id}`);
    if (tenant.defender === false && holdsIncidents(tenant.incidents)) {
      problem(["tenants", t, "incidents"], "a tenant without Microsoft Defender has no incidents");
    }
    tenant.domains.forEach((domain, d) => {
      if (!addUnique(domains, domain)) problem(["tenants", t, "domains", d], `domain ${domain} is used twice`);
    });
    tenant.users.forEach((user, u) => {
      const at = ["tenants", t, "users", u];
      if (!addUnique(oids, user.oid)) problem([...at, "oid"], `duplicate user oid ${user.oid}`);
      if (!addUnique(upns, user.userPrincipalName)) problem([...at, "userPrincipalName"], "duplicate userPrincipalName");
      // Entra only accepts a UPN suffix that is one of the tenant's verified domains.
      const suffix = user.userPrincipalName.split("@")[1]?.toLowerCase();
      if (suffix && !tenant.domains.some((domain) => domain.toLowerCase() === suffix)) {
        problem([...at, "userPrincipalName"], `domain ${suffix} is not one of the tenant's domains`);
      }
      user.appRoles.forEach((assignment, r) => {
        const app = applications.get(assignment.appId.toLowerCase());
        if (!app) problem([...at, "appRoles", r, "appId"], `unknown application ${assignment.appId}`);
        else if (!app.appRoles.includes(assignment.role)) {
          problem([...at, "appRoles", r, "role"], `application ${app.appId} declares no role ${assignment.role}`);
        }
      });
    });
  });

  checkGroups(seed.tenants, problem);

  const appIds = new Set<string>();
  seed.applications.forEach((app, a) => {
    if (!addUnique(appIds, app.appId)) problem(["applications", a, "appId"], `duplicate appId ${app.appId}`);
    if (!tenantIds.has(app.homeTenantId.toLowerCase())) {
      problem(["applications", a, "homeTenantId"], `unknown tenant ${app.homeTenantId}`);
    }
    app.certificates.forEach((pem, c) => {
      if (!isCertificate(pem)) problem(["applications", a, "certificates", c], "is not a readable X.509 certificate");
    });
  });

  const consentKeys = new Set<string>();
  seed.consents.forEach((consent, c) => {
    if (!tenantIds.has(consent.tenantId.toLowerCase())) problem(["consents", c, "tenantId"], `unknown tenant ${consent.tenantId}`);
    if (!appIds.has(consent.appId.toLowerCase())) problem(["consents", c, "appId"], `unknown application ${consent.appId}`);
    if (!addUnique(consentKeys, `${consent.tenantId}/${consent.appId}`)) {
      problem(["consents", c], "duplicate consent for this tenant and application");
    }
  });
}

function holdsIncidents(incidents: SeedTenant["incidents"]): boolean {
  if (incidents === undefined) return false;
  return Array.isArray(incidents) ? incidents.length > 0 : incidents.generate > 0;
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

function addUnique(seen: Set<string>, value: string): boolean {
  const key = value.toLowerCase();
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
