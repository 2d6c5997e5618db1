// One portal instance's background work — the incident sync and alert delivery, as lib/startup
// starts them — alone in its process, for tests that run several and kill some:
// `node --conditions=react-server --import tsx tests/support/portal-instance.ts`, configured by the
// environment as the portal is. Prints "ready" once its share of the work has started.
import { startAlertDelivery } from "@/lib/alerts/delivery-jobs";
import { startIncidentSync, stopIncidentSync } from "@/lib/incidents/sync-jobs";

const [, delivery] = await Promise.all([startIncidentSync(), startAlertDelivery()]);
console.log("ready");
process.on("SIGTERM", () => void Promise.all([stopIncidentSync(), delivery.stop()]).then(() => process.exit(0)));
