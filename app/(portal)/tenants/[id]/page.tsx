import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";

import { ConsentLinkPanel } from "@/components/tenants/consent-link-panel";
import { ConsentProblem } from "@/components/tenants/consent-problem";
import { OffboardForm } from "@/components/tenants/offboard-form";
import { StatusBadge } from "@/components/tenants/status-badge";
import { ActionButton } from "@/components/ui/action-button";
import { Cell, Row, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { requireStaff } from "@/lib/auth/session";
import { isConsentEventOutcome, listConsentEvents } from "@/lib/consent/events";
import { groupsOfTenants } from "@/lib/scopes/groups";
import { findTenant } from "@/lib/tenants";

import { createConsentLinkAction, offboardTenantAction, verifyTenantAction } from "../actions";
import { tenantTitle } from "./tenant-title";

export const generateMetadata = ({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> => tenantTitle(params, (tenant) => tenant);

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const tenant = await findTenant(staff.scope, (await params).id);
  if (!tenant) notFound();
  const [events, groupsOf] = await Promise.all([listConsentEvents(tenant.id), groupsOfTenants([tenant.id])]);
  const groups = groupsOf.get(tenant.id) ?? [];
  const admin = staff.role === "admin";
  const [t, common] = await Promise.all([getTranslations("TenantPage"), getTranslations("Common")]);
  return (
    <>
      <Link href="/tenants" className="text-sm text-blue-700 underline">
        {t("allTenants")}
      </Link>
      <div className="mb-6 mt-2 flex flex-wrap items-center gap-3">
        <h1 translate="no" className="text-2xl font-semibold">
          {tenant.displayName}
        </h1>
        <StatusBadge status={tenant.status} />
      </div>
      <Link href={`/tenants/${tenant.id}/incidents`} className="mb-4 inline-block text-blue-700 underline">
        {t("viewIncidents")}
      </Link>
      <dl className="mb-6 grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-600">{t("tenantId")}</dt>
        <dd translate="no" className="font-mono">
          {tenant.id}
        </dd>
        {tenant.domain && (
          <>
            <dt className="text-slate-600">{t("addedByDomain")}</dt>
            <dd translate="no">{tenant.domain}</dd>
          </>
        )}
        <dt className="text-slate-600">{t("groups")}</dt>
        <dd translate="no">{groups.length === 0 ? common("none") : groups.map((group) => group.name).join(", ")}</dd>
        <dt className="text-slate-600">{t("rolesGranted")}</dt>
        <dd translate="no">{tenant.grantedRoles.join(", ") || common("none")}</dd>
        <dt className="text-slate-600">{t("consentGiven")}</dt>
        <dd>
          <Time value={tenant.consentedAt} />
        </dd>
        <dt className="text-slate-600">{t("lastVerified")}</dt>
        <dd>
          <Time value={tenant.verifiedAt} />
        </dd>
        <dt className="text-slate-600">{t("lastError")}</dt>
        <dd>{tenant.lastError === null ? common("none") : <ConsentProblem tenant={tenant} />}</dd>
        <dt className="text-slate-600">{t("added")}</dt>
        <dd>
          {t.rich("addedBy", {
            name: tenant.addedBy,
            when: () => <Time value={tenant.addedAt} />,
            who: (chunks) => <span translate="no">{chunks}</span>,
          })}
        </dd>
      </dl>
      {admin && (
        <div className="space-y-6">
          <ActionButton action={verifyTenantAction} fields={{ tenantId: tenant.id }} label={t("verifyNow")} pendingLabel={t("verifying")} />
          <ConsentLinkPanel action={createConsentLinkAction} tenantId={tenant.id} />
        </div>
      )}
      <section className="my-6">
        <h2 className="mb-2 font-medium">{t("redirects.title")}</h2>
        {events.length === 0 ? (
          <p className="text-sm text-slate-600">{t("redirects.none")}</p>
        ) : (
          <Table label={t("redirects.title")} columns={[t("redirects.when"), t("redirects.outcome"), t("redirects.from")]}>
            {events.map((event) => (
              <Row key={String(event.id)}>
                <Cell className="whitespace-nowrap">
                  <Time value={event.at} />
                </Cell>
                <Cell>
                  {isConsentEventOutcome(event.outcome) ? t(`outcomes.${event.outcome}`) : event.outcome}
                  {event.flagged && <span className="ml-2 rounded bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800">{t("redirects.flagged")}</span>}
                </Cell>
                <Cell className="text-slate-600">{event.sourceAddress === null ? t("redirects.unknownAddress") : <span translate="no">{event.sourceAddress}</span>}</Cell>
              </Row>
            ))}
          </Table>
        )}
      </section>
      {admin && <OffboardForm action={offboardTenantAction} tenantId={tenant.id} displayName={tenant.displayName} />}
    </>
  );
}
