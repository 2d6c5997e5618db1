import "server-only";

import { csvLines } from "@/lib/csv";

import { AUDIT_ACTIONS, allAuditEvents, type AuditEventFilter } from "./index";

const COLUMNS = ["Time (UTC)", "Who", "What", "Action", "Tenant", "Tenant id", "Details (JSON)"];

/** Every audit event matching the filter (newest first) as CSV, a batch of lines at a time. */
export async function* auditCsv(filter: Omit<AuditEventFilter, "take">, tenantNames: ReadonlyMap<string, string>): AsyncGenerator<string> {
  yield csvLines([COLUMNS]);
  for await (const events of allAuditEvents(filter)) {
    yield csvLines(
      events.map((event) => [
        event.at.toISOString(),
        event.actor,
        Object.hasOwn(AUDIT_ACTIONS, event.action) ? AUDIT_ACTIONS[event.action] : event.action,
        event.action,
        (event.target && tenantNames.get(event.target)) ?? "",
        event.target ?? "",
        JSON.stringify(event.details),
      ]),
    );
  }
}
