import NextAuth from "next-auth";

import { authOptions } from "@/lib/auth/options";

// Options are built per request from the validated configuration, never at import (next build).
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
