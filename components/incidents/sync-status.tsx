import { useTranslations } from "next-intl";

import { Ago } from "@/components/ui/ago";
import type { TenantSyncStatus } from "@/lib/incidents/sync-status";

import { useProblemLine } from "./problem";

// Beyond this many tenants, only those that need attention get a chip of their own.
const CHIPS_FOR_ALL_UP_TO = 30;

/** How old each tenant's stored incidents are: the store never hides its age. */
export function SyncStatusList({ statuses }: { statuses: TenantSyncStatus[] }) {
  const t = useTranslations("IncidentSync");
  const problemLine = useProblemLine();
  const synced = statuses.filter((status) => status.state === "synced");
  const oldest = Math.min(...synced.map((status) => status.syncedAt ?? Infinity));
  const chips = statuses.length <= CHIPS_FOR_ALL_UP_TO ? statuses : statuses.filter((status) => status.state !== "synced");
  const counts = { synced: synced.length, total: statuses.length };
  return (
    <div className="mb-4 space-y-2 text-sm">
      <p className="text-slate-600">{synced.length > 0 ? t.rich("summaryWithOldest", { ...counts, ago: () => <Ago at={oldest} /> }) : t("summary", counts)}</p>
      {chips.length > 0 && (
        <ul aria-label={t("tenantStatus")} className="flex flex-wrap gap-2 text-xs">
          {chips.map((status) => (
            <li key={status.tenantId} className={`rounded-full border px-3 py-1 ${CHIP_CLASS[status.state]}`} title={status.problem ? problemLine(status.problem) : undefined}>
              <span translate="no">{status.name}</span>: <ChipText status={status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const CHIP_CLASS: Record<TenantSyncStatus["state"], string> = {
  synced: "border-slate-200 bg-white",
  waiting: "border-slate-200 bg-slate-50",
  backfilling: "border-blue-200 bg-blue-50",
  problem: "border-red-300 bg-red-50 text-red-900",
};

function ChipText({ status }: { status: TenantSyncStatus }) {
  const t = useTranslations("IncidentSync");
  const kinds = useTranslations("IncidentProblemKind");
  switch (status.state) {
    case "synced":
      return t.rich("synced", { ago: () => <Ago at={status.syncedAt!} /> });
    case "waiting":
      return t("waiting");
    case "backfilling":
      return t("backfilling", { percent: Math.floor((status.progress ?? 0) * 100) });
    case "problem": {
      const problem = kinds(status.problem!.kind);
      return status.syncedAt === null ? problem : t.rich("problemWithData", { problem, ago: () => <Ago at={status.syncedAt!} /> });
    }
  }
}
