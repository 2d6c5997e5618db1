import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { ConsentLinkPanel } from "@/components/tenants/consent-link-panel";
import { OffboardForm } from "@/components/tenants/offboard-form";
import { StatusBadge } from "@/components/tenants/status-badge";
import { ActionButton } from "@/components/ui/action-button";
import { Time } from "@/components/ui/time";
import { requireStaff } from "@/lib/auth/session";
import { CONSENT_EVENT_OUTCOMES, listConsentEvents } from "@/lib/consent/events";
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
  return (
    <>
      <Link href="/tenants" className="text-sm text-blue-700 underline">
        ← All tenants
      </Link>
      <div className="mb-6 mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{tenant.displayName}</h1>
        <StatusBadge status={tenant.status} />
      </div>
      <Link href={`/tenants/${tenant.id}/incidents`} className="mb-4 inline-block text-blue-700 underline">
        View incidents
      </Link>
      <dl className="mb-6 grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-600">Tenant id</dt>
        <dd className="font-mono">{tenant.id}</dd>
        {tenant.domain && (
          <>
            <dt className="text-slate-600">Added by domain</dt>
            <dd>{tenant.domain}</dd>
          </>
        )}
        <dt className="text-slate-600">Groups</dt>
        <dd>{groups.length === 0 ? "—" : groups.map((group) => group.name).join(", ")}</dd>
        <dt className="text-slate-600">Roles granted</dt>
        <dd>{tenant.grantedRoles.join(", ") || "—"}</dd>
        <dt className="text-slate-600">Consent given</dt>
        <dd>
          <Time value={tenant.consentedAt} />
        </dd>
        <dt className="text-slate-600">Last verified</dt>
        <dd>
          <Time value={tenant.verifiedAt} />
        </dd>
        <dt className="text-slate-600">Last error</dt>
        <dd>{tenant.lastError ?? "—"}</dd>
        <dt className="text-slate-600">Added</dt>
        <dd>
          <Time value={tenant.addedAt} /> by {tenant.addedBy}
        </dd>
      </dl>
      {admin && (
        <div className="space-y-6">
          <ActionButton action={verifyTenantAction} fields={{ tenantId: tenant.id }} label="Verify now" pendingLabel="Verifying…" />
          <ConsentLinkPanel action={createConsentLinkAction} tenantId={tenant.id} />
        </div>
      )}
      <section className="my-6">
        <h2 className="mb-2 font-medium">Consent redirects received</h2>
        {events.length === 0 ? (
          <p className="text-sm text-slate-600">None yet.</p>
        ) : (
          <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th className="px-4 py-2 font-medium">When</th>
                <th className="px-4 py-2 font-medium">Outcome</th>
                <th className="px-4 py-2 font-medium">From</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={String(event.id)} className="border-t border-slate-100">
                  <td className="whitespace-nowrap px-4 py-2">
                    <Time value={event.at} />
                  </td>
                  <td className="px-4 py-2">
                    {CONSENT_EVENT_OUTCOMES[event.outcome] ?? event.outcome}
                    {event.flagged && <span className="ml-2 rounded bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800">Flagged</span>}
                  </td>
                  <td className="px-4 py-2 text-slate-600">{event.sourceAddress ?? "unknown address"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {admin && <OffboardForm action={offboardTenantAction} tenantId={tenant.id} displayName={tenant.displayName} />}
    </>
  );
}
