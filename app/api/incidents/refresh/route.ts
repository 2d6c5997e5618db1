import { z } from "zod";

import { withStaff } from "@/lib/auth/routes";
import { requestSync, syncsFinished, type RefreshLine } from "@/lib/incidents/sync-jobs";
import { listTenants } from "@/lib/tenants";

export const dynamic = "force-dynamic";

const RefreshRequest = z.object({ tenantIds: z.array(z.uuid()).max(10_000).optional() });

// "Refresh": asks for an immediate sync of the given consented tenants (all when none are given)
// and answers NDJSON, one line per tenant as its sync ends, so the page can update as they answer.
export const POST = withStaff(async (request, staff) => {
  const parsed = RefreshRequest.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return Response.json({ error: "Send {\"tenantIds\": [tenant ids]} or {}.", issues: parsed.error.issues }, { status: 400 });
  const wanted = parsed.data.tenantIds && new Set(parsed.data.tenantIds);
  const tenantIds = (await listTenants(staff.scope, { status: ["consented"] })).map((tenant) => tenant.id).filter((id) => !wanted || wanted.has(id));
  const since = await requestSync(tenantIds);
  const encoder = new TextEncoder();
  const write = (line: RefreshLine) => encoder.encode(`${JSON.stringify(line)}\n`);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(write({ type: "requested", tenants: tenantIds.length }));
      for await (const line of syncsFinished(tenantIds, since, request.signal)) controller.enqueue(write(line));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
});
