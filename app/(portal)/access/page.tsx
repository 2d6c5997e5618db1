import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

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

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("StaffAccess"))("title") };
}

// Names of customers, groups and people are theirs: browser translators leave them alone.
const data = (chunks: ReactNode) => <span translate="no">{chunks}</span>;

export default async function AccessPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("admin");
  const params = await searchParams;
  const [edit, saved, signedOut, sessions] = [single(params.edit), single(params.saved), single(params.signedOut), Number(single(params.sessions))];
  const [rules, groups, tenants, editing, signedIn] = await Promise.all([listRules(), listGroups(staff.scope), listTenants(staff.scope), edit ? findRule(edit) : null, signedInStaff()]);
  const [t, common] = await Promise.all([getTranslations("StaffAccess"), getTranslations("Common")]);
  const groupName = new Map(groups.map((group) => [group.id, group.name]));
  const tenantName = new Map(tenants.map((tenant) => [tenant.id, tenant.displayName]));
  const labelOf = (rule: AccessRule) => (rule.principal === DEFAULT_PRINCIPAL ? t("everyoneElse") : rule.label);
  const sees = (rule: AccessRule) => {
    if (rule.kind === "all") return t("sees.all");
    const named = [
      ...rule.groupIds.filter((id) => groupName.has(id)).map((id) => t.rich("groupNamed", { name: groupName.get(id)!, data })),
      ...rule.tenantIds.filter((id) => tenantName.has(id)).map((id) => data(tenantName.get(id))),
    ];
    if (named.length === 0) return t(rule.kind === "only" ? "sees.onlyNone" : "sees.allButNone");
    const names = () => named.map((name, index) => <span key={index}>{index > 0 && ", "}{name}</span>);
    return t.rich(rule.kind === "only" ? "sees.only" : "sees.allBut", { names });
  };
  const kindOfPrincipal = (principal: string): ReactNode => {
    if (principal === DEFAULT_PRINCIPAL) return t("principal.default");
    return principal.startsWith("group:") ? t.rich("principal.group", { id: principal.slice("group:".length), data }) : t("principal.user");
  };
  return (
    <>
      <PageHeader title={t("title")}>{t("intro")}</PageHeader>
      {saved && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          {t("saved")}
        </p>
      )}
      {signedOut && (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          {t.rich("signedOut", { name: signedOut, sessions: sessions || 0, data })}
        </p>
      )}
      <Table className="mb-8" label={t("rulesLabel")} columns={[t("columns.who"), t("columns.sees"), ""]}>
          {rules.map((rule) => (
            <Row key={rule.id}>
              <Cell>
                <div className="font-medium" translate={rule.principal === DEFAULT_PRINCIPAL ? undefined : "no"}>
                  {labelOf(rule)}
                </div>
                <div className="text-xs text-slate-500">{kindOfPrincipal(rule.principal)}</div>
              </Cell>
              <Cell>{sees(rule)}</Cell>
              <Cell className="space-y-2">
                <Link href={`/access?edit=${rule.id}`} className="text-blue-700 underline">
                  {t.rich("edit", { name: labelOf(rule), sr: (chunks) => <span className="sr-only">{chunks}</span> })}
                </Link>
                {rule.principal !== DEFAULT_PRINCIPAL && <ActionButton action={removeRuleAction} fields={{ ruleId: rule.id }} label={t.rich("remove", { name: rule.label, data })} pendingLabel={t("removing")} />}
              </Cell>
            </Row>
          ))}
        </Table>
      <h2 className="mb-2 text-lg font-semibold">{t("signedInTitle")}</h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">{t("signedInIntro")}</p>
      <Table className="mb-8" label={t("signedInLabel")} columns={[t("columns.who"), t("columns.role"), t("columns.lastSignIn"), ""]}>
        {signedIn.map((member) => (
          <Row key={member.key}>
            <Cell>
              <div className="font-medium" translate="no">
                {member.name}
              </div>
              <div className="text-xs text-slate-500" translate="no">
                {member.upn}
              </div>
            </Cell>
            {/* The role as a word ("analyst"), capitalized for the eye only. */}
            <Cell className="capitalize">{common(`role.${member.role}`).toLowerCase()}</Cell>
            <Cell>
              <Time value={member.lastSignInAt} />
              {member.sessions > 1 && <div className="text-xs text-slate-500">{t("sessions", { count: member.sessions })}</div>}
            </Cell>
            <Cell>
              <ActionButton action={endSessionsAction} fields={{ staffKey: member.key }} label={t.rich("signOut", { name: member.name, data })} pendingLabel={t("signingOut")} />
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
