import { useTranslations } from "next-intl";

import { SEVERITIES, STATUSES, TIME_RANGES, type TimeRange } from "@/lib/incidents/model";
import { PAGE_SIZES, SORTS, UNASSIGNED, type IncidentQuery } from "@/lib/incidents/query";

import { useLabels } from "./labels";

/**
 * A plain GET form: filters live in the URL, so a filtered view can be shared and reloaded.
 * "Assigned to" is one person (any letter case), offered from the staff seen; the search box finds part of a name.
 */
export function IncidentFilters({
  query,
  assignees,
  groups = [],
  tenants = [],
}: {
  query: IncidentQuery;
  assignees: string[];
  groups?: { id: string; name: string }[];
  tenants?: { id: string; name: string }[];
}) {
  const t = useTranslations("IncidentFilters");
  const labels = useLabels();
  return (
    <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label={t("label")}>
      {groups.length > 0 && (
        <div className="grid gap-1">
          <label htmlFor="filter-group">{t("group")}</label>
          <select id="filter-group" name="group" defaultValue={query.group ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">{t("everyTenant")}</option>
            {groups.map((group) => (
              <option key={group.id} value={group.id} translate="no">
                {group.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="grid gap-1">
        <label htmlFor="filter-q">{t("search")}</label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder={t("searchPlaceholder")} className="w-64 rounded-md border border-slate-300 px-2 py-1.5" />
      </div>
      {tenants.length > 1 && (
        <div className="grid gap-1">
          <label htmlFor="filter-tenant">{t("tenants")}</label>
          <select id="filter-tenant" name="tenant" multiple size={Math.min(4, tenants.length)} defaultValue={query.tenant ?? []} className="min-w-40 rounded-md border border-slate-300 bg-white px-2 py-1">
            {tenants.map((tenant) => (
              <option key={tenant.id} value={tenant.id} translate="no">
                {tenant.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <Choices legend={t("severity")} hint={t("noneMeansAny")} name="severity" checked={query.severity} options={SEVERITIES.map((severity) => [severity, labels.severity(severity)])} />
      <Choices legend={t("status")} hint={t("noneMeansAny")} name="status" checked={query.status} options={STATUSES.map((status) => [status, labels.status(status)])} />
      <div className="grid gap-1">
        <label htmlFor="filter-assignedTo">{t("assignedTo")}</label>
        <input id="filter-assignedTo" name="assignedTo" list="filter-assignees" defaultValue={query.assignedTo ?? ""} placeholder={t("assignedToPlaceholder")} className="rounded-md border border-slate-300 px-2 py-1.5" />
        <datalist id="filter-assignees">
          {/* The filter's word for nobody, in any language. */}
          <option value={UNASSIGNED} label={t("unassignedOption")} />
          {assignees.map((assignee) => (
            <option key={assignee} value={assignee} />
          ))}
        </datalist>
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-range">{t("range")}</label>
        <select id="filter-range" name="range" defaultValue={query.range} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {(Object.keys(TIME_RANGES) as TimeRange[]).map((range) => (
            <option key={range} value={range}>
              {t(`ranges.${range}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-sort">{t("sort")}</label>
        <select id="filter-sort" name="sort" defaultValue={query.sort} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`sorts.${sort}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-size">{t("size")}</label>
        <select id="filter-size" name="size" defaultValue={query.size} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
        {t("apply")}
      </button>
    </form>
  );
}

/** Checkboxes sending one value each: any number of them, none meaning any. */
function Choices({ legend, hint, name, checked = [], options }: { legend: string; hint: string; name: string; checked?: readonly string[]; options: [string, string][] }) {
  return (
    <fieldset className="grid gap-1">
      <legend className="mb-1">
        {legend} <span className="text-xs text-slate-600">({hint})</span>
      </legend>
      <div className="flex max-w-md flex-wrap gap-x-3 gap-y-1">
        {options.map(([value, label]) => (
          <label key={value} className="flex items-center gap-1 whitespace-nowrap">
            <input type="checkbox" name={name} value={value} defaultChecked={checked.includes(value)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
