// One portal instance's incident sync, alone in its process, for tests that run several and kill
// some: `node --conditions=react-server --import tsx tests/support/sync-instance.ts`, configured by
// the environment as the portal is. Prints "ready" once its share of the work has started.
import { startIncidentSync, stopIncidentSync } from "@/lib/incidents/sync-jobs";

await startIncidentSync();
console.log("ready");
process.on("SIGTERM", () => void stopIncidentSync().then(() => process.exit(0)));
