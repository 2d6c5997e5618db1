import { ActionForm } from "@/components/ui/action-form";
import { CheckboxList } from "@/components/ui/checkbox-list";
import type { Action } from "@/lib/auth/actions";
import type { AccessRule } from "@/lib/db/generated/client";

type Item = { id: string; label: string };

const KINDS = [
  { value: "all", label: "All tenants" },
  { value: "only", label: "Only the groups and tenants ticked below" },
  { value: "allBut", label: "All tenants but the groups and tenants ticked below" },
] as const;

/** Gives a staff member or an Entra group access, or changes an existing rule (whose "who" stays). */
export function AccessRuleForm({ action, rule, groups, tenants }: { action: Action; rule: AccessRule | null; groups: Item[]; tenants: Item[] }) {
  const [who, value] = rule ? (rule.principal.includes(":") ? (rule.principal.split(":") as [string, string]) : [rule.principal, ""]) : ["user", ""];
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-medium">{rule ? `Change what ${rule.label} sees` : "Give access"}</h2>
      <ActionForm action={action} label={rule ? "Save access" : "Give access"} pendingLabel="Saving…">
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
            <legend className="mb-1 font-medium">Who</legend>
            <div className="flex flex-wrap items-end gap-3">
              <label className="flex items-center gap-2 self-center">
                <input type="radio" name="who" value="user" defaultChecked />
                Staff member
              </label>
              <label className="grid gap-1">
                Sign-in name
                <input name="upn" placeholder="sam@partner.example" className="rounded-md border border-slate-300 px-3 py-1.5" />
              </label>
            </div>
            <div className="flex flex-wrap items-end gap-3">
              <label className="flex items-center gap-2 self-center">
                <input type="radio" name="who" value="group" />
                Entra group
              </label>
              <label className="grid gap-1">
                Entra group object id
                <input name="groupId" placeholder="00000000-0000-0000-0000-000000000000" className="w-80 rounded-md border border-slate-300 px-3 py-1.5" />
              </label>
              <label className="grid gap-1">
                Entra group name
                <input name="label" placeholder="SOC Region NL" className="rounded-md border border-slate-300 px-3 py-1.5" />
              </label>
            </div>
          </fieldset>
        )}
        <fieldset className="grid gap-1 text-sm">
          <legend className="mb-1 font-medium">Sees</legend>
          {KINDS.map((kind) => (
            <label key={kind.value} className="flex items-center gap-2">
              <input type="radio" name="kind" value={kind.value} defaultChecked={(rule?.kind ?? "only") === kind.value} />
              {kind.label}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <CheckboxList legend="Tenant groups" name="groupIds" items={groups} checked={rule?.groupIds ?? []} />
          <CheckboxList legend="Tenants" name="tenantIds" items={tenants} checked={rule?.tenantIds ?? []} />
        </div>
      </ActionForm>
    </section>
  );
}
