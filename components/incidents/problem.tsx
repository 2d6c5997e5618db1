import type { UpstreamProblem } from "@/lib/incidents";

export const PROBLEM_LABEL: Record<UpstreamProblem["kind"], string> = {
  lost: "Consent lost",
  unavailable: "Not available in this tenant",
  read_only: "Read access only",
  rejected: "Refused by Microsoft",
  throttled: "Throttled",
  failed: "Failed",
  timeout: "Timed out",
  not_found: "Not found",
};

/** A tenant that could not be read: a state with a message, never a blank page. */
export function ProblemPanel({ problem }: { problem: Pick<UpstreamProblem, "kind" | "message"> }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-medium">{PROBLEM_LABEL[problem.kind]}</p>
      <p className="mt-1">{problem.message}</p>
    </div>
  );
}
