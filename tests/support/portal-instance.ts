// One portal instance's background work — the incident sync and alert delivery, as lib/startup
// starts them — alone in its process, for tests that run several and kill some:
// `node --conditions=react-server --import tsx tests/support/portal-instance.ts`, configured by the
// environment as the portal is. Prints "ready" once its share of the work has started.
import { startAlertDelivery } from "@/lib/alerts/delivery-jobs";
import { startIncidentSync } from "@/lib/incidents/sync-jobs";
import { stopBackgroundWork } from "@/lib/shutdown";

await Promise.all([startIncidentSync(), startAlertDelivery()]);
console.log("ready");
process.on("SIGTERM", () => void stopBackgroundWork().then(() => process.exit(0)));
