import Link from "next/link";

import { Time } from "@/components/ui/time";
import type { Incident } from "@/lib/incidents/model";

import { SeverityBadge, STATUS_LABEL } from "./labels";

/** The bulk triage form the rows' checkboxes belong to (their `form` attribute). */
export const BULK_FORM = "bulk-triage";

/** Incident rows; every field is customer-controlled text, rendered as text. */
export function IncidentRows({ incidents, tenantNames, selectable = false }: { incidents: Incident[]; tenantNames?: Map<string, string>; selectable?: boolean }) {
  return (
    <table className="w-full table-fixed overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
      <thead className="bg-slate-100 text-slate-700">
        <tr>
          {selectable && (
            <th className="w-10 px-3 py-2 font-medium">
              <span className="sr-only">Select</span>
            </th>
          )}
          {tenantNames && <th className="w-40 px-3 py-2 font-medium">Tenant</th>}
          <th className="w-28 px-3 py-2 font-medium">Severity</th>
          <th className="px-3 py-2 font-medium">Incident</th>
          <th className="w-32 px-3 py-2 font-medium">Status</th>
          <th className="w-44 px-3 py-2 font-medium">Assigned to</th>
          <th className="w-44 px-3 py-2 font-medium">Last update</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => (
          <tr key={`${incident.tenantId}/${incident.id}`} className="border-t border-slate-100 align-top">
            {selectable && (
              <td className="px-3 py-2">
                <input type="checkbox" form={BULK_FORM} name="incident" value={selection(incident)} aria-label={`Select incident ${incident.id}`} />
              </td>
            )}
            {tenantNames && <td className="truncate px-3 py-2">{tenantNames.get(incident.tenantId) ?? incident.tenantId}</td>}
            <td className="px-3 py-2">
              <SeverityBadge severity={incident.severity} />
            </td>
            <td className="px-3 py-2">
              <Link href={`/tenants/${incident.tenantId}/incidents/${incident.id}`} className="line-clamp-2 break-words text-blue-700 underline" dir="auto">
                {incident.title || `Incident ${incident.id}`}
              </Link>
            </td>
            <td className="px-3 py-2">{STATUS_LABEL[incident.status]}</td>
            <td className="truncate px-3 py-2" dir="auto">
              {incident.assignedTo ?? <span className="italic text-slate-600">Unassigned</span>}
            </td>
            <td className="px-3 py-2">
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
