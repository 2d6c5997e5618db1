import { useTranslations } from "next-intl";

import type { ConsentStatus } from "@/lib/db/generated/enums";

const CLASS_NAMES: Record<ConsentStatus, string> = {
  pending: "bg-slate-100 text-slate-700",
  verifying: "bg-blue-50 text-blue-800",
  consented: "bg-green-50 text-green-800",
  denied: "bg-amber-50 text-amber-800",
  lost: "bg-red-50 text-red-800",
  error: "bg-red-50 text-red-800",
};

export function StatusBadge({ status }: { status: ConsentStatus }) {
  const t = useTranslations("TenantStatus");
  return <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${CLASS_NAMES[status]}`}>{t(status)}</span>;
}
