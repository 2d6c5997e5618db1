import { useTranslations } from "next-intl";

/** A scrollable list of checkboxes sending `name` once per ticked item; the items are data (tenants, groups), left untranslated. */
export function CheckboxList({ legend, name, items, checked }: { legend: string; name: string; items: { id: string; label: string }[]; checked: readonly string[] }) {
  const t = useTranslations("Ui");
  return (
    <fieldset className="text-sm">
      <legend className="mb-1 font-medium">{legend}</legend>
      {items.length === 0 ? (
        <p className="text-slate-500">{t("noneYet")}</p>
      ) : (
        <div className="max-h-72 overflow-y-auto rounded-md border border-slate-200 p-2">
          {items.map((item) => (
            <label key={item.id} className="flex items-center gap-2 py-0.5">
              <input type="checkbox" name={name} value={item.id} defaultChecked={checked.includes(item.id)} />
              <span translate="no">{item.label}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
