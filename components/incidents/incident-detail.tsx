import { useLocale, useTranslations } from "next-intl";
import { Fragment, type ReactNode } from "react";

import { Time } from "@/components/ui/time";
import { SEVERITIES, type Alert, type Device, type Incident, type IncidentDetail, type Severity } from "@/lib/incidents/model";

import { SeverityBadge, useLabels } from "./labels";

// Everything here is customer-controlled text: React renders it as text, `dir="auto"` keeps
// right-to-left text from reordering the page, only the validated portal URL becomes a link, and
// `translate="no"` keeps browser translators off it.

/** The incident's list-level fields, whether just read from Microsoft or from the store. */
export function IncidentSummary({ incident }: { incident: Incident }) {
  const t = useTranslations("IncidentDetail");
  const none = useTranslations("Common")("none");
  const labels = useLabels();
  return (
    <>
      <dl className="my-4 grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="text-slate-600">{t("severity")}</dt>
      <dd>
        <SeverityBadge severity={incident.severity} />
      </dd>
      <dt className="text-slate-600">{t("status")}</dt>
      <dd>{labels.status(incident.status)}</dd>
      <dt className="text-slate-600">{t("classification")}</dt>
      <dd>{labels.classification(incident.classification)}</dd>
      <dt className="text-slate-600">{t("determination")}</dt>
      <dd>{labels.determination(incident.determination)}</dd>
      <dt className="text-slate-600">{t("assignedTo")}</dt>
      <dd dir="auto" translate={incident.assignedTo ? "no" : undefined}>
        {incident.assignedTo ?? t("unassigned")}
      </dd>
      <dt className="text-slate-600">{t("created")}</dt>
      <dd>
        <Time value={incident.createdAt} />
      </dd>
      <dt className="text-slate-600">{t("lastUpdate")}</dt>
      <dd>
        <Time value={incident.lastUpdatedAt} />
      </dd>
      <dt className="text-slate-600">{t("tags")}</dt>
      <dd className="flex flex-wrap gap-1">
        {incident.tags.length === 0
          ? none
          : incident.tags.map((tag, index) => (
              <span key={index} dir="auto" translate="no" className="max-w-full break-all rounded bg-slate-100 px-2 py-0.5 text-xs">
                {tag}
              </span>
            ))}
      </dd>
      <dt className="text-slate-600">{t("incidentId")}</dt>
      <dd className="font-mono">{incident.id}</dd>
    </dl>
    {incident.webUrl && (
      <a href={incident.webUrl} target="_blank" rel="noopener noreferrer" className="text-blue-700 underline">
        {t("openInDefender")}
      </a>
    )}
    </>
  );
}

export function IncidentDescription({ incident }: { incident: IncidentDetail }) {
  const t = useTranslations("IncidentDetail");
  if (!incident.description) return null;
  return (
    <section className="my-6">
      <h2 className="mb-2 font-medium">{t("description")}</h2>
      <p className="whitespace-pre-wrap break-words text-sm" dir="auto" translate="no">
        {incident.description}
      </p>
    </section>
  );
}

export function IncidentAlerts({ alerts }: { alerts: Alert[] }) {
  const t = useTranslations("IncidentDetail");
  const labels = useLabels();
  return (
    <section className="my-6">
      <h2 className="mb-2 font-medium">{t("alerts", { count: alerts.length })}</h2>
      <div className="space-y-4">
        {alerts.map((alert, index) => (
          <div key={`${alert.id}-${index}`} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={alert.severity} />
              <h3 className="break-words font-medium" dir="auto" translate="no">
                {alert.title}
              </h3>
            </div>
            <p className="mt-1 text-slate-600">
              <Dotted items={[alert.status && labels.alertStatus(alert.status), ...microsoftWords(alert.category, alert.serviceSource, alert.detectionSource), alert.createdAt && <Time value={alert.createdAt} />]} />
            </p>
            {alert.description && (
              <p className="mt-2 whitespace-pre-wrap break-words" dir="auto" translate="no">
                {alert.description}
              </p>
            )}
            {alert.mitreTechniques.length > 0 && <p className="mt-2" translate="no">MITRE ATT&amp;CK: {alert.mitreTechniques.join(", ")}</p>}
            {alert.devices.length > 0 && (
              <div className="mt-3">
                <h4 className="font-medium">{t("devices")}</h4>
                <ul className="list-inside list-disc">
                  {alert.devices.map((device, i) => (
                    <DeviceItem key={i} device={device} />
                  ))}
                </ul>
              </div>
            )}
            {alert.evidence.length > 0 && (
              <div className="mt-3">
                <h4 className="font-medium">{t("evidence")}</h4>
                <ul className="space-y-1">
                  {alert.evidence.map((evidence, i) => (
                    <li key={i}>
                      <details>
                        <summary className="cursor-pointer break-all" dir="auto">
                          <span translate="no">
                            <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs">{evidence.type}</span>
                            {evidence.name}
                          </span>
                          {evidence.verdict && <span className="ml-2 text-slate-600">({labels.verdict(evidence.verdict)})</span>}
                        </summary>
                        <dl className="ml-6 mt-1 grid grid-cols-[max-content_1fr] gap-x-4 font-mono text-xs" translate="no">
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

function DeviceItem({ device }: { device: Device }) {
  const t = useTranslations("IncidentDetail");
  const labels = useLabels();
  const locale = useLocale();
  // Microsoft scores a device's risk in severity words, lower case in the sentence.
  const risk = device.riskScore && ((SEVERITIES as readonly string[]).includes(device.riskScore) ? labels.severity(device.riskScore as Severity).toLocaleLowerCase(locale) : device.riskScore);
  return (
    <li dir="auto" className="break-all">
      <span translate="no">{device.name}</span> <Dotted items={[...microsoftWords(device.osPlatform, device.healthStatus), risk && t("risk", { score: risk })]} />
    </li>
  );
}

/** Values Microsoft names in its own words (categories, sources, platforms), shown as it sent them. */
function microsoftWords(...values: (string | null)[]): ReactNode[] {
  return values.filter(Boolean).map((value) => (
    <span key={value} translate="no">
      {value}
    </span>
  ));
}

/** The items that are there, separated by dots. */
function Dotted({ items }: { items: ReactNode[] }) {
  return items.filter(Boolean).map((item, index) => (
    <Fragment key={index}>
      {index > 0 && " · "}
      {item}
    </Fragment>
  ));
}

export function IncidentComments({ incident }: { incident: IncidentDetail }) {
  const t = useTranslations("IncidentDetail");
  if (incident.comments.length === 0) return null;
  return (
    <section className="my-6">
      <h2 className="mb-2 font-medium">{t("comments")}</h2>
      <ul className="space-y-2 text-sm">
        {incident.comments.map((comment, index) => (
          <li key={index} className="rounded-lg border border-slate-200 bg-white p-3">
            <p className="whitespace-pre-wrap break-words" dir="auto" translate="no">
              {comment.text}
            </p>
            <p className="mt-1 text-xs text-slate-600">
              {comment.author ? <span translate="no">{comment.author}</span> : t("unknownAuthor")} · <Time value={comment.createdAt} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
