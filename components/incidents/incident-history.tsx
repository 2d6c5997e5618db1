import { useLocale, useTranslations } from "next-intl";
import { Fragment, type ReactNode } from "react";

import { Time } from "@/components/ui/time";
import type { AuditEvent } from "@/lib/audit";
import { STATUSES, type Status } from "@/lib/incidents/model";
import { isProblemText } from "@/lib/incidents/problem-text";

import { useLabels, words } from "./labels";
import { ProblemWords } from "./problem";

const RESULTS = ["done", "conflict", "refused", "failed"] as const;

/** What staff changed on this incident through the portal, from the audit trail. */
export function IncidentHistory({ events }: { events: AuditEvent[] }) {
  const t = useTranslations("IncidentHistory");
  const describe = useDescribe();
  if (events.length === 0) return null;
  return (
    <section className="my-6" aria-labelledby="incident-history">
      <h2 id="incident-history" className="mb-2 font-medium">
        {t("title")}
      </h2>
      <ul className="space-y-1 text-sm">
        {events.map((event) => {
          const details = event.details as { result?: string; after?: Record<string, unknown>; reason?: string; reasonText?: unknown };
          const result = RESULTS.find((known) => known === details.result);
          return (
            <li key={String(event.id)}>
              <Time value={event.at} /> · <span translate="no">{event.actor}</span> · {describe(details.after ?? {})} · {result ? t(`result.${result}`) : details.result}
              {details.reason && (
                <span className="text-slate-600">
                  {" ("}
                  {isProblemText(details.reasonText) ? <ProblemWords text={details.reasonText} /> : <span translate="no">{details.reason}</span>}
                  {")"}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A change as the audit trail keeps it, in words: "assigned to …, status: resolved". */
function useDescribe(): (after: Record<string, unknown>) => ReactNode {
  const t = useTranslations("IncidentHistory");
  const labels = useLabels();
  const locale = useLocale();
  const data = (chunks: ReactNode) => <span translate="no">{chunks}</span>;
  const part = (field: string, value: unknown): ReactNode => {
    if (field === "comment") return t("comment");
    if (field === "assignedTo") return value === null ? t("unassigned") : t.rich("assigned", { name: String(value), data });
    if (field === "tags") return (value as string[]).length === 0 ? t("noTags") : t.rich("tags", { tags: (value as string[]).join(", "), data });
    // Lower case mid-sentence, as the classification and determination words are.
    if (field === "status" && (STATUSES as readonly string[]).includes(String(value))) return t("status", { value: labels.status(value as Status).toLocaleLowerCase(locale) });
    if (field === "classification") return t("classification", { value: labels.classification(String(value)) });
    if (field === "determination") return t("determination", { value: labels.determination(String(value)) });
    return `${words(field)}: ${words(String(value))}`;
  };
  return (after) =>
    Object.entries(after).map(([field, value], index) => (
      <Fragment key={field}>
        {index > 0 && ", "}
        {part(field, value)}
      </Fragment>
    ));
}
