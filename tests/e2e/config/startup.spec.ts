import { spawnSync } from "node:child_process";

import { expect, test } from "@playwright/test";

import { SERVER } from "@/scripts/stack";
import { PORTAL_APP_ID } from "@/tests/support/seed-ids";

import { E2E } from "../stack";

const BASE_ENV = { NODE_ENV: "production" as const, PATH: process.env.PATH, HOME: process.env.HOME, NEXTAUTH_SECRET: "s".repeat(40), DATA_DIR: `${E2E.dataDir}/bad-config` };

function start(command: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, command, { env: { ...BASE_ENV, ...env }, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: result.stdout + result.stderr };
}

test("the portal server refuses to start with a malformed tenant id, naming the variable", () => {
  const { status, output } = start([SERVER, "--port", "3299"], {
    AZURE_CLIENT_ID: PORTAL_APP_ID,
    AZURE_CLIENT_SECRET: "irrelevant",
    AZURE_TENANT_ID: "not-a-guid",
  });
  expect(status).toBe(1);
  expect(output).toContain("AZURE_TENANT_ID: must be a GUID");
  expect(output).not.toMatch(/^\s+at /m);
});

test("npm run demo refuses an invalid DATABASE_URL, naming the variable", () => {
  const { status, output } = start(["--conditions=react-server", "--import", "tsx", "scripts/demo.ts"], {
    DATABASE_URL: "mysql://localhost/portal",
  });
  expect(status).toBe(1);
  expect(output).toContain("DATABASE_URL: must be a postgresql:// URL");
  expect(output).not.toMatch(/^\s+at /m);
});

test("a production server without Microsoft settings refuses to start in demo mode, saying how to ask for it", () => {
  const { status, output } = start([SERVER, "--port", "3299"], {});
  expect(status).toBe(1);
  expect(output).toContain("AZURE_CLIENT_ID: is required when NODE_ENV=production (set PORTAL_DEMO=1");
  expect(output).not.toMatch(/^\s+at /m);
});
