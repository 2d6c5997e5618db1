import { recordAuditEvent } from "@/lib/audit";
import { auditCsv } from "@/lib/audit/export";
import { withStaff } from "@/lib/auth/routes";
import { csvDownload } from "@/lib/csv";
import { listTenants } from "@/lib/tenants";

export const dynamic = "force-dynamic";

// The audit log as CSV, every event the page's filters match (the page shows the newest 200),
// streamed; the export itself is audited.
export const GET = withStaff(
  async (request, staff) => {
    const params = new URL(request.url).searchParams;
    const filter = { target: params.get("tenant") || undefined, action: params.get("action") || undefined };
    const names = new Map((await listTenants(staff.scope)).map((tenant) => [tenant.id, tenant.displayName]));
    await recordAuditEvent({ actor: staff.email, action: "audit.exported", details: { filters: filter } });
    return csvDownload(auditCsv(filter, names), "audit-log");
  },
  { role: "admin" },
);
