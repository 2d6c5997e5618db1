import Link from "next/link";
import { useTranslations } from "next-intl";

import { ActionButton } from "@/components/ui/action-button";
import { ActionForm } from "@/components/ui/action-form";
import type { Action } from "@/lib/auth/actions";
import type { SavedView } from "@/lib/incidents/views";

/**
 * The staff member's saved views and their colleagues' shared ones, each a link to the queue with
 * its filters; the current filters can be saved under a name, shared, and made the queue's default.
 */
export function SavedViews({ views, current, actions }: { views: SavedView[]; current: string; actions: { save: Action; remove: Action; setDefault: Action } }) {
  const t = useTranslations("SavedViews");
  return (
    <section aria-labelledby="saved-views" className="mb-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <h2 id="saved-views" className="mb-2 font-semibold">
        {t("title")}
      </h2>
      {views.length === 0 ? (
        <p className="text-slate-600">{t("none")}</p>
      ) : (
        <ul className="space-y-1">
          {views.map((view) => (
            <li key={view.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <Link href={`/incidents?${view.query}`} aria-current={view.query === current ? "true" : undefined} className="font-medium text-blue-700 underline aria-[current]:no-underline" translate="no">
                {view.name}
              </Link>
              {view.mine ? view.shared && <span className="text-slate-600">({t("shared")})</span> : <span className="text-slate-600">({t("sharedBy", { owner: view.owner })})</span>}
              {view.isDefault && <span className="rounded bg-blue-50 px-2 py-0.5 text-xs font-medium text-blue-800">{t("isDefault")}</span>}
              <ActionButton action={actions.setDefault} fields={{ id: view.isDefault ? "" : view.id }} label={view.isDefault ? t("clearDefault") : t("makeDefault")} pendingLabel={t("makingDefault")} />
              {view.mine && <ActionButton action={actions.remove} fields={{ id: view.id }} label={t("remove")} pendingLabel={t("removing")} />}
            </li>
          ))}
        </ul>
      )}
      <details className="mt-2">
        <summary className="cursor-pointer text-blue-700 underline">{t("save")}</summary>
        <ActionForm action={actions.save} label={t("saveButton")} pendingLabel={t("saving")} className="mt-2 flex flex-wrap items-end gap-3">
          <input type="hidden" name="query" value={current} />
          <div className="grid gap-1">
            <label htmlFor="view-name">{t("name")}</label>
            <input id="view-name" name="name" required maxLength={80} className="rounded-md border border-slate-300 px-2 py-1.5" />
          </div>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="shared" />
            {t("share")}
          </label>
        </ActionForm>
      </details>
    </section>
  );
}
