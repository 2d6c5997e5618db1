import { ActionForm } from "@/components/ui/action-form";
import { CheckboxList } from "@/components/ui/checkbox-list";
import { SEVERITY_LABEL } from "@/components/incidents/labels";
import type { Action } from "@/lib/auth/actions";
import type { AlertRule } from "@/lib/db/generated/client";
import { SEVERITIES } from "@/lib/incidents/model";

type Item = { id: string; label: string };

export const TRIGGER_LABEL = {
  newIncident: "A new incident",
  incidentReopened: "A resolved incident reopened",
  consentLost: "A customer removed the portal's access (consent lost)",
  syncFailing: "A tenant's sync failing",
  writeAccessMissing: "A customer granted read access only (write access missing)",
} as const;

const TENANT_KINDS = [
  { value: "all", label: "Every tenant, new ones included" },
  { value: "only", label: "Only the groups and tenants ticked below" },
  { value: "allBut", label: "Every tenant but the groups and tenants ticked below" },
] as const;

/** Creates an alert rule, or changes one. */
export function AlertRuleForm({ action, rule, groups, tenants, targets }: { action: Action; rule: AlertRule | null; groups: Item[]; tenants: Item[]; targets: Item[] }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-medium">{rule ? `Change ${rule.name}` : "Add a rule"}</h2>
      <ActionForm action={action} label={rule ? "Save rule" : "Add rule"} pendingLabel="Saving…">
        {rule && <input type="hidden" name="ruleId" value={rule.id} />}
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="grid gap-1">
            Name
            <input name="name" required maxLength={80} defaultValue={rule?.name} placeholder="High severity in Region NL" className="rounded-md border border-slate-300 px-3 py-1.5" />
          </label>
          <label className="grid gap-1">
            When
            <select name="trigger" defaultValue={rule?.trigger ?? "newIncident"} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
              {Object.entries(TRIGGER_LABEL).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1">
            New or reopened incidents of at least
            <select name="minSeverity" defaultValue={rule?.minSeverity ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
              <option value="">Any severity</option>
              {SEVERITIES.filter((severity) => severity !== "unknown").map((severity) => (
                <option key={severity} value={severity}>
                  {SEVERITY_LABEL[severity]}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1">
            Sync failing for (minutes)
            <input name="afterMinutes" type="number" min={1} max={10_080} defaultValue={rule?.afterMinutes ?? 30} className="w-32 rounded-md border border-slate-300 px-3 py-1.5" />
          </label>
        </div>
        <fieldset className="grid gap-1 text-sm">
          <legend className="mb-1 font-medium">For tenants</legend>
          {TENANT_KINDS.map((kind) => (
            <label key={kind.value} className="flex items-center gap-2">
              <input type="radio" name="tenants" value={kind.value} defaultChecked={(rule?.tenants ?? "all") === kind.value} />
              {kind.label}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <CheckboxList legend="Tenant groups" name="groupIds" items={groups} checked={rule?.groupIds ?? []} />
          <CheckboxList legend="Tenants" name="tenantIds" items={tenants} checked={rule?.tenantIds ?? []} />
          <CheckboxList legend="Send to" name="targetIds" items={targets} checked={rule?.targetIds ?? []} />
        </div>
      </ActionForm>
    </section>
  );
}
