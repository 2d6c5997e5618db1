"use client";

import { useFormatter, useTranslations } from "next-intl";
import { startTransition, useActionState, useState, type ReactNode } from "react";

import { FieldProblems, FormMessage } from "@/components/ui/form-message";
import type { Action, ActionState } from "@/lib/auth/actions";
import { asStatus, DETERMINATIONS_BY_CLASSIFICATION, MAX_COMMENT_LENGTH, type Incident, type SettableStatus } from "@/lib/incidents/model";

import { useLabels } from "./labels";
import { ClassificationSelect, StatusSelect, TRIAGE_BUTTON, TRIAGE_FIELD } from "./triage-fields";

/** Assign, status, classification, tags and comments, each written through Microsoft by the triage action. */
export function TriagePanel({
  action,
  incident,
  me,
  colleagues,
  statuses,
}: {
  action: Action;
  incident: Incident;
  me: string;
  colleagues: string[];
  statuses: readonly SettableStatus[];
}) {
  const t = useTranslations("IncidentTriage");
  const form = { action, incident };
  return (
    <section aria-label={t("title")} className="my-6 space-y-4 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 className="font-medium">{t("title")}</h2>
      <TriageForm {...form} operation="assign" label={t("assignToMe")} fields={{ assignedTo: me }} />
      <TriageForm {...form} operation="assign" label={t("assign")}>
        <label htmlFor="triage-assignee">{t("assignTo")}</label>
        <input id="triage-assignee" name="assignedTo" list="triage-colleagues" required maxLength={200} className={`${TRIAGE_FIELD} w-64`} placeholder={t("assigneePlaceholder")} />
        <datalist id="triage-colleagues">
          {colleagues.map((colleague) => (
            <option key={colleague} value={colleague} />
          ))}
        </datalist>
      </TriageForm>
      {/* Kept, disabled, once nobody is assigned: its "Saved" message stays where the analyst clicked. */}
      <TriageForm {...form} operation="unassign" label={t("unassign")} disabled={!incident.assignedTo} />
      <TriageForm {...form} operation="status" label={t("setStatus")}>
        <label htmlFor="triage-status">{t("status")}</label>
        <StatusSelect id="triage-status" statuses={statuses} defaultValue={statuses.includes(incident.status as SettableStatus) ? incident.status : statuses[0]} />
      </TriageForm>
      <TriageForm {...form} operation="classify" label={t("classify")}>
        <label htmlFor="triage-determination">{t("classificationAndDetermination")}</label>
        <ClassificationSelect id="triage-determination" defaultValue={pairOf(incident)} />
      </TriageForm>
      <TriageForm {...form} operation="tags" label={t("saveTags")}>
        <label htmlFor="triage-tags">{t("tags")}</label>
        <input id="triage-tags" name="tags" defaultValue={incident.tags.join(", ")} maxLength={4_000} translate="no" className={`${TRIAGE_FIELD} w-80`} />
      </TriageForm>
      <TriageForm {...form} operation="comment" label={t("addComment")}>
        <label htmlFor="triage-comment" className="sr-only">
          {t("comment")}
        </label>
        <textarea id="triage-comment" name="comment" rows={3} maxLength={MAX_COMMENT_LENGTH} required placeholder={t("commentPlaceholder")} className={`${TRIAGE_FIELD} w-full`} />
      </TriageForm>
    </section>
  );
}

