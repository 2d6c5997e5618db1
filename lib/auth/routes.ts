import "server-only";

import { currentStaff } from "./session";

/** Wraps a route handler for signed-in staff: no handler can forget the check. */
export function withStaff<Context>(
  handler: (request: Request, context: Context) => Promise<Response>,
): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    if (!(await currentStaff())) return Response.json({ error: "Sign in first." }, { status: 401 });
    return handler(request, context);
  };
}
