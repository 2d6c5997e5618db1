import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { Time } from "@/components/ui/time";
import { deliveryLog, findAlertRule } from "@/lib/alerts/rules";
import { listTargets } from "@/lib/alerts/targets";
import { requireStaff } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Alert deliveries" };

export default async function AlertDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("admin");
  const rule = await findAlertRule((await params).id);
  if (!rule) notFound();
  const [deliveries, targets] = await Promise.all([deliveryLog(rule.id), listTargets()]);
  const targetName = new Map(targets.map((target) => [target.id, target.name]));
  return (
    <>
      <Link href="/alerts" className="text-sm text-blue-700 underline">
        ← Alerts
      </Link>
      <h1 className="mb-4 mt-2 text-2xl font-semibold">Deliveries of {rule.name}</h1>
      {deliveries.length === 0 ? (
        <p className="text-slate-600">Nothing matched this rule yet.</p>
      ) : (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th className="px-4 py-2 font-medium">Event</th>
              <th className="px-4 py-2 font-medium">Target</th>
              <th className="px-4 py-2 font-medium">Status</th>
              <th className="px-4 py-2 font-medium">The target&apos;s answer</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => {
              const details = delivery.event.details as { tenant?: string; title?: string };
              return (
                <tr key={String(delivery.id)} className="border-t border-slate-100 align-top">
                  <td className="px-4 py-2">
                    <Time value={delivery.event.at} />
                    <div dir="auto">
                      {details.tenant}: {details.title ?? "consent lost"}
                    </div>
                  </td>
                  <td className="px-4 py-2">{targetName.get(delivery.targetId) ?? "deleted target"}</td>
                  <td className="px-4 py-2">
                    {delivery.status === "sent" ? "Sent" : delivery.status === "failed" ? "Failed" : delivery.attempts === 0 ? "Waiting" : "Retrying"}
                    <div className="text-xs text-slate-600">
                      {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                      {delivery.status === "pending" && delivery.attempts > 0 && (
                        <>
                          , next <Time value={delivery.nextAttemptAt} />
                        </>
                      )}
                    </div>
                  </td>
                  <td className="max-w-md break-words px-4 py-2">{delivery.answer ?? "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
