import { z } from "zod";

import { withStaff } from "@/lib/auth/routes";
import { storeVersion } from "@/lib/incidents/store";

export const dynamic = "force-dynamic";

const ChangesRequest = z
  .object({ tenant: z.uuid().optional(), incident: z.string().regex(/^\d{1,19}$/).optional() })
  .refine((scope) => !scope.incident || scope.tenant, "An incident needs its tenant.");

// What an open page polls: the store's version for what it shows (every tenant, one tenant, one
// incident). A version other than the page's means it shows an older copy.
export const GET = withStaff(async (request, staff) => {
  const parsed = ChangesRequest.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "Ask for ?tenant=<tenant id>[&incident=<incident id>], or nothing for every tenant.", issues: parsed.error.issues }, { status: 400 });
  const { tenant, incident } = parsed.data;
  const version = await storeVersion(staff.scope, tenant ? { tenantId: tenant, incidentId: incident } : undefined);
  return Response.json({ version }, { headers: { "cache-control": "no-store" } });
});
