import { after, type NextRequest } from "next/server";

import { getConfig } from "@/lib/config";
import { handleConsentCallback } from "@/lib/consent/callback";
import { proveConsent } from "@/lib/consent/proof";

// Where Microsoft sends the customer's admin after admin consent. Public: no staff session here.
async function handle(request: NextRequest) {
  const query = new URLSearchParams(request.nextUrl.searchParams);
  // response_mode=form_post puts the answer in the body instead.
  if (request.method === "POST" && request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(await request.text())) query.append(key, value);
  }
  let outcome: string;
  try {
    const result = await handleConsentCallback({
      query,
      sourceAddress: request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
      userAgent: request.headers.get("user-agent"),
    });
    outcome = result.outcome;
    const tenantId = result.proveTenantId;
    if (tenantId) after(() => proveConsent(tenantId).then(() => undefined));
  } catch (error) {
    console.error("Consent callback could not be recorded:", error instanceof Error ? error.message : error);
    outcome = "unavailable";
  }
  // Only ever to our own result page: nothing from the query decides where the browser goes.
  return Response.redirect(`${getConfig().appUrl}/consent/result/${outcome}`, 303);
}

export { handle as GET, handle as POST };