/** One change as its own form: the incident as the analyst saw it goes along, so a change made meanwhile is caught. */
function TriageForm({
  action,
  incident,
  operation,
  label,
  fields = {},
  disabled = false,
  children,
}: {
  action: Action;
  incident: Incident;
  operation: string;
  label: string;
  fields?: Record<string, string>;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const t = useTranslations("IncidentTriage");
  // The form as last sent: React resets a form after its action, and the page re-renders with the
  // incident as it is now, but "Apply mine anyway" must send what the analyst chose, against what they saw.
  const [sent, setSent] = useState<FormData | null>(null);
  const [state, run, pending] = useActionState<ActionState, FormData>((previous, form) => {
    setSent(form);
    return action(previous, form);
  }, {});
  const applyAnyway = () => {
    const form = new FormData();
    for (const [name, value] of sent ?? []) form.append(name, value);
    form.set("overwrite", "1");
    startTransition(() => run(form));
  };
  const seen = {
    tenantId: incident.tenantId,
    incidentId: incident.id,
    seenAssignedTo: incident.assignedTo ?? "",
    seenStatus: incident.status,
    seenClassification: incident.classification ?? "",
    seenLastUpdatedAt: incident.lastUpdatedAt,
    operation,
    ...fields,
  };
  return (
    <form action={run} className="flex flex-wrap items-center gap-2">
      {Object.entries(seen).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <button type="submit" disabled={pending || disabled} className={TRIAGE_BUTTON}>
        {pending ? t("saving") : label}
      </button>
      <FormMessage state={state} />
      <FieldProblems state={state} />
      {state.data?.conflictLastUpdatedAt && sent && <Conflict state={state} sent={sent} pending={pending} onApply={applyAnyway} />}
    </form>
  );
}

/** Both versions side by side, and the analyst's choice: theirs (reload) or mine (write anyway). */
function Conflict({ state, sent, pending, onApply }: { state: ActionState; sent: FormData; pending: boolean; onApply: () => void }) {
  const t = useTranslations("IncidentTriage");
  const labels = useLabels();
  const data = state.data!;
  const seen = (name: string) => String(sent.get(name) ?? "");
  const assignee = (value: string) => (value ? <span translate="no">{value}</span> : t("unassigned"));
  const rows: { name: string; mine: ReactNode; theirs: ReactNode }[] = [
    { name: t("assignedTo"), mine: assignee(seen("seenAssignedTo")), theirs: assignee(data.conflictAssignedTo) },
    { name: t("status"), mine: labels.status(asStatus(seen("seenStatus"))), theirs: labels.status(asStatus(data.conflictStatus)) },
    { name: t("classification"), mine: labels.classification(seen("seenClassification") || null), theirs: labels.classification(data.conflictClassification || null) },
    { name: t("lastUpdate"), mine: <Instant value={seen("seenLastUpdatedAt")} />, theirs: <Instant value={data.conflictLastUpdatedAt} /> },
  ];
  return (
    <div className="w-full rounded-md border border-amber-300 bg-amber-50 p-3">
      <table aria-label={t("whatChanged")} className="mb-2 w-full text-left">
        <thead>
          <tr>
            <th className="pr-4 font-medium">
              <span className="sr-only">{t("field")}</span>
            </th>
            <th className="pr-4 font-medium">{t("whenOpened")}</th>
            <th className="font-medium">{t("inMicrosoftNow")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ name, mine, theirs }) => (
            <tr key={name}>
              <th className="pr-4 font-normal text-slate-600">{name}</th>
              {/* An address breaks anywhere rather than widen the page. */}
              <td className="pr-4 [overflow-wrap:anywhere]" dir="auto">
                {mine}
              </td>
              <td className="[overflow-wrap:anywhere]" dir="auto">
                {theirs}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex gap-2">
        <button type="button" onClick={onApply} disabled={pending} className={TRIAGE_BUTTON}>
          {t("applyAnyway")}
        </button>
        <a href="" className={TRIAGE_BUTTON}>
          {t("keepTheirs")}
        </a>
      </div>
    </div>
  );
}

/** To the second: the two versions are often minutes, or seconds, apart. */
function Instant({ value }: { value: string }) {
  const format = useFormatter();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span translate="no">{value}</span>;
  return <time dateTime={date.toISOString()}>{format.dateTime(date, { dateStyle: "medium", timeStyle: "medium" })}</time>;
}

function pairOf(incident: Incident): string | undefined {
  const determinations = DETERMINATIONS_BY_CLASSIFICATION[incident.classification as keyof typeof DETERMINATIONS_BY_CLASSIFICATION] as readonly string[] | undefined;
  return determinations?.includes(incident.determination ?? "") ? `${incident.classification}/${incident.determination}` : undefined;
}
