import type { ConsentStatus } from "@/lib/db/generated/enums";

const BADGES: Record<ConsentStatus, { label: string; className: string }> = {
  pending: { label: "Pending consent", className: "bg-slate-100 text-slate-700" },
  verifying: { label: "Verifying consent", className: "bg-blue-50 text-blue-800" },
  consented: { label: "Consented", className: "bg-green-50 text-green-800" },
  denied: { label: "Consent denied", className: "bg-amber-50 text-amber-800" },
  lost: { label: "Consent lost", className: "bg-red-50 text-red-800" },
  error: { label: "Error", className: "bg-red-50 text-red-800" },
};

export function StatusBadge({ status }: { status: ConsentStatus }) {
  const badge = BADGES[status];
  return <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${badge.className}`}>{badge.label}</span>;
}
