import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";

import { DEMO } from "./demo";

export type Environment = Record<string, string | undefined>;

export type DatabaseConfig = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export type ClientCredential =
  | { kind: "secret"; secret: string }
  | { kind: "certificate"; privateKeyPem: string; certificatePem: string };

export interface MicrosoftConfig {
  clientId: string;
  credential: ClientCredential;
  /** The partner's own Entra tenant: the only tenant whose users may sign in to the portal. */
  partnerTenantId: string;
  authorityHost: string;
  graphApiBase: string;
  defenderApiBase: string;
}

export type IncidentApi = "graph" | "defender";

export interface Config {
  /** demo: every Microsoft endpoint is the local emulator; microsoft: the real cloud. */
  mode: "demo" | "microsoft";
  /** Shown to customers' admins on the consent result page. */
  partnerName: string;
  incidentApi: IncidentApi;
  consentLinkTtlDays: number;
  /** How long an incident's alerts and evidence are served from memory before Microsoft is asked again. */
  incidentCacheSeconds: number;
  /** Seconds between two syncs of a tenant's incidents. */
  syncIntervalSeconds: number;
  /** How long a sync job may run before another instance takes it over, as if its instance died. */
  syncLeaseSeconds: number;
  /** Days of incidents kept: the backfill's range, and older incidents are purged. */
  incidentRetentionDays: number;
  /** Every call to Microsoft gives up after this long: a hanging tenant must not hold a page. */
  upstreamTimeoutMs: number;
  /** A staff session's absolute lifetime from sign-in; activity does not extend it. */
  staffSessionHours: number;
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For the portal believes; none by default. */
  trustedProxies: string[];
  /** How often a staff member's role is checked with Entra: a role removed or an account disabled there ends access within this. */
  staffRoleCheckSeconds: number;
  dataDir: string;
  database: DatabaseConfig;
  appUrl: string;
  authSecret: string;
  microsoft: MicrosoftConfig;
  /** Where alert emails leave from; null when no mail server is configured (email targets then fail, saying so). */
  alertMail: { url: string; from: string } | null;
  /** The bearer token a scraper presents at /api/metrics; null: the endpoint is off. */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (see .env.example):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");
const httpsUrl = z
  .url({ protocol: /^https$/, error: "must be an https:// URL" })
  .transform((url) => url.replace(/\/+$/, ""));
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const envSchema = z.object({
  DATA_DIR: optional(z.string()).default(".data"),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgresql:// URL, or unset for the embedded database"),
  ),
  NEXTAUTH_URL: optional(z.url({ protocol: /^https?$/, error: "must be the portal's http(s) URL" })).default(
    "http://localhost:3000",
  ),
  NEXTAUTH_SECRET: z.string({ error: "is required" }).min(32, "must be at least 32 characters"),
  AZURE_CLIENT_ID: optional(guid),
  AZURE_CLIENT_SECRET: optional(z.string()),
  AZURE_CLIENT_CERTIFICATE_PATH: optional(z.string()),
  AZURE_TENANT_ID: optional(guid),
  AZURE_AUTHORITY_HOST: optional(httpsUrl),
  GRAPH_API_BASE: optional(httpsUrl),
  DEFENDER_API_BASE: optional(httpsUrl),
  EMULATOR_PORT: optional(z.coerce.number().int().min(1).max(65535)).default(4443),
  PARTNER_NAME: optional(z.string().trim().min(1).max(100)),
  INCIDENT_API: optional(z.enum(["graph", "defender"], { error: 'must be "graph" or "defender"' })).default("graph"),
  CONSENT_LINK_TTL_DAYS: optional(z.coerce.number({ error: "must be a number of days" }).int().min(1).max(90)).default(7),
  INCIDENT_CACHE_SECONDS: optional(z.coerce.number({ error: "must be a number of seconds" }).int().min(0).max(3600)).default(30),
  SYNC_INTERVAL_SECONDS: optional(z.coerce.number({ error: "must be a number of seconds" }).int().min(1).max(3600)).default(60),
  SYNC_LEASE_SECONDS: optional(z.coerce.number({ error: "must be a number of seconds" }).int().min(2).max(3600)).default(120),
  INCIDENT_RETENTION_DAYS: optional(z.coerce.number({ error: "must be a number of days" }).int().min(1).max(180)).default(180),
  UPSTREAM_TIMEOUT_SECONDS: optional(z.coerce.number({ error: "must be a number of seconds" }).min(0.5).max(120)).default(10),
  STAFF_SESSION_HOURS: optional(z.coerce.number({ error: "must be a number of hours" }).min(0.25).max(24)).default(8),
  STAFF_ROLE_CHECK_SECONDS: optional(z.coerce.number({ error: "must be a number of seconds" }).int().min(1).max(300)).default(300),
  TRUSTED_PROXIES: optional(
    z
      .string()
      .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
      .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: "must be IP addresses or CIDR ranges, separated by commas" }))),
  ).default([]),
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL")),
  ALERT_EMAIL_FROM: optional(z.string().trim().min(3).max(200)),
  PORTAL_DEMO: optional(z.enum(["1"], { error: "must be 1, or unset" })),
  METRICS_TOKEN: optional(z.string().min(32, "must be at least 32 characters")),
  // Read by the production server (scripts/server.mjs) before anything else; checked here to name a typo.
  LOG_LEVEL: optional(z.enum(["fatal", "error", "warn", "info", "debug", "trace"], { error: "must be fatal, error, warn, info, debug or trace" })),
});

