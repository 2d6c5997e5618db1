import type { Metadata } from "next";
import Link from "next/link";

import { AccessRuleForm } from "@/components/access/access-rule-form";
import { ActionButton } from "@/components/ui/action-button";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Row, Table } from "@/components/ui/table";
import { requireStaff } from "@/lib/auth/session";
import { listGroups } from "@/lib/scopes/groups";
import { DEFAULT_PRINCIPAL, findRule, listRules, type AccessRule } from "@/lib/scopes/rules";
import { listTenants } from "@/lib/tenants";

import { removeRuleAction, setRuleAction } from "./actions";
import { single, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Staff access" };

export default async function AccessPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const params = await searchParams;
  const [edit, saved] = [single(params.edit), single(params.saved)];
  const [rules, groups, tenants, editing] = await Promise.all([listRules(), listGroups(staff.scope), listTenants(staff.scope), edit ? findRule(edit) : null]);
  const groupName = new Map(groups.map((group) => [group.id, group.name]));
  const tenantName = new Map(tenants.map((tenant) => [tenant.id, tenant.displayName]));
  const sees = (rule: AccessRule) => {
    if (rule.kind === "all") return "All tenants";
    const named = [...rule.groupIds.map((id) => groupName.get(id) && `group ${groupName.get(id)}`), ...rule.tenantIds.map((id) => tenantName.get(id))].filter(Boolean).join(", ");
    return rule.kind === "only" ? `Only ${named || "no tenant"}` : `All tenants but ${named || "none"}`;
  };
  return (
    <>
      <PageHeader title="Staff access">
        Which customers analysts and readers see, in every page, search and count. Admins see every tenant. A staff member gets every rule that
        names them or one of their Entra groups; one that no rule names gets Everyone else&apos;s. Changes apply at their next page.
      </PageHeader>
      {saved && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          Access saved.
        </p>
      )}
      <Table className="mb-8" columns={["Who", "Sees", ""]}>
          {rules.map((rule) => (
            <Row key={rule.id}>
              <Cell>
                <div className="font-medium">{rule.label}</div>
                <div className="text-xs text-slate-500">{kindOfPrincipal(rule.principal)}</div>
              </Cell>
              <Cell>{sees(rule)}</Cell>
              <Cell className="space-y-2">
                <Link href={`/access?edit=${rule.id}`} className="text-blue-700 underline">
                  Edit<span className="sr-only"> access of {rule.label}</span>
                </Link>
                {rule.principal !== DEFAULT_PRINCIPAL && <ActionButton action={removeRuleAction} fields={{ ruleId: rule.id }} label={`Remove ${rule.label}'s rule`} pendingLabel="Removing…" />}
              </Cell>
            </Row>
          ))}
        </Table>
      <AccessRuleForm
        key={editing?.id ?? "new"}
        action={setRuleAction}
        rule={editing}
        groups={groups.map((group) => ({ id: group.id, label: group.name }))}
        tenants={tenants.map((tenant) => ({ id: tenant.id, label: tenant.displayName }))}
      />
    </>
  );
}

function kindOfPrincipal(principal: string): string {
  if (principal === DEFAULT_PRINCIPAL) return "Staff no other rule names";
  return principal.startsWith("group:") ? `Entra group ${principal.slice("group:".length)}` : "Staff member";
}
