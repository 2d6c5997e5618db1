import type { ActionState } from "@/lib/auth/actions";

export function FormMessage({ state }: { state: ActionState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-800"}`}>
      {state.message}
    </p>
  );
}
