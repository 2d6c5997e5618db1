import { readiness } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 when this instance can serve (database, migrations, job engine), 503 with what is missing. */
export async function GET() {
  const state = await readiness();
  return Response.json(state, { status: state.ready ? 200 : 503 });
}
