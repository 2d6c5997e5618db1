import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTimeZone, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { DaysChart, RankedBars, type Point } from "@/components/dashboard/charts";
import { ProblemSentence } from "@/components/incidents/problem";
import { StatusBadge } from "@/components/tenants/status-badge";
import { Ago } from "@/components/ui/ago";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Row, Table } from "@/components/ui/table";
import { requireStaff } from "@/lib/auth/session";
import { SEVERITIES, type Severity } from "@/lib/incidents/model";
import { incidentTrends, OPEN_STATUSES, tenantHealth, TREND_DAYS, type TrendDays } from "@/lib/incidents/trends";
import type { SearchParams } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Dashboard"))("title") };
}

// Severity colours, the most severe the most saturated.
const COLOR: Record<Severity, string> = { high: "#dc2626", medium: "#d97706", low: "#2563eb", informational: "#64748b", unknown: "#94a3b8" };
const OPEN = OPEN_STATUSES.join(",");
const TOP = 10;

const queue = (params: Record<string, string>) => `/incidents?${new URLSearchParams(params)}`;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff();
  const asked = Number((await searchParams).days);
  const days: TrendDays = TREND_DAYS.find((choice) => choice === asked) ?? 30;
  const [t, labels, format, timeZone] = await Promise.all([getTranslations("Dashboard"), getTranslations("Labels"), getFormatter(), getTimeZone()]);
  const [trends, health] = await Promise.all([incidentTrends(staff.scope, days, timeZone), tenantHealth(staff.scope)]);
  const range = `${days}d`;
  const dayLabel = (day: string) => format.dateTime(new Date(`${day}T12:00:00Z`), { day: "numeric", month: "short", timeZone: "UTC" });
  const sum = (numbers: number[]) => numbers.reduce((total, number) => total + number, 0);
  const severities = SEVERITIES.filter((severity) => severity === "high" || severity === "medium" || severity === "low" || sum(trends.created[severity]) > 0);
  const createdPoints: Point[] = trends.days.map((day, index) => ({ label: dayLabel(day), ...Object.fromEntries(severities.map((severity) => [severity, trends.created[severity][index]])) }));
  const newPerDay = trends.days.map((_, index) => sum(SEVERITIES.map((severity) => trends.created[severity][index])));
  const flowPoints: Point[] = trends.days.map((day, index) => ({ label: dayLabel(day), new: newPerDay[index], resolved: trends.resolved[index] }));
  const top = health.filter((tenant) => tenant.open > 0).sort((a, b) => b.open - a.open || b.openHigh - a.openHigh).slice(0, TOP);
  const openQueue = (extra: Record<string, string> = {}) => queue({ status: OPEN, range: "180d", ...extra });

  return (
    <>
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <nav aria-label={t("period")} className="mb-6 flex flex-wrap gap-2 text-sm">
        {TREND_DAYS.map((choice) => (
          <Link
            key={choice}
            href={`/dashboard?days=${choice}`}
            aria-current={choice === days ? "page" : undefined}
            className={`rounded-md border px-3 py-1.5 ${choice === days ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 bg-white hover:bg-slate-100"}`}
          >
            {t("lastDays", { days: choice })}
          </Link>
        ))}
      </nav>

      <ul className="mb-8 grid grid-cols-2 gap-3 md:grid-cols-5">
        <Total label={t("totals.open")} href={openQueue()} value={format.number(sum(health.map((tenant) => tenant.open)))} />
        <Total label={t("totals.openHigh")} href={openQueue({ severity: "high" })} value={format.number(sum(health.map((tenant) => tenant.openHigh)))} />
        <Total label={t("totals.created")} href={queue({ range, sort: "created" })} value={format.number(sum(newPerDay))} />
        <Total label={t("totals.resolved")} href={queue({ status: "resolved", range })} value={format.number(sum(trends.resolved))} />
        <Total label={t("totals.meanTimeToResolve")} href={queue({ status: "resolved", range })} value={trends.meanTimeToResolveMs === null ? t("totals.noneResolved") : duration(t, trends.meanTimeToResolveMs)} />
      </ul>

      <div className="grid gap-6 lg:grid-cols-2">
        <Figure title={t("created.title")} link={{ href: queue({ range, sort: "created" }), text: t("created.link") }}>
          <DaysChart as="stacked" data={createdPoints} series={severities.map((severity) => ({ key: severity, name: labels(`severity.${severity}`), color: COLOR[severity] }))} />
          <Numbers summary={t("numbers")} columns={[t("day"), ...severities.map((severity) => labels(`severity.${severity}`))]} rows={trends.days.map((day, index) => [dayLabel(day), ...severities.map((severity) => format.number(trends.created[severity][index]))])} />
        </Figure>
        <Figure title={t("flow.title")} link={{ href: queue({ status: "resolved", range }), text: t("flow.link") }} note={t("flow.note")}>
          <DaysChart as="lines" data={flowPoints} series={[{ key: "new", name: t("flow.new"), color: "#2563eb" }, { key: "resolved", name: t("flow.resolved"), color: "#16a34a" }]} />
          <Numbers summary={t("numbers")} columns={[t("day"), t("flow.new"), t("flow.resolved")]} rows={trends.days.map((day, index) => [dayLabel(day), format.number(newPerDay[index]), format.number(trends.resolved[index])])} />
        </Figure>
      </div>

      <Figure title={t("top.title")}>
        {top.length === 0 ? (
          <p className="text-slate-600">{t("top.none")}</p>
        ) : (
          <>
            <RankedBars
              data={top.map((tenant) => ({ label: tenant.name, open: tenant.open, openHigh: tenant.openHigh, href: openQueue({ tenant: tenant.tenantId }) }))}
              series={[{ key: "open", name: t("top.open"), color: "#2563eb" }, { key: "openHigh", name: t("top.openHigh"), color: COLOR.high }]}
            />
            <Table columns={[t("health.tenant"), t("top.open"), t("top.openHigh")]} label={t("top.title")}>
              {top.map((tenant) => (
                <Row key={tenant.tenantId}>
                  <Cell>
                    <span translate="no">{tenant.name}</span>
                  </Cell>
                  <Cell>
                    <QueueLink href={openQueue({ tenant: tenant.tenantId })}>{format.number(tenant.open)}</QueueLink>
                  </Cell>
                  <Cell>
                    <QueueLink href={openQueue({ tenant: tenant.tenantId, severity: "high" })}>{format.number(tenant.openHigh)}</QueueLink>
                  </Cell>
                </Row>
              ))}
            </Table>
          </>
        )}
      </Figure>

      <section className="mt-8">
        <h2 className="mb-3 text-lg font-semibold">
          {t("health.title")}
        </h2>
        {health.length === 0 ? (
          <p className="text-slate-600">{t("health.empty")}</p>
        ) : (
          <Table columns={[t("health.tenant"), t("health.consent"), t("health.synced"), t("health.openHigh")]} label={t("health.title")}>
            {health.map((tenant) => (
              <Row key={tenant.tenantId}>
                <Cell>
                  <Link href={`/tenants/${tenant.tenantId}`} className="text-blue-700 underline" translate="no">
                    {tenant.name}
                  </Link>
                </Cell>
                <Cell>
                  <StatusBadge status={tenant.consent} />
                </Cell>
                <Cell>
                  {tenant.problem ? (
                    <span className="text-red-800">
                      {t("health.failing")} <ProblemSentence problem={tenant.problem} />
                    </span>
                  ) : tenant.syncedAt === null ? (
                    t("health.never")
                  ) : (
                    <Ago at={tenant.syncedAt} />
                  )}
                </Cell>
                <Cell>
                  <QueueLink href={openQueue({ tenant: tenant.tenantId, severity: "high" })}>{format.number(tenant.openHigh)}</QueueLink>
                </Cell>
              </Row>
            ))}
          </Table>
        )}
      </section>
    </>
  );
}

