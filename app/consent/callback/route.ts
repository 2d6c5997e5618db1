import { after, type NextRequest } from "next/server";

import { getConfig } from "@/lib/config";
import { handleConsentCallback } from "@/lib/consent/callback";
import { proveConsent } from "@/lib/consent/proof";
import { clientAddress } from "@/lib/http/client-address";
import { consentCallbackWait } from "@/lib/http/rate-limit";
import { log, reason } from "@/lib/log";
import { metrics } from "@/lib/metrics";

// Where Microsoft sends the customer's admin after admin consent. Public: no staff session here.
async function handle(request: NextRequest) {
  const client = clientAddress(request.headers);
  // A limiter that cannot count lets the callback through: recording it then says whether the database answers.
  const wait = await consentCallbackWait(client.address ?? "unknown").catch(() => 0);
  if (wait > 0) {
    metrics.consentCallbacks.inc({ outcome: "rate_limited" });
    return new Response(`Too many requests from your address. Try again in ${wait} seconds.\n`, {
      status: 429,
      headers: { "content-type": "text/plain; charset=utf-8", "retry-after": String(wait) },
    });
  }
  const query = new URLSearchParams(request.nextUrl.searchParams);
  // response_mode=form_post puts the answer in the body instead: a few kilobytes from Microsoft.
  if (request.method === "POST" && request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded")) {
    const form = await boundedText(request, MAX_FORM_BYTES);
    if (form === null) query.append("form", `larger than ${MAX_FORM_BYTES / 1024} KiB, not read`);
    else for (const [key, value] of new URLSearchParams(form)) query.append(key, value);
  }
  let outcome: string;
  let proving: string | undefined;
  try {
    const result = await handleConsentCallback({
      query,
      sourceAddress: client.address && `${client.address} (${client.source})`,
      userAgent: request.headers.get("user-agent"),
    });
    outcome = result.outcome;
    proving = result.proveTenantId;
    const tenantId = proving;
    if (tenantId) after(() => proveConsent(tenantId).then(() => undefined));
  } catch (error) {
    log.error({ err: reason(error) }, "Consent callback could not be recorded");
    outcome = "unavailable";
  }
  metrics.consentCallbacks.inc({ outcome });
  log.info({ outcome, tenantId: proving }, "Consent callback answered");
  // Only ever to our own result page: nothing from the query decides where the browser goes.
  return Response.redirect(`${getConfig().appUrl}/consent/result/${outcome}`, 303);
}

export { handle as GET, handle as POST };

const MAX_FORM_BYTES = 64 * 1024;

/** The body as text, or null when it is longer than `limit` bytes: no more than that is read. */
async function boundedText(request: NextRequest, limit: number): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader!.cancel();
      return null;
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
