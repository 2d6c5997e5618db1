"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";

import { FieldProblems, FormMessage } from "@/components/ui/form-message";
import type { Action } from "@/lib/auth/actions";
import type { SettableStatus } from "@/lib/incidents/model";

import { BULK_FORM } from "./incident-rows";
import { ClassificationSelect, StatusSelect, TRIAGE_BUTTON, TRIAGE_FIELD } from "./triage-fields";

const OUTCOMES = ["done", "conflict", "refused", "failed"] as const;

interface Result {
  tenantId: string;
  tenant: string;
  incidentId: string;
  outcome: string;
  /** Why it was not done, in the viewer's language. */
  why: string;
}

/** One change for every selected incident, across tenants, with each incident's own result. */
export function BulkTriage({ action, me, statuses }: { action: Action; me: string; statuses: readonly SettableStatus[] }) {
  const t = useTranslations("IncidentBulk");
  const [state, run, pending] = useActionState(action, {});
  const results = state.data?.results ? (JSON.parse(state.data.results) as Result[]) : [];
  const outcomeLabel = (outcome: string) => {
    const known = OUTCOMES.find((candidate) => candidate === outcome);
    return known ? t(`outcome.${known}`) : outcome;
  };
  return (
    <section aria-label={t("label")} className="mb-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <form id={BULK_FORM} action={run} className="flex flex-wrap items-end gap-3">
        <span className="font-medium">{t("selected")}</span>
        <button type="submit" name="operation" value="assign" formNoValidate disabled={pending} className={TRIAGE_BUTTON} onClick={(event) => setAssignee(event.currentTarget.form, me)}>
          {t("assignToMe")}
        </button>
        <div className="grid gap-1">
          <label htmlFor="bulk-assignee">{t("assignTo")}</label>
          <input id="bulk-assignee" name="assignedTo" maxLength={200} className={`${TRIAGE_FIELD} w-52`} />
        </div>
        <button type="submit" name="operation" value="assign" disabled={pending} className={TRIAGE_BUTTON}>
          {t("assign")}
        </button>
        <div className="grid gap-1">
          <label htmlFor="bulk-status">{t("status")}</label>
          <StatusSelect id="bulk-status" statuses={statuses} />
        </div>
        <button type="submit" name="operation" value="status" disabled={pending} className={TRIAGE_BUTTON}>
          {t("setStatus")}
        </button>
        <div className="grid gap-1">
          <label htmlFor="bulk-pair">{t("classification")}</label>
          <ClassificationSelect id="bulk-pair" />
        </div>
        <button type="submit" name="operation" value="classify" disabled={pending} className={TRIAGE_BUTTON}>
          {t("classify")}
        </button>
        {pending && <span role="status">{t("changing")}</span>}
      </form>
      <div className="mt-2">
        <FormMessage state={state} />
        <FieldProblems state={state} />
      </div>
      {results.length > 0 && (
        <table aria-label={t("results")} className="mt-2 w-full text-left">
          <thead>
            <tr className="text-slate-600">
              <th className="pr-4 font-medium">{t("tenant")}</th>
              <th className="pr-4 font-medium">{t("incident")}</th>
              <th className="pr-4 font-medium">{t("result")}</th>
              <th className="font-medium">{t("why")}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((result) => (
              <tr key={`${result.tenantId}/${result.incidentId}`}>
                <td className="pr-4" translate="no">
                  {result.tenant}
                </td>
                <td className="pr-4">
                  <a href={`/tenants/${result.tenantId}/incidents/${result.incidentId}`} className="text-blue-700 underline">
                    {result.incidentId}
                  </a>
                </td>
                <td className="pr-4">{outcomeLabel(result.outcome)}</td>
                <td className="text-slate-600" dir="auto">
                  {result.why}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "Assign to me" sends the signed-in analyst's name in the assignee field. */
function setAssignee(form: HTMLFormElement | null, me: string) {
  const field = form?.elements.namedItem("assignedTo");
  if (field instanceof HTMLInputElement) field.value = me;
}
