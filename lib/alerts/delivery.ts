import "server-only";

import { request, type Dispatcher } from "undici";

import { statusLine } from "@/lib/http";

import { deliveryAgent, RefusedAddressError } from "./delivery-agent";
import { parseDestination } from "./destination";

/** How one attempt to deliver an alert went; a retryable failure may succeed when tried again later. */
export type DeliveryResult = { ok: true; status: number } | { ok: false; status?: number; message: string; retryable: boolean };

/** The most of a receiver's answer kept in a failure's message. */
const EXCERPT_LENGTH = 300;

/** POSTs a JSON body to a destination that passes the address rules. Never follows a redirect. */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<DeliveryResult> {
  const destination = parseDestination(url);
  if (!destination.ok) return { ok: false, message: destination.message, retryable: false };
  const target = destination.url;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(target, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "PartnerPortal-Alerts", ...headers },
      body,
      signal,
      dispatcher: deliveryAgent(),
    });
    return await resultOf(response, target);
  } catch (error) {
    if (signal.aborted) return { ok: false, message: `No answer from ${target.host} within ${timeoutMs / 1000} s.`, retryable: true };
    return failureOf(error, target);
  }
}

async function resultOf(response: Dispatcher.ResponseData, target: URL): Promise<DeliveryResult> {
  const status = response.statusCode;
  if (status >= 200 && status < 300) {
    await response.body.dump();
    return { ok: true, status };
  }
  if (status >= 300 && status < 400) {
    await response.body.dump();
    const location = response.headers.location;
    const to = typeof location === "string" ? excerpt(URL.canParse(location, target) ? new URL(location, target).href : location) : "an address it did not give";
    return { ok: false, status, message: `The receiver answered ${statusLine(status)}: redirected to ${to}, not followed.`, retryable: false };
  }
  const answer = await leadingText(response.body);
  return {
    ok: false,
    status,
    message: `The receiver answered ${statusLine(status)}${answer ? `: ${answer}` : "."}`,
    retryable: status >= 500 || status === 408 || status === 429,
  };
}

function failureOf(error: unknown, target: URL): DeliveryResult {
  if (error instanceof RefusedAddressError) return { ok: false, message: error.message, retryable: false };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return { ok: false, message: `${target.host} refused the connection.`, retryable: true };
  if (code === "ENOTFOUND") return { ok: false, message: `No address was found for ${target.hostname}.`, retryable: true };
  return { ok: false, message: `Could not reach ${target.host}: ${(error as Error).message}`, retryable: true };
}

// Reads no more of a hostile receiver's answer than the message keeps.
async function leadingText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length > EXCERPT_LENGTH) break;
  }
  return excerpt(text.replace(/\s+/g, " ").trim());
}

function excerpt(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}
