import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { AlertRuleForm } from "@/components/alerts/alert-rule-form";
import { ActionButton } from "@/components/ui/action-button";
import { ActionForm } from "@/components/ui/action-form";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Row, Table } from "@/components/ui/table";
import { findAlertRule, listAlertRules, type AlertRule } from "@/lib/alerts/rules";
import { listTargets } from "@/lib/alerts/targets";
import { requireStaff } from "@/lib/auth/session";
import { listGroups } from "@/lib/scopes/groups";
import { listTenants } from "@/lib/tenants";

import { addTargetAction, deleteTargetAction, removeAlertRuleAction, saveRuleAction, sendTestAction } from "./actions";
import { single, type SearchParams } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("AlertRules"))("title") };
}

const CHANNELS = ["webhook", "teams", "email"] as const;

// Names of customers, groups, rules and targets are data: browser translators leave them alone.
const data = (chunks: ReactNode) => <span translate="no">{chunks}</span>;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const params = await searchParams;
  const [edit, saved] = [single(params.edit), single(params.saved)];
  const [rules, targets, groups, tenants, editing] = await Promise.all([listAlertRules(), listTargets(), listGroups(staff.scope), listTenants(staff.scope), edit ? findAlertRule(edit) : null]);
  const [t, targetsT, labels, common] = await Promise.all([getTranslations("AlertRules"), getTranslations("AlertTargets"), getTranslations("Labels"), getTranslations("Common")]);
  const names = new Map<string, ReactNode>([
    ...groups.map((group) => [group.id, t.rich("groupNamed", { name: group.name, data })] as const),
    ...tenants.map((tenant) => [tenant.id, data(tenant.displayName)] as const),
    ...targets.map((target) => [target.id, data(target.name)] as const),
  ]);
  const listed = (ids: string[]) => {
    const named = ids.filter((id) => names.has(id));
    return named.length === 0 ? null : named.map((id, index) => <span key={id}>{index > 0 && ", "}{names.get(id)}</span>);
  };
  const forTenants = (rule: AlertRule) => {
    if (rule.tenants === "all") return t("tenants.all");
    const named = listed([...rule.groupIds, ...rule.tenantIds]);
    if (rule.tenants === "only" && !named) return t("tenants.onlyNone");
    return t.rich(rule.tenants === "only" ? "tenants.only" : "tenants.allBut", { names: () => named });
  };
  return (
    <>
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      {saved && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          {t("saved")}
        </p>
      )}
      <h2 className="mb-2 text-lg font-medium">{t("rules")}</h2>
      {rules.length === 0 ? (
        <p className="mb-6 text-sm text-slate-600">{t("noRules")}</p>
      ) : (
        <Table className="mb-6" label={t("rules")} columns={[t("columns.rule"), t("columns.when"), t("columns.for"), t("columns.sendsTo"), ""]}>
            {rules.map((rule) => (
              <Row key={rule.id}>
                <Cell className="font-medium">{data(rule.name)}</Cell>
                <Cell>
                  {t(`trigger.${rule.trigger}`)}
                  {rule.minSeverity && t("atLeast", { severity: labels(`severity.${rule.minSeverity}`).toLowerCase() })}
                  {rule.afterMinutes !== null && t("forMinutes", { minutes: rule.afterMinutes })}
                </Cell>
                <Cell>{forTenants(rule)}</Cell>
                <Cell>
                  {listed(rule.targetIds) ?? common("none")}
                  <div className="text-xs text-slate-500">{t("language", { locale: rule.locale })}</div>
                </Cell>
                <Cell className="space-y-1">
                  <Link href={`/alerts/rules/${rule.id}`} className="block text-blue-700 underline">
                    {t.rich("deliveries", { name: rule.name, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
                  </Link>
                  <Link href={`/alerts?edit=${rule.id}`} className="block text-blue-700 underline">
                    {t.rich("edit", { name: rule.name, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
                  </Link>
                  <ActionButton action={removeAlertRuleAction} fields={{ ruleId: rule.id }} label={t.rich("remove", { name: rule.name, data })} pendingLabel={t("removing")} />
                </Cell>
              </Row>
            ))}
          </Table>
      )}
      <h2 className="mb-2 text-lg font-medium">{targetsT("title")}</h2>
      {targets.length > 0 && (
        <Table className="mb-4" label={targetsT("title")} columns={[targetsT("columns.target"), targetsT("columns.where"), ""]}>
            {targets.map((target) => (
              <Row key={target.id}>
                <Cell className="font-medium">{data(target.name)}</Cell>
                <Cell>
                  {targetsT(`channel.${target.channel}`)}
                  <div className="break-all font-mono text-xs text-slate-600" translate="no">
                    {target.address}
                  </div>
                </Cell>
                <Cell className="space-y-2">
                  <ActionButton action={sendTestAction} fields={{ targetId: target.id }} label={targetsT.rich("sendTest", { name: target.name, data })} pendingLabel={targetsT("sending")} />
                  <ActionButton action={deleteTargetAction} fields={{ targetId: target.id }} label={targetsT.rich("delete", { name: target.name, data })} pendingLabel={targetsT("deleting")} />
                </Cell>
              </Row>
            ))}
          </Table>
      )}
      <section className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h3 className="mb-3 font-medium">{targetsT("addTitle")}</h3>
        <ActionForm action={addTargetAction} label={targetsT("add")} pendingLabel={targetsT("checking")}>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="grid gap-1">
              {targetsT("name")}
              <input name="name" required maxLength={80} placeholder={targetsT("namePlaceholder")} className="rounded-md border border-slate-300 px-3 py-1.5" />
            </label>
            <label className="grid gap-1">
              {targetsT("kind")}
              <select name="channel" defaultValue="webhook" className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
                {CHANNELS.map((channel) => (
                  <option key={channel} value={channel}>
                    {targetsT(`channel.${channel}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="grid min-w-80 flex-1 gap-1">
              {targetsT("address")}
              <input name="address" required maxLength={2000} placeholder="https://hooks.example.com/portal" className="rounded-md border border-slate-300 px-3 py-1.5" />
            </label>
          </div>
        </ActionForm>
      </section>
      <AlertRuleForm
        key={editing?.id ?? "new"}
        action={saveRuleAction}
        rule={editing}
        groups={groups.map((group) => ({ id: group.id, label: group.name }))}
        tenants={tenants.map((tenant) => ({ id: tenant.id, label: tenant.displayName }))}
        targets={targets.map((target) => ({ id: target.id, label: target.name }))}
      />
    </>
  );
}
