import Link from "next/link";
import { useTranslations } from "next-intl";

import { Time } from "@/components/ui/time";
import type { Incident } from "@/lib/incidents/model";
import { FIRST_DIR, type Sort } from "@/lib/incidents/query";

import { SeverityBadge, useLabels } from "./labels";

/** The bulk triage form the rows' checkboxes belong to (their `form` attribute). */
export const BULK_FORM = "bulk-triage";

/** How the rows are sorted, and the address of each other order: the sortable columns' headers link to it. */
export interface RowSort {
  sort: Sort;
  dir: "asc" | "desc";
  href: (sort: Sort, dir: "asc" | "desc") => string;
}

/**
 * Incident rows; every field is customer-controlled text, rendered as text. A table from 768 px up,
 * its header kept in view; below that each incident is a card of labelled lines, so nothing is cut off.
 */
export function IncidentRows({ incidents, tenantNames, selectable = false, sort }: { incidents: Incident[]; tenantNames?: Map<string, string>; selectable?: boolean; sort?: RowSort }) {
  const t = useTranslations("IncidentRows");
  const labels = useLabels();
  const header = (name: string, className: string, column?: Sort) => {
    const current = sort && column === sort.sort ? sort.dir : undefined;
    return (
      <th className={`sticky top-0 z-10 bg-slate-100 px-3 py-2 font-medium ${className}`} aria-sort={current ? (current === "asc" ? "ascending" : "descending") : undefined}>
        {sort && column ? (
          <Link href={sort.href(column, current ? (current === "asc" ? "desc" : "asc") : FIRST_DIR[column])} className="underline decoration-slate-400 underline-offset-2">
            {name}
            {current && <span aria-hidden> {current === "asc" ? "▲" : "▼"}</span>}
          </Link>
        ) : (
          name
        )}
      </th>
    );
  };
  // The column's name before its value, in the cards only.
  const label = (name: string) => <span className="w-28 shrink-0 text-slate-600 md:hidden">{name}</span>;
  const cell = "flex min-w-0 gap-2 py-0.5 md:table-cell md:px-3 md:py-2";
  return (
    <table className="block w-full rounded-lg border border-slate-200 bg-white text-left text-sm md:table md:table-fixed">
      <thead className="hidden text-slate-700 md:table-header-group">
        <tr>
          {selectable && header(t("select"), "w-10")}
          {tenantNames && header(t("tenant"), "w-40")}
          {header(t("severity"), "w-28", "severity")}
          {header(t("incident"), "")}
          {header(t("status"), "w-32", "status")}
          {header(t("assignedTo"), "w-44", "assignedTo")}
          {header(t("lastUpdate"), "w-44", "lastUpdated")}
        </tr>
      </thead>
      <tbody className="block md:table-row-group">
        {incidents.map((incident) => (
          <tr key={`${incident.tenantId}/${incident.id}`} className="block border-t border-slate-100 px-3 py-2 align-top first:border-t-0 md:table-row md:p-0 md:first:border-t">
            {selectable && (
              <td className={cell}>
                <input type="checkbox" form={BULK_FORM} name="incident" value={selection(incident)} aria-label={t("selectIncident", { id: incident.id })} />
              </td>
            )}
            {tenantNames && (
              <td className={cell}>
                {label(t("tenant"))}
                <span className="block min-w-0 truncate" translate="no">
                  {tenantNames.get(incident.tenantId) ?? incident.tenantId}
                </span>
              </td>
            )}
            <td className={cell}>
              {label(t("severity"))}
              <SeverityBadge severity={incident.severity} />
            </td>
            <td className={`${cell} font-medium md:font-normal`}>
              {label(t("incident"))}
              <Link href={`/tenants/${incident.tenantId}/incidents/${incident.id}`} className="line-clamp-2 min-w-0 break-words text-blue-700 underline" dir="auto" translate={incident.title ? "no" : undefined}>
                {incident.title || t("untitled", { id: incident.id })}
              </Link>
            </td>
            <td className={cell}>
              {label(t("status"))}
              {labels.status(incident.status)}
            </td>
            <td className={cell} dir="auto">
              {label(t("assignedTo"))}
              {incident.assignedTo ? (
                <span className="block min-w-0 truncate" translate="no">
                  {incident.assignedTo}
                </span>
              ) : (
                <span className="italic text-slate-600">{t("unassigned")}</span>
              )}
            </td>
            <td className={cell}>
              {label(t("lastUpdate"))}
              <Time value={incident.lastUpdatedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the analyst saw of a selected incident, sent along so a change made in Microsoft meanwhile is caught. */
function selection({ tenantId, id, assignedTo, status, classification, lastUpdatedAt }: Incident): string {
  return JSON.stringify({ tenantId, incidentId: id, assignedTo, status, classification, lastUpdatedAt });
}
