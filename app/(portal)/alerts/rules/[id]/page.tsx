import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { Time } from "@/components/ui/time";
import { Cell, Row, Table } from "@/components/ui/table";
import { deliveryLog, findAlertRule } from "@/lib/alerts/rules";
import { listTargets } from "@/lib/alerts/targets";
import { requireStaff } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("AlertDeliveries"))("title") };
}

// Rule, target, tenant and incident names are data: browser translators leave them alone.
const data = (chunks: ReactNode) => <span translate="no">{chunks}</span>;

// The answers are recorded in the rule's language, as its notifications are written.
export default async function AlertDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("admin");
  const rule = await findAlertRule((await params).id);
  if (!rule) notFound();
  const [deliveries, targets] = await Promise.all([deliveryLog(rule.id), listTargets()]);
  const [t, common] = await Promise.all([getTranslations("AlertDeliveries"), getTranslations("Common")]);
  const targetName = new Map(targets.map((target) => [target.id, target.name]));
  return (
    <>
      <Link href="/alerts" className="text-sm text-blue-700 underline">
        {t("back")}
      </Link>
      <h1 className="mb-4 mt-2 text-2xl font-semibold">{t.rich("heading", { name: rule.name, data })}</h1>
      {deliveries.length === 0 ? (
        <p className="text-slate-600">{t("nothing")}</p>
      ) : (
        <Table label={t("title")} columns={[t("columns.event"), t("columns.target"), t("columns.status"), t("columns.answer")]}>
            {deliveries.map((delivery) => {
              const details = delivery.event.details as { tenant?: string; title?: string };
              const target = targetName.get(delivery.targetId);
              return (
                <Row key={String(delivery.id)}>
                  <Cell>
                    <Time value={delivery.event.at} />
                    <div dir="auto">
                      {data(details.tenant)}: {details.title ? data(details.title) : t("about", { trigger: delivery.event.trigger })}
                    </div>
                  </Cell>
                  <Cell>{target ? data(target) : t("deletedTarget")}</Cell>
                  <Cell>
                    {t(delivery.status === "sent" ? "status.sent" : delivery.status === "failed" ? "status.failed" : delivery.attempts === 0 ? "status.waiting" : "status.retrying")}
                    <div className="text-xs text-slate-600">
                      {t("attempts", { count: delivery.attempts })}
                      {delivery.status === "pending" && delivery.attempts > 0 && t.rich("next", { time: () => <Time value={delivery.nextAttemptAt} /> })}
                    </div>
                  </Cell>
                  <Cell className="max-w-md break-words">{delivery.answer ?? common("none")}</Cell>
                </Row>
              );
            })}
          </Table>
      )}
    </>
  );
}
