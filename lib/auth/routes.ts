import "server-only";

import { currentStaff, type Staff } from "./session";

/** Wraps a route handler for signed-in staff (admins only, when asked), who it then gets: no handler can forget the check. */
export function withStaff<Context>(
  handler: (request: Request, staff: Staff, context: Context) => Promise<Response>,
  { role }: { role?: "admin" } = {},
): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    const staff = await currentStaff();
    if (!staff) return Response.json({ error: "Sign in first." }, { status: 401 });
    if (role === "admin" && staff.role !== "admin") return Response.json({ error: "Only admins may do this." }, { status: 403 });
    return handler(request, staff, context);
  };
}