/** A count that opens the queue of the incidents it counts. */
function QueueLink({ href, children }: { href: string; children: string }) {
  return (
    <Link href={href} className="text-blue-700 underline">
      {children}
    </Link>
  );
}

function Total({ label, value, href }: { label: string; value: string; href: string }) {
  return (
    <li>
      <Link href={href} className="block h-full rounded-lg border border-slate-200 bg-white p-4 hover:border-blue-400">
        <span className="block text-sm text-slate-600">{label}</span>
        <span className="mt-1 block text-2xl font-semibold">{value}</span>
      </Link>
    </li>
  );
}

function Figure({ title, link, note, children }: { title: string; link?: { href: string; text: string }; note?: string; children: ReactNode }) {
  return (
    <figure className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">{title}</span>
        {link && (
          <Link href={link.href} className="text-sm text-blue-700 underline">
            {link.text}
          </Link>
        )}
      </figcaption>
      {children}
      {note && <p className="mt-2 text-xs text-slate-600">{note}</p>}
    </figure>
  );
}

/** The chart's numbers as a table, folded away. */
function Numbers({ summary, columns, rows }: { summary: string; columns: string[]; rows: string[][] }) {
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-blue-700 underline">{summary}</summary>
      <div className="mt-2 max-h-72 overflow-auto">
        <Table columns={columns} label={summary}>
          {rows.map((row) => (
            <Row key={row[0]}>
              {row.map((cell, index) => (
                <Cell key={index}>{cell}</Cell>
              ))}
            </Row>
          ))}
        </Table>
      </div>
    </details>
  );
}

type Translate = Awaited<ReturnType<typeof getTranslations<"Dashboard">>>;

/** "2 days 4 hours", "5 hours", "40 minutes". */
function duration(t: Translate, ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return t("durationMinutes", { minutes });
  const hours = Math.round(minutes / 60);
  return hours < 48 ? t("duration", { hours }) : t("durationDays", { days: Math.floor(hours / 24), hours: hours % 24 });
}
