"use client";

import { useActionState, type ReactNode } from "react";

import type { Action } from "@/lib/auth/actions";

import { FormMessage } from "./form-message";


/** A one-button form for a server action, with its pending state and its answer. */
export function ActionButton({ action, label, pendingLabel, fields = {} }: { action: Action; label: ReactNode; pendingLabel: string; fields?: Record<string, string> }) {
  const [state, run, pending] = useActionState(action, {});
  return (
    <form action={run} className="flex flex-wrap items-center gap-3">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60">
        {pending ? pendingLabel : label}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
