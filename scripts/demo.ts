// npm run demo: migrate, build when sources changed, start the emulator and the portal, print how to sign in.
import { existsSync, readFileSync } from "node:fs";

import { ConfigError } from "@/lib/config";
import { DEMO } from "@/lib/config/demo";

import { startStack } from "./stack";

interface SeedUser {
  userPrincipalName: string;
  displayName: string;
  globalAdmin?: boolean;
  appRoles?: { appId: string; role: string }[];
}
interface SeedTenant {
  id: string;
  displayName: string;
  users: SeedUser[];
}

if (existsSync(".env")) process.loadEnvFile(".env");

try {
  // Incidents appear and change on their own in the demo, so the sync has something to show; the
  // portal's terminal shows its warnings and errors, not a JSON line per request.
  const env = { EMULATOR_LIVE_SECONDS: "20", LOG_LEVEL: "warn", ...process.env };
  const stack = await startStack({ port: Number(process.env.PORT || 3000), env, output: "inherit" });
  console.log(`\nPartner Portal is running at ${stack.url}`);
  if (stack.config.mode === "demo") printDemoAccounts();
  else console.log(`Signing in against ${stack.config.microsoft.authorityHost} (Microsoft mode).`);
  console.log("Press Ctrl-C to stop.\n");
  const shutdown = () => void stack.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Could not start the demo: ${(error as Error).message}`);
  process.exit(1);
}

function printDemoAccounts() {
  const seedFile = process.env.EMULATOR_SEED || "emulator/seeds/default.json";
  const tenants = (JSON.parse(readFileSync(seedFile, "utf8")) as { tenants: SeedTenant[] }).tenants;
  console.log("Demo mode: Microsoft is the local emulator. Pick one of these accounts at its sign-in page:");
  for (const tenant of tenants) {
    const partner = tenant.id === DEMO.partnerTenantId;
    for (const user of tenant.users) {
      const role = user.appRoles?.find((assignment) => assignment.appId === DEMO.clientId)?.role;
      const what = partner ? (role ?? "no portal role: refused") : user.globalAdmin ? "customer global admin" : "";
      if (what) console.log(`  ${user.userPrincipalName.padEnd(40)} ${tenant.displayName} — ${what}`);
    }
  }
}
