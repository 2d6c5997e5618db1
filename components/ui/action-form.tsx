"use client";

import { startTransition, useActionState, type FormEvent, type ReactNode } from "react";

import type { Action } from "@/lib/auth/actions";

import { FieldProblems, FormMessage } from "./form-message";

/**
 * A server action for a form, with its pending state and its answer. The form is submitted by hand
 * (`onSubmit={submit}`) so a refused form keeps what was typed (React resets a form whose `action`
 * ran); without JavaScript it still posts through `action={run}`.
 */
export function useFormAction(action: Action) {
  const [state, run, pending] = useActionState(action, {});
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => run(form));
  };
  return { state, run, submit, pending };
}

/** A form of fields rendered on the server, sent to a server action (useFormAction), with its button and answer. */
export function ActionForm({ action, label, pendingLabel, children, className = "space-y-3" }: { action: Action; label: string; pendingLabel: string; children: ReactNode; className?: string }) {
  const { state, run, submit, pending } = useFormAction(action);
  return (
    <form action={run} onSubmit={submit} className={className}>
      {children}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {pending ? pendingLabel : label}
        </button>
        <FormMessage state={state} />
      </div>
      <FieldProblems state={state} />
    </form>
  );
}
