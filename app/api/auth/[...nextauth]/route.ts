import NextAuth from "next-auth";

import { authOptions } from "@/lib/auth/options";

// Options are built per request from the validated configuration, never at import (next build).
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  // next-auth answers a callbackUrl that is neither a URL nor a path with a server error.
  if (new URL(request.url).searchParams.getAll("callbackUrl").some((url) => !isHttpUrlOrPath(url))) {
    return new Response("Bad request: callbackUrl must be a path or an http(s) URL.\n", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return NextAuth(authOptions())(request, context);
}

/** As next-auth checks it: a path, or an absolute http(s) URL (next-auth then keeps it to the portal's own origin). */
function isHttpUrlOrPath(url: string): boolean {
  const base = url.startsWith("/") ? "http://portal.invalid" : undefined;
  return URL.canParse(url, base) && /^https?:$/.test(new URL(url, base).protocol);
}

export { handler as GET, handler as POST };
