import { Ago } from "@/components/ui/ago";
import type { TenantSyncStatus } from "@/lib/incidents/sync-status";

import { PROBLEM_LABEL } from "./problem";

// Beyond this many tenants, only those that need attention get a chip of their own.
const CHIPS_FOR_ALL_UP_TO = 30;

/** How old each tenant's stored incidents are: the store never hides its age. */
export function SyncStatusList({ statuses }: { statuses: TenantSyncStatus[] }) {
  const synced = statuses.filter((status) => status.state === "synced");
  const oldest = Math.min(...synced.map((status) => status.syncedAt ?? Infinity));
  const chips = statuses.length <= CHIPS_FOR_ALL_UP_TO ? statuses : statuses.filter((status) => status.state !== "synced");
  return (
    <div className="mb-4 space-y-2 text-sm">
      <p className="text-slate-600">
        {synced.length} of {statuses.length} {statuses.length === 1 ? "tenant" : "tenants"} synced
        {synced.length > 0 && (
          <>
            ; the oldest data was read <Ago at={oldest} />
          </>
        )}
        .
      </p>
      {chips.length > 0 && (
        <ul aria-label="Tenant status" className="flex flex-wrap gap-2 text-xs">
          {chips.map((status) => (
            <li key={status.tenantId} className={`rounded-full border px-3 py-1 ${CHIP_CLASS[status.state]}`} title={status.problem?.message}>
              {status.name}: <ChipText status={status} />
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
  switch (status.state) {
    case "synced":
      return (
        <>
          synced <Ago at={status.syncedAt!} />
        </>
      );
    case "waiting":
      return <>waiting for its first sync</>;
    case "backfilling":
      return <>first sync, {Math.floor((status.progress ?? 0) * 100)}% read</>;
    case "problem":
      return (
        <>
          {PROBLEM_LABEL[status.problem!.kind]}
          {status.syncedAt !== null && (
            <>
              , data from <Ago at={status.syncedAt} />
            </>
          )}
        </>
      );
  }
}
