import { NextResponse, type NextRequest } from "next/server";

import { getConfig } from "@/lib/config";

/**
 * Every request but static files: refuses an address the pages could not read, gives each
 * response a content security policy with a nonce of its own (Next.js puts it on the scripts it
 * renders) and, when the portal is served over https, HSTS; tells pages which URL was asked for,
 * so a signed-out visitor returns there after signing in. The headers that never change are in
 * next.config.js.
 */
export function proxy(request: NextRequest) {
  const { pathname, search, searchParams } = request.nextUrl;
  const { appUrl } = getConfig();
  const overHttps = appUrl.startsWith("https://");
  if (unreadable(pathname, search)) {
    return new NextResponse("Bad request: the address holds characters the portal does not accept.\n", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  // Microsoft's generic consent link lands the customer's admin on the first registered reply URL,
  // staff sign-in's, with a code and no state: a sign-in always has a state, so this is a consent.
  if (pathname === "/api/auth/callback/azure-ad" && searchParams.has("code") && !searchParams.has("state")) {
    return NextResponse.redirect(new URL(`/consent/callback${search}`, appUrl), 303);
  }
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, overHttps);
  const headers = new Headers(request.headers);
  headers.set("x-portal-path", `${pathname}${search}`);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  if (overHttps) response.headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  return response;
}

/**
 * A path that is not valid percent-encoding (`%E0%A4%A`), or a NUL anywhere: no page takes either,
 * and the database refuses NUL. The consent callback takes both: it records every request it is
 * sent, NULs replaced (lib/consent/callback).
 */
function unreadable(pathname: string, search: string): boolean {
  if (pathname === "/consent/callback") return false;
  try {
    decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return /%00/.test(pathname + search);
}

function contentSecurityPolicy(nonce: string, overHttps: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // Nobody may frame the portal: one click there can retire a consent link already sent.
    "frame-ancestors 'none'",
    ...(overHttps ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
