import { useLocale, useTranslations } from "next-intl";

import { ActionForm } from "@/components/ui/action-form";
import { CheckboxList } from "@/components/ui/checkbox-list";
import { ALERT_TRIGGERS } from "@/lib/alerts/rules";
import type { Action } from "@/lib/auth/actions";
import type { AlertRule } from "@/lib/db/generated/client";
import { LOCALES } from "@/lib/i18n/locales";
import { SEVERITIES } from "@/lib/incidents/model";
import { ACCESS_KINDS } from "@/lib/scopes/rules";

type Item = { id: string; label: string };

/** Creates an alert rule, or changes one; a new rule's notifications are in the admin's own language unless they choose another. */
export function AlertRuleForm({ action, rule, groups, tenants, targets }: { action: Action; rule: AlertRule | null; groups: Item[]; tenants: Item[]; targets: Item[] }) {
  const t = useTranslations("AlertRules");
  const labels = useTranslations("Labels");
  const locale = useLocale();
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-medium">{rule ? t.rich("form.changeTitle", { name: rule.name, data: (chunks) => <span translate="no">{chunks}</span> }) : t("form.addTitle")}</h2>
      <ActionForm action={action} label={rule ? t("form.save") : t("form.add")} pendingLabel={t("form.saving")}>
        {rule && <input type="hidden" name="ruleId" value={rule.id} />}
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="grid gap-1">
            {t("form.name")}
            <input name="name" required maxLength={80} defaultValue={rule?.name} placeholder={t("form.namePlaceholder")} className="rounded-md border border-slate-300 px-3 py-1.5" />
          </label>
          <label className="grid gap-1">
            {t("form.when")}
            <select name="trigger" defaultValue={rule?.trigger ?? "newIncident"} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
              {ALERT_TRIGGERS.map((trigger) => (
                <option key={trigger} value={trigger}>
                  {t(`trigger.${trigger}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1">
            {t("form.minSeverity")}
            <select name="minSeverity" defaultValue={rule?.minSeverity ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
              <option value="">{t("form.anySeverity")}</option>
              {SEVERITIES.filter((severity) => severity !== "unknown").map((severity) => (
                <option key={severity} value={severity}>
                  {labels(`severity.${severity}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1">
            {t("form.afterMinutes")}
            <input name="afterMinutes" type="number" min={1} max={10_080} defaultValue={rule?.afterMinutes ?? 30} className="w-32 rounded-md border border-slate-300 px-3 py-1.5" />
          </label>
          <label className="grid gap-1">
            {t("form.locale")}
            <select name="locale" defaultValue={rule?.locale ?? locale} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
              {LOCALES.map((option) => (
                <option key={option} value={option}>
                  {t("form.localeName", { locale: option })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="grid gap-1 text-sm">
          <legend className="mb-1 font-medium">{t("form.forTenants")}</legend>
          {ACCESS_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input type="radio" name="tenants" value={kind} defaultChecked={(rule?.tenants ?? "all") === kind} />
              {t(`form.tenantKind.${kind}`)}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <CheckboxList legend={t("form.tenantGroups")} name="groupIds" items={groups} checked={rule?.groupIds ?? []} />
          <CheckboxList legend={t("form.tenants")} name="tenantIds" items={tenants} checked={rule?.tenantIds ?? []} />
          <CheckboxList legend={t("form.sendTo")} name="targetIds" items={targets} checked={rule?.targetIds ?? []} />
        </div>
      </ActionForm>
    </section>
  );
}
