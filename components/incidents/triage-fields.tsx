import { DETERMINATIONS_BY_CLASSIFICATION, type SettableStatus } from "@/lib/incidents/model";

import { useLabels } from "./labels";

/** The fields of the single and the bulk triage forms. */
export const TRIAGE_FIELD = "rounded-md border border-slate-300 bg-white px-2 py-1.5";
export const TRIAGE_BUTTON = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100 disabled:opacity-60";

/** The statuses Microsoft lets the portal set. */
export function StatusSelect({ id, statuses, defaultValue }: { id: string; statuses: readonly SettableStatus[]; defaultValue?: string }) {
  const labels = useLabels();
  return (
    <select id={id} name="status" defaultValue={defaultValue} className={TRIAGE_FIELD}>
      {statuses.map((status) => (
        <option key={status} value={status}>
          {labels.status(status)}
        </option>
      ))}
    </select>
  );
}

/** Classification and determination as one choice ("classification/determination"): only pairs Microsoft accepts. */
export function ClassificationSelect({ id, defaultValue }: { id: string; defaultValue?: string }) {
  const labels = useLabels();
  return (
    <select id={id} name="pair" className={TRIAGE_FIELD} defaultValue={defaultValue}>
      {Object.entries(DETERMINATIONS_BY_CLASSIFICATION).map(([classification, determinations]) => (
        <optgroup key={classification} label={labels.classification(classification)}>
          {determinations.map((determination) => (
            <option key={determination} value={`${classification}/${determination}`}>
              {labels.classification(classification)}: {labels.determination(determination)}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
