export const dynamic = "force-dynamic";

/** Liveness: the process answers. Nothing else is asked, so a database outage does not get it restarted. */
export function GET() {
  return Response.json({ status: "ok" });
}
