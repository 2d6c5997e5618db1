import type { ActionState } from "@/lib/auth/actions";

export function FormMessage({ state }: { state: ActionState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-800"}`}>
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
