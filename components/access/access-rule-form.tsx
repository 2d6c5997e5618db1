import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { ActionForm } from "@/components/ui/action-form";
import { CheckboxList } from "@/components/ui/checkbox-list";
import type { Action } from "@/lib/auth/actions";
import type { AccessRule } from "@/lib/db/generated/client";
import { ACCESS_KINDS, DEFAULT_PRINCIPAL } from "@/lib/scopes/rules";

type Item = { id: string; label: string };

/** Gives a staff member or an Entra group access, or changes an existing rule (whose "who" stays). */
export function AccessRuleForm({ action, rule, groups, tenants }: { action: Action; rule: AccessRule | null; groups: Item[]; tenants: Item[] }) {
  const t = useTranslations("StaffAccess");
  const isDefault = rule?.principal === DEFAULT_PRINCIPAL;
  // A staff member's or group's name is theirs; "Everyone else" is ours, in the viewer's language.
  const data = (chunks: ReactNode) => <span translate={isDefault ? undefined : "no"}>{chunks}</span>;
  const [who, value] = rule ? (rule.principal.includes(":") ? (rule.principal.split(":") as [string, string]) : [rule.principal, ""]) : ["user", ""];
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-medium">{rule ? t.rich("form.changeTitle", { name: isDefault ? t("everyoneElse") : rule.label, data }) : t("form.giveTitle")}</h2>
      <ActionForm action={action} label={rule ? t("form.save") : t("form.give")} pendingLabel={t("form.saving")}>
        {rule ? (
          <>
            <input type="hidden" name="who" value={who} />
            {who === "user" && <input type="hidden" name="upn" value={value} />}
            {who === "group" && (
              <>
                <input type="hidden" name="groupId" value={value} />
                <input type="hidden" name="label" value={rule.label} />
              </>
            )}
          </>
        ) : (
          <fieldset className="grid gap-2 text-sm">
            <legend className="mb-1 font-medium">{t("form.who")}</legend>
            <div className="flex flex-wrap items-end gap-3">
              <label className="flex items-center gap-2 self-center">
                <input type="radio" name="who" value="user" defaultChecked />
                {t("form.staffMember")}
              </label>
              <label className="grid gap-1">
                {t("form.upn")}
                <input name="upn" placeholder="sam@partner.example" translate="no" className="rounded-md border border-slate-300 px-3 py-1.5" />
              </label>
            </div>
            <div className="flex flex-wrap items-end gap-3">
              <label className="flex items-center gap-2 self-center">
                <input type="radio" name="who" value="group" />
                {t("form.entraGroup")}
              </label>
              <label className="grid gap-1">
                {t("form.groupId")}
                <input name="groupId" placeholder="00000000-0000-0000-0000-000000000000" className="w-80 rounded-md border border-slate-300 px-3 py-1.5" />
              </label>
              <label className="grid gap-1">
                {t("form.groupName")}
                <input name="label" placeholder={t("form.groupNamePlaceholder")} className="rounded-md border border-slate-300 px-3 py-1.5" />
              </label>
            </div>
          </fieldset>
        )}
        <fieldset className="grid gap-1 text-sm">
          <legend className="mb-1 font-medium">{t("form.sees")}</legend>
          {ACCESS_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input type="radio" name="kind" value={kind} defaultChecked={(rule?.kind ?? "only") === kind} />
              {t(`form.kind.${kind}`)}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <CheckboxList legend={t("form.tenantGroups")} name="groupIds" items={groups} checked={rule?.groupIds ?? []} />
          <CheckboxList legend={t("form.tenants")} name="tenantIds" items={tenants} checked={rule?.tenantIds ?? []} />
        </div>
      </ActionForm>
    </section>
  );
}
