"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useSyncExternalStore } from "react";

import type { RefreshLine } from "@/lib/incidents/sync-jobs";

// The page is re-rendered from the store at most this often while tenants answer.
const RERENDER_EVERY_MS = 1_000;

/** Asks for an immediate sync of the tenants on the page and re-renders the page as each answers. */
export function RefreshButton({ tenantIds }: { tenantIds?: string[] }) {
  const router = useRouter();
  const t = useTranslations("IncidentRefresh");
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lastRender = useRef(0);
  // Disabled until the page is interactive: a click before that would do nothing.
  const hydrated = useSyncExternalStore(subscribeToNothing, () => true, () => false);

  async function refresh() {
    setBusy(true);
    setStatus(t("asking"));
    let requested = 0;
    let answered = 0;
    const rerender = (force: boolean) => {
      if (!force && Date.now() - lastRender.current < RERENDER_EVERY_MS) return;
      lastRender.current = Date.now();
      router.refresh();
    };
    try {
      const response = await fetch("/api/incidents/refresh", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(tenantIds ? { tenantIds } : {}),
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines.filter(Boolean).map((text) => JSON.parse(text) as RefreshLine)) {
          if (line.type === "requested") requested = line.tenants;
          if (line.type === "tenant") {
            answered++;
            rerender(false);
          }
          if (line.type === "done") {
            rerender(true);
            setStatus(line.waiting === 0 ? t("done", { answered, requested }) : t("partial", { answered, requested, waiting: line.waiting }));
          } else {
            setStatus(t("progress", { answered, requested }));
          }
        }
      }
    } catch (error) {
      setStatus(t("failed", { error: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="inline-flex items-center gap-3">
      <button type="button" onClick={refresh} disabled={busy || !hydrated} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60">
        {busy ? t("refreshing") : t("refresh")}
      </button>
      <span role="status" className="text-sm text-slate-600">
        {status}
      </span>
    </span>
  );
}

function subscribeToNothing(): () => void {
  return () => {};
}
