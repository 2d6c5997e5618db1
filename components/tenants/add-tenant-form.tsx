"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";

import { useFormAction } from "@/components/ui/action-form";
import { FormMessage } from "@/components/ui/form-message";
import type { Action } from "@/lib/auth/actions";

/** A refused tenant keeps what was typed, to correct; an added one clears the form for the next. */
export function AddTenantForm({ action }: { action: Action }) {
  const t = useTranslations("AddTenant");
  const { state, run, submit, pending } = useFormAction(action);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);
  const fieldError = (name: string) => state.fieldErrors?.[name]?.[0];
  return (
    <form ref={form} action={run} onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="font-medium">{t("title")}</h2>
      <div className="mt-3 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
        <label className="grid gap-1 text-sm">
          {t("tenant")}
          <input name="tenant" required placeholder={t("tenantPlaceholder")} aria-invalid={Boolean(fieldError("tenant"))} className="rounded-md border border-slate-300 px-3 py-2" />
          {fieldError("tenant") && <span className="text-red-800">{fieldError("tenant")}</span>}
        </label>
        <label className="grid gap-1 text-sm">
          {t("name")}
          <input name="displayName" required maxLength={120} placeholder={t("namePlaceholder")} aria-invalid={Boolean(fieldError("displayName"))} className="rounded-md border border-slate-300 px-3 py-2" />
          {fieldError("displayName") && <span className="text-red-800">{fieldError("displayName")}</span>}
        </label>
        <button type="submit" disabled={pending} className="self-end rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {pending ? t("adding") : t("add")}
        </button>
      </div>
      <div className="mt-2">
        <FormMessage state={state.fieldErrors?.tenant ? { ...state, message: undefined } : state} />
      </div>
    </form>
  );
}
