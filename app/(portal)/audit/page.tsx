import type { Metadata } from "next";

import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEvents } from "@/lib/audit";
import { requireStaff } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

const ACTION_LABEL: Record<string, string> = {
  "staff.signed_in": "Signed in",
  "staff.sign_in_refused": "Sign-in refused",
};

export default async function AuditPage() {
  await requireStaff("admin");
  const events = await listAuditEvents({ take: 200 });
  return (
    <>
      <PageHeader title="Audit log">Who did what, and when. Newest first.</PageHeader>
      {events.length === 0 ? (
        <EmptyState title="Nothing recorded yet">Sign-ins, onboarding and consent events are recorded here.</EmptyState>
      ) : (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th className="px-4 py-2 font-medium">When</th>
              <th className="px-4 py-2 font-medium">Who</th>
              <th className="px-4 py-2 font-medium">What</th>
              <th className="px-4 py-2 font-medium">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-4 py-2">
                  <time dateTime={event.at.toISOString()}>{event.at.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
                </td>
                <td className="px-4 py-2">{event.actor}</td>
                <td className="px-4 py-2">{ACTION_LABEL[event.action] ?? event.action}</td>
                <td className="px-4 py-2 font-mono text-xs text-slate-600">{JSON.stringify(event.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