type Env = z.infer<typeof envSchema>;

/** Every variable the portal reads; .env.example documents each one. */
export const CONFIG_VARIABLES = envSchema.keyof().options;

const MICROSOFT_ONLY = [
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_TENANT_ID",
  "AZURE_AUTHORITY_HOST",
  "GRAPH_API_BASE",
  "DEFENDER_API_BASE",
] as const;

/** Validates every variable at once, so one start-up names every problem. */
export function parseConfig(source: Environment): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const env = parsed.data;
  if (env.SMTP_URL && !env.ALERT_EMAIL_FROM) throw new ConfigError(["ALERT_EMAIL_FROM: is required when SMTP_URL is set"]);
  // A production server without Microsoft settings is a mistake, not a demo: it would sign staff in
  // through an emulator nobody started. Nor does production keep its data in the embedded
  // database: one process can open it, so no second instance, no managed backups.
  if (source.NODE_ENV === "production" && !env.PORTAL_DEMO) {
    const missing = [
      ...(env.AZURE_CLIENT_ID ? [] : ["AZURE_CLIENT_ID: is required when NODE_ENV=production (set PORTAL_DEMO=1 to run the demo against the emulator instead)"]),
      ...(env.DATABASE_URL ? [] : ["DATABASE_URL: is required when NODE_ENV=production: the embedded database is for the demo and development (set PORTAL_DEMO=1 to run the demo)"]),
    ];
    if (missing.length > 0) throw new ConfigError(missing);
  }
  return {
    mode: env.AZURE_CLIENT_ID ? "microsoft" : "demo",
    partnerName: env.PARTNER_NAME ?? DEMO.partnerName,
    incidentApi: env.INCIDENT_API,
    consentLinkTtlDays: env.CONSENT_LINK_TTL_DAYS,
    incidentCacheSeconds: env.INCIDENT_CACHE_SECONDS,
    syncIntervalSeconds: env.SYNC_INTERVAL_SECONDS,
    syncLeaseSeconds: env.SYNC_LEASE_SECONDS,
    incidentRetentionDays: env.INCIDENT_RETENTION_DAYS,
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_SECONDS * 1000,
    staffSessionHours: env.STAFF_SESSION_HOURS,
    staffRoleCheckSeconds: env.STAFF_ROLE_CHECK_SECONDS,
    trustedProxies: env.TRUSTED_PROXIES,
    dataDir: env.DATA_DIR,
    database: databaseConfig(env),
    appUrl: env.NEXTAUTH_URL.replace(/\/+$/, ""),
    authSecret: env.NEXTAUTH_SECRET,
    microsoft: env.AZURE_CLIENT_ID ? microsoftConfig(env, env.AZURE_CLIENT_ID) : demoConfig(env),
    alertMail: env.SMTP_URL ? { url: env.SMTP_URL, from: env.ALERT_EMAIL_FROM! } : null,
    metricsToken: env.METRICS_TOKEN ?? null,
  };
}

export function loadDatabaseConfig(source: Environment): DatabaseConfig {
  const parsed = envSchema.pick({ DATA_DIR: true, DATABASE_URL: true }).safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  return databaseConfig(parsed.data);
}

function databaseConfig(env: Pick<Env, "DATA_DIR" | "DATABASE_URL">): DatabaseConfig {
  return env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL }
    : { kind: "pglite", dataDir: `${env.DATA_DIR}/pglite` };
}

