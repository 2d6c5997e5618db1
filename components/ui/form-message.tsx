"use client";

import { useEffect, useRef } from "react";

import type { ActionState } from "@/lib/auth/actions";

/**
 * An action's answer, announced. When the focus was in the form that asked (or was lost: its
 * button is disabled while the action runs), it moves here, so a keyboard user continues from the answer.
 */
export function FormMessage({ state }: { state: ActionState }) {
  const message = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const focused = document.activeElement;
    if (state.message && (!focused || focused === document.body || message.current?.closest("form")?.contains(focused))) message.current?.focus();
  }, [state]);
  if (!state.message) return null;
  return (
    <p ref={message} tabIndex={-1} role={state.ok ? "status" : "alert"} className={`text-sm focus:outline-none ${state.ok ? "text-green-800" : "text-red-800"}`}>
      {state.message}
    </p>
  );
}

/** Every field's problem as a line, for forms too small to show each under its field. */
export function FieldProblems({ state }: { state: ActionState }) {
  return Object.values(state.fieldErrors ?? {})
    .flat()
    .map((problem) => (
      <p key={problem} role="alert" className="text-sm text-red-800">
        {problem}
      </p>
    ));
}
