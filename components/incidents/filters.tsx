import { SEVERITIES, STATUSES, type TimeRange } from "@/lib/incidents/model";
import { PAGE_SIZES, type IncidentQuery } from "@/lib/incidents/query";

import { SEVERITY_LABEL, STATUS_LABEL } from "./labels";

const RANGES: Record<TimeRange, string> = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days", "180d": "Last 180 days" };

/**
 * A plain GET form: filters live in the URL, so a filtered view can be shared and reloaded.
 * "Assigned to" is one person (any letter case), offered from the staff seen; the search box finds part of a name.
 */
export function IncidentFilters({ query, assignees, groups = [] }: { query: IncidentQuery; assignees: string[]; groups?: { id: string; name: string }[] }) {
  return (
    <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filters">
      {groups.length > 0 && (
        <div className="grid gap-1">
          <label htmlFor="filter-group">Tenant group</label>
          <select id="filter-group" name="group" defaultValue={query.group ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">Every tenant</option>
            {groups.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="grid gap-1">
        <label htmlFor="filter-q">Search</label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder="title, incident id, assignee, tag" className="w-64 rounded-md border border-slate-300 px-2 py-1.5" />
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-severity">Severity</label>
        <select id="filter-severity" name="severity" defaultValue={query.severity?.[0] ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          <option value="">Any severity</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {SEVERITY_LABEL[severity]}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={query.status?.[0] ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          <option value="">Any status</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-assignedTo">Assigned to</label>
        <input id="filter-assignedTo" name="assignedTo" list="filter-assignees" defaultValue={query.assignedTo ?? ""} placeholder="an address, or “unassigned”" className="rounded-md border border-slate-300 px-2 py-1.5" />
        <datalist id="filter-assignees">
          {["unassigned", ...assignees].map((assignee) => (
            <option key={assignee} value={assignee} />
          ))}
        </datalist>
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-range">Updated</label>
        <select id="filter-range" name="range" defaultValue={query.range} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {Object.entries(RANGES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-sort">Sort by</label>
        <select id="filter-sort" name="sort" defaultValue={query.sort} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          <option value="lastUpdated">Last update</option>
          <option value="created">Created</option>
          <option value="severity">Severity</option>
        </select>
      </div>
      <div className="grid gap-1">
        <label htmlFor="filter-size">Per page</label>
        <select id="filter-size" name="size" defaultValue={query.size} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
        Apply
      </button>
    </form>
  );
}
