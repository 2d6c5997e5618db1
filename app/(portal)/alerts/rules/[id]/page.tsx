import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { Time } from "@/components/ui/time";
import { Cell, Row, Table } from "@/components/ui/table";
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
        <Table columns={["Event", "Target", "Status", "The target's answer"]}>
            {deliveries.map((delivery) => {
              const details = delivery.event.details as { tenant?: string; title?: string };
              return (
                <Row key={String(delivery.id)}>
                  <Cell>
                    <Time value={delivery.event.at} />
                    <div dir="auto">
                      {details.tenant}: {details.title ?? "consent lost"}
                    </div>
                  </Cell>
                  <Cell>{targetName.get(delivery.targetId) ?? "deleted target"}</Cell>
                  <Cell>
                    {delivery.status === "sent" ? "Sent" : delivery.status === "failed" ? "Failed" : delivery.attempts === 0 ? "Waiting" : "Retrying"}
                    <div className="text-xs text-slate-600">
                      {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                      {delivery.status === "pending" && delivery.attempts > 0 && (
                        <>
                          , next <Time value={delivery.nextAttemptAt} />
                        </>
                      )}
                    </div>
                  </Cell>
                  <Cell className="max-w-md break-words">{delivery.answer ?? "—"}</Cell>
                </Row>
              );
            })}
          </Table>
      )}
    </>
  );
}
