import type { Metadata } from "next";
import Link from "next/link";

import { AlertRuleForm, TRIGGER_LABEL } from "@/components/alerts/alert-rule-form";
import { ActionButton } from "@/components/ui/action-button";
import { ActionForm } from "@/components/ui/action-form";
import { PageHeader } from "@/components/ui/page-header";
import { SEVERITY_LABEL } from "@/components/incidents/labels";
import { Cell, Row, Table } from "@/components/ui/table";
import { findAlertRule, listAlertRules, type AlertRule } from "@/lib/alerts/rules";
import { listTargets } from "@/lib/alerts/targets";
import { requireStaff } from "@/lib/auth/session";
import { listGroups } from "@/lib/scopes/groups";
import { listTenants } from "@/lib/tenants";

import { addTargetAction, deleteTargetAction, removeAlertRuleAction, saveRuleAction, sendTestAction } from "./actions";
import { single, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Alerts" };

const CHANNEL_LABEL = { webhook: "Webhook (signed JSON)", teams: "Microsoft Teams channel", email: "Email" } as const;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const params = await searchParams;
  const [edit, saved] = [single(params.edit), single(params.saved)];
  const [rules, targets, groups, tenants, editing] = await Promise.all([listAlertRules(), listTargets(), listGroups(staff.scope), listTenants(staff.scope), edit ? findAlertRule(edit) : null]);
  const names = new Map<string, string>([...groups.map((group) => [group.id, `group ${group.name}`] as const), ...tenants.map((tenant) => [tenant.id, tenant.displayName] as const), ...targets.map((target) => [target.id, target.name] as const)]);
  const listed = (ids: string[]) => ids.map((id) => names.get(id)).filter(Boolean).join(", ");
  const forTenants = (rule: AlertRule) =>
    rule.tenants === "all" ? "Every tenant" : rule.tenants === "only" ? `Only ${listed([...rule.groupIds, ...rule.tenantIds]) || "no tenant"}` : `Every tenant but ${listed([...rule.groupIds, ...rule.tenantIds])}`;
  return (
    <>
      <PageHeader title="Alerts">Who hears about what: a rule sends each matching event once to each of its targets, retrying until the target answers.</PageHeader>
      {saved && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          Rule saved.
        </p>
      )}
      <h2 className="mb-2 text-lg font-medium">Rules</h2>
      {rules.length === 0 ? (
        <p className="mb-6 text-sm text-slate-600">No rules yet: add targets, then a rule below.</p>
      ) : (
        <Table className="mb-6" columns={["Rule", "When", "For", "Sends to", ""]}>
            {rules.map((rule) => (
              <Row key={rule.id}>
                <Cell className="font-medium">{rule.name}</Cell>
                <Cell>
                  {TRIGGER_LABEL[rule.trigger]}
                  {rule.minSeverity && `, ${SEVERITY_LABEL[rule.minSeverity].toLowerCase()} or more severe`}
                  {rule.afterMinutes !== null && ` for ${rule.afterMinutes} minutes`}
                </Cell>
                <Cell>{forTenants(rule)}</Cell>
                <Cell>{listed(rule.targetIds) || "—"}</Cell>
                <Cell className="space-y-1">
                  <Link href={`/alerts/rules/${rule.id}`} className="block text-blue-700 underline">
                    Deliveries<span className="sr-only"> of {rule.name}</span>
                  </Link>
                  <Link href={`/alerts?edit=${rule.id}`} className="block text-blue-700 underline">
                    Edit<span className="sr-only"> {rule.name}</span>
                  </Link>
                  <ActionButton action={removeAlertRuleAction} fields={{ ruleId: rule.id }} label={`Remove ${rule.name}`} pendingLabel="Removing…" />
                </Cell>
              </Row>
            ))}
          </Table>
      )}
      <h2 className="mb-2 text-lg font-medium">Targets</h2>
      {targets.length > 0 && (
        <Table className="mb-4" columns={["Target", "Where", ""]}>
            {targets.map((target) => (
              <Row key={target.id}>
                <Cell className="font-medium">{target.name}</Cell>
                <Cell>
                  {CHANNEL_LABEL[target.channel]}
                  <div className="break-all font-mono text-xs text-slate-600">{target.address}</div>
                </Cell>
                <Cell className="space-y-2">
                  <ActionButton action={sendTestAction} fields={{ targetId: target.id }} label={`Send test to ${target.name}`} pendingLabel="Sending…" />
                  <ActionButton action={deleteTargetAction} fields={{ targetId: target.id }} label={`Delete ${target.name}`} pendingLabel="Deleting…" />
                </Cell>
              </Row>
            ))}
          </Table>
      )}
      <section className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h3 className="mb-3 font-medium">Add a target</h3>
        <ActionForm action={addTargetAction} label="Add target" pendingLabel="Checking…">
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="grid gap-1">
              Target name
              <input name="name" required maxLength={80} placeholder="SOC channel" className="rounded-md border border-slate-300 px-3 py-1.5" />
            </label>
            <label className="grid gap-1">
              Kind
              <select name="channel" defaultValue="webhook" className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
                {Object.entries(CHANNEL_LABEL).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label className="grid min-w-80 flex-1 gap-1">
              Address (https:// URL, or email address)
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
