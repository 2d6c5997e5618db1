"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";

import { FormMessage } from "@/components/ui/form-message";
import type { Action } from "@/lib/auth/actions";


/**
 * Asks before offboarding. The question takes the focus on its safe answer, Cancel; Cancel or
 * Escape puts it back on "Offboard tenant".
 */
export function OffboardForm({ action, tenantId, displayName }: { action: Action; tenantId: string; displayName: string }) {
  const t = useTranslations("Offboard");
  const [state, run, pending] = useActionState(action, {});
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const offboard = useRef<HTMLButtonElement>(null);
  const answered = useRef(false);
  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (answered.current) offboard.current?.focus();
  }, [asking]);
  const stopAsking = () => {
    answered.current = true;
    setAsking(false);
  };
  if (!asking) {
    return (
      <button ref={offboard} type="button" onClick={() => setAsking(true)} className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50">
        {t("button")}
      </button>
    );
  }
  return (
    <form action={run} onKeyDown={(event) => event.key === "Escape" && stopAsking()} className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4 text-sm">
      <p>
        {t.rich("question", {
          name: displayName,
          strong: (chunks) => <strong translate="no">{chunks}</strong>,
        })}
      </p>
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="confirm" value="yes" />
      <div className="flex gap-2">
        <button type="submit" disabled={pending} className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-60">
          {pending ? t("offboarding") : t("confirm", { name: displayName })}
        </button>
        <button ref={cancel} type="button" onClick={stopAsking} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
          {t("cancel")}
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
