import { useTranslations } from "next-intl";

import { problemSentences, type ConsentProblemText } from "@/lib/consent/problem";
import type { ProblemText } from "@/lib/incidents/problem-text";
import type { SyncProblem } from "@/lib/incidents/sync-status";

/** A tenant that could not be read: a state with a message, never a blank page. */
export function ProblemPanel({ problem }: { problem: Pick<SyncProblem, "kind" | "text" | "consent"> }) {
  const t = useTranslations("IncidentProblemKind");
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-medium">{t(problem.kind)}</p>
      <p className="mt-1">
        <ProblemSentence problem={problem} />
      </p>
    </div>
  );
}

/** Why a tenant could not be read, in the viewer's language. */
export function ProblemSentence({ problem }: { problem: Pick<SyncProblem, "text" | "consent"> }) {
  return problem.consent ? <ConsentWords text={problem.consent} /> : <ProblemWords text={problem.text} />;
}

/** Why something failed, in the viewer's language; Microsoft's own words after it, as it sent them. */
export function ProblemWords({ text: { key, values, detail } }: { text: ProblemText }) {
  const t = useTranslations("IncidentProblem");
  return <Words sentence={key && t(key, values)} detail={detail} />;
}

/** A lost consent in the consent records' words (lib/consent/problem.ts). */
function ConsentWords({ text }: { text: ConsentProblemText }) {
  const t = useTranslations("ConsentProblem");
  return <Words sentence={problemSentences(t, text)} detail={text.detail} />;
}

function Words({ sentence, detail }: { sentence?: string; detail?: string }) {
  return (
    <>
      {sentence}
      {sentence && detail && " "}
      {detail && (
        <span translate="no" dir="auto">
          {detail}
        </span>
      )}
    </>
  );
}

/** The same as one line of text, for a title attribute. */
export function useProblemLine(): (problem: Pick<SyncProblem, "text" | "consent">) => string {
  const problems = useTranslations("IncidentProblem");
  const consents = useTranslations("ConsentProblem");
  return ({ text, consent }) => {
    const [sentence, detail] = consent ? [problemSentences(consents, consent), consent.detail] : [text.key && problems(text.key, text.values), text.detail];
    return [sentence, detail].filter(Boolean).join(" ");
  };
}
