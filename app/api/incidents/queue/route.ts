import { withStaff } from "@/lib/auth/routes";
import { queueLine, type QueueLine } from "@/lib/incidents/lines";
import { IncidentQuery } from "@/lib/incidents/query";
import { incidentsAcrossTenants } from "@/lib/incidents/queue";
import { listTenants } from "@/lib/tenants";

export const dynamic = "force-dynamic";

// The all-tenants queue as NDJSON: one line per tenant as it answers, so the page fills in while
// slow tenants are still being read.
export const GET = withStaff(async (request: Request) => {
  const url = new URL(request.url);
  const query = IncidentQuery.parse(Object.fromEntries(url.searchParams));
  const refresh = url.searchParams.get("refresh") === "1";
  const consented = await listTenants({ status: "consented" });
  const encoder = new TextEncoder();
  const write = (line: QueueLine) => encoder.encode(`${JSON.stringify(line)}\n`);

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(write({ type: "tenants", tenants: consented.map((t) => ({ id: t.id, name: t.displayName })) }));
      for await (const result of incidentsAcrossTenants(consented.map((t) => t.id), query.range, { refresh })) {
        controller.enqueue(write(queueLine(result, query)));
      }
      controller.enqueue(write({ type: "done" }));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
});
