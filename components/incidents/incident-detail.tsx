import { Time } from "@/components/ui/time";
import type { Alert, Incident, IncidentDetail } from "@/lib/incidents/model";

import { SeverityBadge, STATUS_LABEL, words } from "./labels";

// Everything here is customer-controlled text: React renders it as text, `dir="auto"` keeps
// right-to-left text from reordering the page, and only the validated portal URL becomes a link.

/** The incident's list-level fields, whether just read from Microsoft or from the store. */
export function IncidentSummary({ incident }: { incident: Incident }) {
  return (
    <>
      <dl className="my-4 grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="text-slate-600">Severity</dt>
      <dd>
        <SeverityBadge severity={incident.severity} />
      </dd>
      <dt className="text-slate-600">Status</dt>
      <dd>{STATUS_LABEL[incident.status]}</dd>
      <dt className="text-slate-600">Classification</dt>
      <dd>{words(incident.classification)}</dd>
      <dt className="text-slate-600">Determination</dt>
      <dd>{words(incident.determination)}</dd>
      <dt className="text-slate-600">Assigned to</dt>
      <dd dir="auto">{incident.assignedTo ?? "Unassigned"}</dd>
      <dt className="text-slate-600">Created</dt>
      <dd>
        <Time value={incident.createdAt} />
      </dd>
      <dt className="text-slate-600">Last update</dt>
      <dd>
        <Time value={incident.lastUpdatedAt} />
      </dd>
      <dt className="text-slate-600">Tags</dt>
      <dd className="flex flex-wrap gap-1">
        {incident.tags.length === 0
          ? "—"
          : incident.tags.map((tag, index) => (
              <span key={index} dir="auto" className="max-w-full break-all rounded bg-slate-100 px-2 py-0.5 text-xs">
                {tag}
              </span>
            ))}
      </dd>
      <dt className="text-slate-600">Incident id</dt>
      <dd className="font-mono">{incident.id}</dd>
    </dl>
    {incident.webUrl && (
      <a href={incident.webUrl} target="_blank" rel="noopener noreferrer" className="text-blue-700 underline">
        Open in Microsoft Defender portal
      </a>
    )}
    </>
  );
}

export function IncidentDescription({ incident }: { incident: IncidentDetail }) {
  if (!incident.description) return null;
  return (
    <section className="my-6">
      <h2 className="mb-2 font-medium">Description</h2>
      <p className="whitespace-pre-wrap break-words text-sm" dir="auto">
        {incident.description}
      </p>
    </section>
  );
}

export function IncidentAlerts({ alerts }: { alerts: Alert[] }) {
  return (
    <section className="my-6">
      <h2 className="mb-2 font-medium">Alerts ({alerts.length})</h2>
      <div className="space-y-4">
        {alerts.map((alert, index) => (
          <div key={`${alert.id}-${index}`} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={alert.severity} />
              <h3 className="break-words font-medium" dir="auto">
                {alert.title}
              </h3>
            </div>
            <p className="mt-1 text-slate-600">
              {[words(alert.status), alert.category, alert.serviceSource, alert.detectionSource].filter(Boolean).join(" · ")}
              {alert.createdAt && (
                <>
                  {" · "}
                  <Time value={alert.createdAt} />
                </>
              )}
            </p>
            {alert.description && (
              <p className="mt-2 whitespace-pre-wrap break-words" dir="auto">
                {alert.description}
              </p>
            )}
            {alert.mitreTechniques.length > 0 && <p className="mt-2">MITRE ATT&amp;CK: {alert.mitreTechniques.join(", ")}</p>}
            {alert.devices.length > 0 && (
              <div className="mt-3">
                <h4 className="font-medium">Devices</h4>
                <ul className="list-inside list-disc">
                  {alert.devices.map((device, i) => (
                    <li key={i} dir="auto" className="break-all">
                      {device.name} {[device.osPlatform, device.healthStatus, device.riskScore && `risk ${device.riskScore}`].filter(Boolean).join(" · ")}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {alert.evidence.length > 0 && (
              <div className="mt-3">
                <h4 className="font-medium">Evidence</h4>
                <ul className="space-y-1">
                  {alert.evidence.map((evidence, i) => (
                    <li key={i}>
                      <details>
                        <summary className="cursor-pointer break-all" dir="auto">
                          <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs">{evidence.type}</span>
                          {evidence.name}
                          {evidence.verdict && <span className="ml-2 text-slate-600">({words(evidence.verdict)})</span>}
                        </summary>
                        <dl className="ml-6 mt-1 grid grid-cols-[max-content_1fr] gap-x-4 font-mono text-xs">
                          {evidence.details.map(([key, value]) => (
                            <div key={key} className="contents">
                              <dt className="text-slate-600">{key}</dt>
                              <dd className="break-all" dir="auto">
                                {value}
                              </dd>
                            </div>
                          ))}
                        </dl>
                      </details>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

export function IncidentComments({ incident }: { incident: IncidentDetail }) {
  if (incident.comments.length === 0) return null;
  return (
    <section className="my-6">
      <h2 className="mb-2 font-medium">Comments</h2>
      <ul className="space-y-2 text-sm">
        {incident.comments.map((comment, index) => (
          <li key={index} className="rounded-lg border border-slate-200 bg-white p-3">
            <p className="whitespace-pre-wrap break-words" dir="auto">
              {comment.text}
            </p>
            <p className="mt-1 text-xs text-slate-600">
              {comment.author ?? "Unknown"} · <Time value={comment.createdAt} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
