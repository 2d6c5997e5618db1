import { getTranslations } from "next-intl/server";

import { recordAuditEvent } from "@/lib/audit";
import { AUDIT_CSV_COLUMNS, auditCsv } from "@/lib/audit/export";
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
    const t = await getTranslations("AuditCsv");
    await recordAuditEvent({ actor: staff.email, action: "audit.exported", details: { filters: filter } });
    return csvDownload(auditCsv(filter, names, AUDIT_CSV_COLUMNS.map((column) => t(column))), "audit-log");
  },
  { role: "admin" },
);
