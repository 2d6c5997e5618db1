"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

const POLL_MS = 5_000;

/**
 * Tells the analyst when what the page shows changed in the store since it was rendered (another
 * analyst's change, or the sync's), and shows the latest on request rather than under their
 * cursor. Give it `key={version}`: a re-render with the new version starts it afresh.
 */
export function ChangesNotice({ version, tenantId, incidentId, subject }: { version: string | null; tenantId?: string; incidentId?: string; subject: "queue" | "tenant" | "incident" }) {
  const router = useRouter();
  const t = useTranslations("IncidentChanges");
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    const query = new URLSearchParams({ ...(tenantId && { tenant: tenantId }), ...(incidentId && { incident: incidentId }) });
    const timer = setInterval(async () => {
      if (document.visibilityState !== "visible") return;
      const response = await fetch(`/api/incidents/changes?${query}`, { cache: "no-store" }).catch(() => undefined);
      if (!response?.ok) return;
      const body = (await response.json()) as { version: string | null };
      if (body.version !== version) setChanged(true);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [version, tenantId, incidentId]);
  if (!changed) return null;
  return (
    <div role="status" className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900">
      {t(subject)}
      <button type="button" onClick={() => router.refresh()} className="rounded-md border border-blue-300 bg-white px-3 py-1 hover:bg-blue-100">
        {t("showLatest")}
      </button>
    </div>
  );
}
