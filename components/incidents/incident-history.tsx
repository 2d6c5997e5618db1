import { Time } from "@/components/ui/time";
import type { AuditEvent } from "@/lib/audit";

import { words } from "./labels";

const RESULT_LABEL: Record<string, string> = { done: "saved", conflict: "stopped: changed in Microsoft meanwhile", refused: "refused", failed: "failed" };

/** What staff changed on this incident through the portal, from the audit trail. */
export function IncidentHistory({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return null;
  return (
    <section className="my-6" aria-labelledby="incident-history">
      <h2 id="incident-history" className="mb-2 font-medium">
        Changes made in the portal
      </h2>
      <ul className="space-y-1 text-sm">
        {events.map((event) => {
          const details = event.details as { result?: string; after?: Record<string, unknown>; reason?: string };
          return (
            <li key={String(event.id)}>
              <Time value={event.at} /> · {event.actor} · {describe(details.after ?? {})} · {RESULT_LABEL[details.result ?? ""] ?? details.result}
              {details.reason && <span className="text-slate-600"> ({details.reason})</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function describe(after: Record<string, unknown>): string {
  return Object.entries(after)
    .map(([field, value]) => {
      if (field === "comment") return "added a comment";
      if (field === "assignedTo") return value === null ? "unassigned" : `assigned to ${String(value)}`;
      if (field === "tags") return `tags: ${(value as string[]).join(", ") || "none"}`;
      return `${words(field)}: ${words(String(value))}`;
    })
    .join(", ");
}
