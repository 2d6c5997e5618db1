import { useTranslations } from "next-intl";

import type { Tenant } from "@/lib/db/generated/client";
import { isConsentProblemText, problemSentences } from "@/lib/consent/problem";

/** A tenant's last consent problem in the viewer's language, with Microsoft's words as it sent them. */
export function ConsentProblem({ tenant }: { tenant: Pick<Tenant, "lastError" | "problemText"> }) {
  const t = useTranslations("ConsentProblem");
  // Recorded before problems were kept for every language: in English, as Microsoft's words are.
  if (!isConsentProblemText(tenant.problemText)) return <span translate="no">{tenant.lastError}</span>;
  const sentences = problemSentences(t, tenant.problemText);
  const { detail } = tenant.problemText;
  return (
    <span>
      {sentences}
      {sentences && detail && " "}
      {detail && <span translate="no">{detail}</span>}
    </span>
  );
}
