import "server-only";

import { csvLines } from "@/lib/csv";

import { AUDIT_ACTIONS, allAuditEvents, type AuditEventFilter } from "./index";

/** The export's columns, in order: each one's heading is the "AuditCsv" message of its name. */
export const AUDIT_CSV_COLUMNS = ["time", "who", "what", "action", "tenant", "tenantId", "details"] as const;

/** Every audit event matching the filter (newest first) as CSV, a batch of lines at a time, under the headings given for AUDIT_CSV_COLUMNS. */
export async function* auditCsv(filter: Omit<AuditEventFilter, "take">, tenantNames: ReadonlyMap<string, string>, headings: string[]): AsyncGenerator<string> {
  yield csvLines([headings]);
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
