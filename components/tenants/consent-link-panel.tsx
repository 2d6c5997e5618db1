"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";

import { CopyButton } from "@/components/ui/copy-button";
import { FormMessage } from "@/components/ui/form-message";
import type { Action } from "@/lib/auth/actions";

export function ConsentLinkPanel({ action, tenantId }: { action: Action; tenantId: string }) {
  const t = useTranslations("ConsentLink");
  const format = useFormatter();
  const [state, run, pending] = useActionState(action, {});
  const link = state.ok ? state.data : undefined;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="font-medium">{t("title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      <form action={run} className="mt-3">
        <input type="hidden" name="tenantId" value={tenantId} />
        <button type="submit" disabled={pending} className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {pending ? t("creating") : link ? t("createAnother") : t("create")}
        </button>
      </form>
      <div className="mt-3">
        <FormMessage state={state} />
      </div>
      {link && (
        <div className="mt-4 space-y-4">
          <div>
            <label className="text-sm font-medium" htmlFor="consent-link">
              {t("link", { expires: format.dateTime(new Date(link.expiresAt), { dateStyle: "medium", timeStyle: "short" }) })}
            </label>
            <div className="mt-1 flex gap-2">
              <input id="consent-link" autoFocus readOnly value={link.url} translate="no" className="w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs" />
              <CopyButton text={link.url} label={t("copyLink")} />
            </div>
          </div>
          <div>
            <label className="text-sm font-medium" htmlFor="consent-message">
              {t("message")}
            </label>
            <textarea id="consent-message" readOnly rows={12} value={link.message} className="mt-1 w-full rounded-md border border-slate-300 bg-slate-50 p-3 font-mono text-xs" />
            <CopyButton text={link.message} label={t("copyMessage")} />
          </div>
          <details className="text-sm text-slate-600">
            <summary className="cursor-pointer">{t("fallback")}</summary>
            <p className="mt-2">{t.rich("fallbackBody", { strong: (chunks) => <strong>{chunks}</strong> })}</p>
            <code translate="no" className="mt-1 block break-all rounded bg-slate-50 p-2 text-xs">{link.legacyUrl}</code>
          </details>
        </div>
      )}
    </section>
  );
}
