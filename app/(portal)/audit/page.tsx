import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";
import { Cell, Row, Table } from "@/components/ui/table";
import { AUDIT_ACTIONS, countAuditEvents, listAuditEvents } from "@/lib/audit";
import { requireStaff } from "@/lib/auth/session";
import { listTenants } from "@/lib/tenants";
import { single, withParams, type SearchParams } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("AuditLog"))("title") };
}

const PAGE_SIZE = 100;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const params = await searchParams;
  const filter = { target: single(params.tenant) || undefined, action: single(params.action) || undefined };
  const page = Math.max(1, Math.floor(Number(single(params.page))) || 1);
  const [events, total, tenants] = await Promise.all([
    listAuditEvents({ ...filter, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
    countAuditEvents(filter),
    listTenants(staff.scope),
  ]);
  const [t, common] = await Promise.all([getTranslations("AuditLog"), getTranslations("Common")]);
  // An action this portal does not name (recorded by an older version) is shown as recorded.
  const described = (recorded: string) => {
    const key = `actions.${recorded}` as Parameters<typeof t>[0];
    return Object.hasOwn(AUDIT_ACTIONS, recorded) && t.has(key) ? t(key) : recorded;
  };
  const tenantName = new Map(tenants.map((each) => [each.id, each.displayName]));
  return (
    <>
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <label className="grid gap-1">
          {t("tenant")}
          <select name="tenant" defaultValue={filter.target ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">{t("allTenants")}</option>
            {tenants.map((each) => (
              <option key={each.id} value={each.id} translate="no">
                {each.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          {t("action")}
          <select name="action" defaultValue={filter.action ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">{t("allActions")}</option>
            {Object.keys(AUDIT_ACTIONS).map((value) => (
              <option key={value} value={value}>
                {described(value)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          {t("filter")}
        </button>
        <a href={`/api/audit/export${withParams(params, {})}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          {t("export")}
        </a>
      </form>
      <p className="mb-2 text-sm text-slate-700">{t("total", { count: total })}</p>
      {events.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <Table label={t("title")} columns={[t("columns.when"), t("columns.who"), t("columns.what"), t("columns.tenant"), t("columns.details")]}>
            {events.map((event) => (
              <Row key={String(event.id)}>
                <Cell className="whitespace-nowrap">
                  <Time value={event.at} />
                </Cell>
                <Cell>
                  <span translate="no">{event.actor}</span>
                </Cell>
                <Cell>{described(event.action)}</Cell>
                <Cell>
                  {event.target ? (
                    <span translate="no" className={tenantName.has(event.target) ? undefined : "font-mono text-xs"}>
                      {tenantName.get(event.target) ?? event.target}
                    </span>
                  ) : (
                    common("none")
                  )}
                </Cell>
                <Cell className="max-w-md text-xs">
                  <Details details={event.details} />
                </Cell>
              </Row>
            ))}
          </Table>
      )}
      <Pager page={page} pages={Math.ceil(total / PAGE_SIZE)} href={(number) => withParams(params, { page: String(number) })} />
    </>
  );
}

/** What was recorded with the event, one field a line; values as recorded. */
function Details({ details }: { details: unknown }) {
  const fields = details && typeof details === "object" && !Array.isArray(details) ? Object.entries(details) : [];
  if (fields.length === 0) return null;
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-0.5" translate="no">
      {fields.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-slate-600">{name}</dt>
          <dd className="break-words font-mono" dir="auto">
            {typeof value === "string" ? value : JSON.stringify(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
