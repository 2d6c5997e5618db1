import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { CONFIG_VARIABLES, ConfigError, parseConfig, unfamiliarMicrosoftHosts, type Environment } from "@/lib/config";
import { DEMO } from "@/lib/config/demo";

const SECRET = "x".repeat(32);
const MICROSOFT = {
  NEXTAUTH_SECRET: SECRET,
  AZURE_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
  AZURE_CLIENT_SECRET: "a-secret",
  AZURE_TENANT_ID: "66666666-7777-8888-9999-000000000000",
  PARTNER_NAME: "Contoso Managed Security",
};

function problems(env: Environment): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("uses the emulator for every Microsoft endpoint when no client id is configured", () => {
    const config = parseConfig({ NEXTAUTH_SECRET: SECRET, EMULATOR_PORT: "4555" });
    expect(config.mode).toBe("demo");
    expect(config.microsoft).toMatchObject({
      clientId: DEMO.clientId,
      partnerTenantId: DEMO.partnerTenantId,
      authorityHost: "https://localhost:4555",
      graphApiBase: "https://localhost:4555/graph",
      defenderApiBase: "https://localhost:4555/defender",
    });
    expect(config.database).toEqual({ kind: "pglite", dataDir: ".data/pglite" });
  });

  it("refuses demo mode and the embedded database in a production server unless PORTAL_DEMO=1 asks for them", () => {
    expect(problems({ NEXTAUTH_SECRET: SECRET, NODE_ENV: "production" })).toEqual([
      "AZURE_CLIENT_ID: is required when NODE_ENV=production (set PORTAL_DEMO=1 to run the demo against the emulator instead)",
      "DATABASE_URL: is required when NODE_ENV=production: the embedded database is for the demo and development (set PORTAL_DEMO=1 to run the demo)",
    ]);
    expect(problems({ ...MICROSOFT, NODE_ENV: "production" })).toEqual([
      "DATABASE_URL: is required when NODE_ENV=production: the embedded database is for the demo and development (set PORTAL_DEMO=1 to run the demo)",
    ]);
    expect(parseConfig({ NEXTAUTH_SECRET: SECRET, NODE_ENV: "production", PORTAL_DEMO: "1" }).database.kind).toBe("pglite");
    expect(parseConfig({ ...MICROSOFT, NODE_ENV: "production", DATABASE_URL: "postgresql://db.example/portal" }).mode).toBe("microsoft");
    expect(problems({ NEXTAUTH_SECRET: SECRET, PORTAL_DEMO: "yes" })).toEqual(["PORTAL_DEMO: must be 1, or unset"]);
  });

  it("names, in Microsoft mode, each configured host that is none of Microsoft's clouds", () => {
    expect(unfamiliarMicrosoftHosts(parseConfig(MICROSOFT))).toEqual([]);
    expect(unfamiliarMicrosoftHosts(parseConfig({ ...MICROSOFT, AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us", GRAPH_API_BASE: "https://graph.microsoft.us" }))).toEqual([]);
    expect(unfamiliarMicrosoftHosts(parseConfig({ ...MICROSOFT, GRAPH_API_BASE: "https://graph.evil.example" }))).toEqual([
      "GRAPH_API_BASE is graph.evil.example, which is not one of Microsoft's clouds: the portal sends its credentials and tokens there.",
    ]);
    expect(unfamiliarMicrosoftHosts(parseConfig({ NEXTAUTH_SECRET: SECRET }))).toEqual([]);
  });

  it("defaults to Microsoft's public cloud when credentials are configured", () => {
    const config = parseConfig(MICROSOFT);
    expect(config.mode).toBe("microsoft");
    expect(config.microsoft).toMatchObject({
      authorityHost: "https://login.microsoftonline.com",
      graphApiBase: "https://graph.microsoft.com",
      defenderApiBase: "https://api.security.microsoft.com",
      credential: { kind: "secret", secret: "a-secret" },
    });
  });

  it("chooses the incident API and the consent link lifetime, with Graph and 7 days by default", () => {
    expect(parseConfig({ NEXTAUTH_SECRET: SECRET })).toMatchObject({ incidentApi: "graph", consentLinkTtlDays: 7 });
    expect(parseConfig({ NEXTAUTH_SECRET: SECRET, INCIDENT_API: "defender", CONSENT_LINK_TTL_DAYS: "2" })).toMatchObject({
      incidentApi: "defender",
      consentLinkTtlDays: 2,
    });
    expect(problems({ NEXTAUTH_SECRET: SECRET, INCIDENT_API: "sentinel" })).toEqual(['INCIDENT_API: must be "graph" or "defender"']);
  });

  it("uses PostgreSQL when DATABASE_URL is a postgresql URL", () => {
    const config = parseConfig({ NEXTAUTH_SECRET: SECRET, DATABASE_URL: "postgresql://portal@db:5432/portal" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgresql://portal@db:5432/portal" });
  });

  it("names an invalid DATABASE_URL", () => {
    expect(problems({ NEXTAUTH_SECRET: SECRET, DATABASE_URL: "mysql://db/portal" })).toEqual([
      expect.stringMatching(/^DATABASE_URL: must be a postgresql:\/\/ URL/),
    ]);
  });

  it("names a malformed tenant id and a missing secret together", () => {
    const found = problems({ ...MICROSOFT, AZURE_TENANT_ID: "contoso", NEXTAUTH_SECRET: undefined });
    expect(found).toEqual(
      expect.arrayContaining([expect.stringMatching(/^AZURE_TENANT_ID: must be a GUID/), expect.stringMatching(/^NEXTAUTH_SECRET:/)]),
    );
  });

  it("requires the partner tenant and a credential in Microsoft mode", () => {
    const found = problems({ NEXTAUTH_SECRET: SECRET, AZURE_CLIENT_ID: MICROSOFT.AZURE_CLIENT_ID });
    expect(found).toEqual([
      expect.stringMatching(/^AZURE_TENANT_ID: is required/),
      expect.stringMatching(/^PARTNER_NAME: is required/),
      expect.stringMatching(/^AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH: one is required/),
    ]);
  });

  it("refuses half a Microsoft configuration instead of silently using the emulator", () => {
    expect(problems({ NEXTAUTH_SECRET: SECRET, AZURE_TENANT_ID: MICROSOFT.AZURE_TENANT_ID })).toEqual([
      "AZURE_CLIENT_ID: is required when AZURE_TENANT_ID is set",
    ]);
  });

  it("refuses plain-http authority and API URLs", () => {
    expect(problems({ ...MICROSOFT, AZURE_AUTHORITY_HOST: "http://login.example" })).toEqual([
      "AZURE_AUTHORITY_HOST: must be an https:// URL",
    ]);
  });

  it("reads a certificate credential from a PEM file holding key and certificate", () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-config-"));
    const complete = join(dir, "complete.pem");
    writeFileSync(complete, "-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nBBB\n-----END CERTIFICATE-----\n");
    const keyOnly = join(dir, "key-only.pem");
    writeFileSync(keyOnly, "-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----\n");
    const env = { ...MICROSOFT, AZURE_CLIENT_SECRET: undefined };

    expect(parseConfig({ ...env, AZURE_CLIENT_CERTIFICATE_PATH: complete }).microsoft.credential).toMatchObject({
      kind: "certificate",
      certificatePem: expect.stringContaining("BBB"),
    });
    expect(problems({ ...env, AZURE_CLIENT_CERTIFICATE_PATH: keyOnly })).toEqual([
      expect.stringMatching(/^AZURE_CLIENT_CERTIFICATE_PATH: the PEM file must hold both/),
    ]);
    expect(problems({ ...env, AZURE_CLIENT_CERTIFICATE_PATH: join(dir, "missing.pem") })).toEqual([
      expect.stringMatching(/^AZURE_CLIENT_CERTIFICATE_PATH: cannot read/),
    ]);
  });

  it("never repeats a secret's value in its messages", () => {
    const error = (() => {
      try {
        parseConfig({ ...MICROSOFT, NEXTAUTH_SECRET: "short-but-secret" });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toContain("NEXTAUTH_SECRET");
    expect(error?.message).not.toContain("short-but-secret");
  });
});

describe(".env.example", () => {
  const text = readFileSync(".env.example", "utf8");

  it("documents every variable the portal reads", () => {
    for (const name of CONFIG_VARIABLES) expect(text).toMatch(new RegExp(`^#? ?${name}=`, "m"));
  });

  it("is a working demo configuration once copied and given a secret", () => {
    const env = Object.fromEntries(
      text
        .split("\n")
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(parseConfig({ ...env, NEXTAUTH_SECRET: SECRET }).mode).toBe("demo");
  });
});
