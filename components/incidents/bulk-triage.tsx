"use client";

import { useActionState } from "react";

import { FieldProblems, FormMessage } from "@/components/ui/form-message";
import type { Action } from "@/lib/auth/actions";
import type { SettableStatus } from "@/lib/incidents/model";

import { BULK_FORM } from "./incident-rows";
import { ClassificationSelect, StatusSelect, TRIAGE_BUTTON, TRIAGE_FIELD } from "./triage-fields";


const OUTCOME_LABEL: Record<string, string> = { done: "Done", conflict: "Conflict: changed in Microsoft since you saw it", refused: "Refused", failed: "Failed" };

interface Result {
  tenantId: string;
  tenant: string;
  incidentId: string;
  outcome: string;
  message: string;
}

/** One change for every selected incident, across tenants, with each incident's own result. */
export function BulkTriage({ action, me, statuses }: { action: Action; me: string; statuses: readonly SettableStatus[] }) {
  const [state, run, pending] = useActionState(action, {});
  const results = state.data?.results ? (JSON.parse(state.data.results) as Result[]) : [];
  return (
    <section aria-label="Change selected incidents" className="mb-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <form id={BULK_FORM} action={run} className="flex flex-wrap items-end gap-3">
        <span className="font-medium">Selected incidents:</span>
        <button type="submit" name="operation" value="assign" formNoValidate disabled={pending} className={TRIAGE_BUTTON} onClick={(event) => setAssignee(event.currentTarget.form, me)}>
          Assign to me
        </button>
        <div className="grid gap-1">
          <label htmlFor="bulk-assignee">Assign to</label>
          <input id="bulk-assignee" name="assignedTo" maxLength={200} className={`${TRIAGE_FIELD} w-52`} />
        </div>
        <button type="submit" name="operation" value="assign" disabled={pending} className={TRIAGE_BUTTON}>
          Assign
        </button>
        <div className="grid gap-1">
          <label htmlFor="bulk-status">Status</label>
          <StatusSelect id="bulk-status" statuses={statuses} />
        </div>
        <button type="submit" name="operation" value="status" disabled={pending} className={TRIAGE_BUTTON}>
          Set status
        </button>
        <div className="grid gap-1">
          <label htmlFor="bulk-pair">Classification</label>
          <ClassificationSelect id="bulk-pair" />
        </div>
        <button type="submit" name="operation" value="classify" disabled={pending} className={TRIAGE_BUTTON}>
          Classify
        </button>
        {pending && <span role="status">Changing…</span>}
      </form>
      <div className="mt-2">
        <FormMessage state={state} />
        <FieldProblems state={state} />
      </div>
      {results.length > 0 && (
        <table aria-label="Results" className="mt-2 w-full text-left">
          <thead>
            <tr className="text-slate-600">
              <th className="pr-4 font-medium">Tenant</th>
              <th className="pr-4 font-medium">Incident</th>
              <th className="pr-4 font-medium">Result</th>
              <th className="font-medium">Why</th>
            </tr>
          </thead>
          <tbody>
            {results.map((result) => (
              <tr key={`${result.tenantId}/${result.incidentId}`}>
                <td className="pr-4">{result.tenant}</td>
                <td className="pr-4">
                  <a href={`/tenants/${result.tenantId}/incidents/${result.incidentId}`} className="text-blue-700 underline">
                    {result.incidentId}
                  </a>
                </td>
                <td className="pr-4">{OUTCOME_LABEL[result.outcome] ?? result.outcome}</td>
                <td className="text-slate-600" dir="auto">
                  {result.message}
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