function microsoftConfig(env: Env, clientId: string): MicrosoftConfig {
  const problems: string[] = [];
  if (!env.AZURE_TENANT_ID) problems.push("AZURE_TENANT_ID: is required when AZURE_CLIENT_ID is set");
  if (!env.PARTNER_NAME) problems.push("PARTNER_NAME: is required when AZURE_CLIENT_ID is set");
  if (!env.AZURE_CLIENT_SECRET && !env.AZURE_CLIENT_CERTIFICATE_PATH) {
    problems.push("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH: one is required when AZURE_CLIENT_ID is set");
  }
  if (env.AZURE_CLIENT_SECRET && env.AZURE_CLIENT_CERTIFICATE_PATH) {
    problems.push("AZURE_CLIENT_SECRET and AZURE_CLIENT_CERTIFICATE_PATH: set only one");
  }
  const credential = env.AZURE_CLIENT_CERTIFICATE_PATH
    ? readCertificate(env.AZURE_CLIENT_CERTIFICATE_PATH, problems)
    : { kind: "secret" as const, secret: env.AZURE_CLIENT_SECRET ?? "" };
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    clientId,
    credential,
    partnerTenantId: env.AZURE_TENANT_ID!,
    authorityHost: env.AZURE_AUTHORITY_HOST ?? "https://login.microsoftonline.com",
    graphApiBase: env.GRAPH_API_BASE ?? "https://graph.microsoft.com",
    defenderApiBase: env.DEFENDER_API_BASE ?? "https://api.security.microsoft.com",
  };
}

function readCertificate(path: string, problems: string[]): ClientCredential {
  let pem = "";
  try {
    pem = readFileSync(path, "utf8");
  } catch {
    problems.push(`AZURE_CLIENT_CERTIFICATE_PATH: cannot read ${path}`);
  }
  const privateKeyPem = pem.match(/-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/)?.[0];
  const certificatePem = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
  if (pem && (!privateKeyPem || !certificatePem)) {
    problems.push("AZURE_CLIENT_CERTIFICATE_PATH: the PEM file must hold both the private key and the certificate");
  }
  return { kind: "certificate", privateKeyPem: privateKeyPem ?? "", certificatePem: certificatePem ?? "" };
}

function demoConfig(env: Env): MicrosoftConfig {
  const stray = MICROSOFT_ONLY.filter((name) => env[name] !== undefined);
  if (stray.length > 0) {
    throw new ConfigError([`AZURE_CLIENT_ID: is required when ${stray.join(", ")} ${stray.length > 1 ? "are" : "is"} set`]);
  }
  const emulator = `https://localhost:${env.EMULATOR_PORT}`;
  return {
    clientId: DEMO.clientId,
    credential: { kind: "secret", secret: DEMO.clientSecret },
    partnerTenantId: DEMO.partnerTenantId,
    authorityHost: emulator,
    graphApiBase: `${emulator}/graph`,
    defenderApiBase: `${emulator}/defender`,
  };
}

let cached: Config | undefined;

/** The validated configuration, read from the environment once per process. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Hosts of Microsoft's clouds (public, US Government, China) for sign-in, Graph and Defender. */
const MICROSOFT_HOSTS = {
  authorityHost: ["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
  graphApiBase: ["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"],
  defenderApiBase: ["api.security.microsoft.com", "api-eu.security.microsoft.com", "api-us.security.microsoft.com", "api-uk.security.microsoft.com", "api-gcc.security.microsoft.us", "api-gov.security.microsoft.us"],
};

/** In Microsoft mode, a sentence for each configured host that is none of Microsoft's: worth a warning at start-up. */
export function unfamiliarMicrosoftHosts(config: Config): string[] {
  if (config.mode !== "microsoft") return [];
  const variables = { authorityHost: "AZURE_AUTHORITY_HOST", graphApiBase: "GRAPH_API_BASE", defenderApiBase: "DEFENDER_API_BASE" } as const;
  return (Object.keys(MICROSOFT_HOSTS) as (keyof typeof MICROSOFT_HOSTS)[]).flatMap((key) => {
    const host = new URL(config.microsoft[key]).hostname;
    return MICROSOFT_HOSTS[key].includes(host) ? [] : [`${variables[key]} is ${host}, which is not one of Microsoft's clouds: the portal sends its credentials and tokens there.`];
  });
}
