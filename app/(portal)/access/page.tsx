import type { Metadata } from "next";
import Link from "next/link";

import { AccessRuleForm } from "@/components/access/access-rule-form";
import { ActionButton } from "@/components/ui/action-button";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Row, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { requireStaff } from "@/lib/auth/session";
import { signedInStaff } from "@/lib/auth/staff-sessions";
import { listGroups } from "@/lib/scopes/groups";
import { DEFAULT_PRINCIPAL, findRule, listRules, type AccessRule } from "@/lib/scopes/rules";
import { listTenants } from "@/lib/tenants";

import { endSessionsAction, removeRuleAction, setRuleAction } from "./actions";
import { single, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Staff access" };

export default async function AccessPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const params = await searchParams;
  const [edit, saved, signedOut, sessions] = [single(params.edit), single(params.saved), single(params.signedOut), Number(single(params.sessions))];
  const [rules, groups, tenants, editing, signedIn] = await Promise.all([listRules(), listGroups(staff.scope), listTenants(staff.scope), edit ? findRule(edit) : null, signedInStaff()]);
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
      {signedOut && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          Signed out {signedOut}: {sessions === 1 ? "1 session" : `${sessions || "their"} sessions`} ended.
        </p>
      )}
      <Table className="mb-8" label="Access rules" columns={["Who", "Sees", ""]}>
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
      <h2 className="mb-2 text-lg font-semibold">Signed in</h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">
        Staff signed in now, with the role Entra last confirmed (checked every few minutes: a role removed or an account disabled in Entra
        signs them out). Signing someone out ends every session they have, wherever their browser is; they can sign in again while Entra
        lets them.
      </p>
      <Table className="mb-8" label="Signed-in staff" columns={["Who", "Role", "Last sign-in", ""]}>
        {signedIn.map((member) => (
          <Row key={member.key}>
            <Cell>
              <div className="font-medium">{member.name}</div>
              <div className="text-xs text-slate-500">{member.upn}</div>
            </Cell>
            <Cell className="capitalize">{member.role}</Cell>
            <Cell>
              <Time value={member.lastSignInAt} />
              {member.sessions > 1 && <div className="text-xs text-slate-500">{member.sessions} sessions</div>}
            </Cell>
            <Cell>
              <ActionButton action={endSessionsAction} fields={{ staffKey: member.key }} label={`Sign out ${member.name}`} pendingLabel="Signing out…" />
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
