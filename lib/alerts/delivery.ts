import "server-only";

import { request, type Dispatcher } from "undici";

import { statusLine } from "@/lib/http";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

import { deliveryAgent, RefusedAddressError } from "./delivery-agent";
import { parseDestination, refusalMessage } from "./destination";
import { problemTexts } from "./texts";

/** How one attempt to deliver an alert went; a retryable failure may succeed when tried again later. */
export type DeliveryResult = { ok: true; status: number } | { ok: false; status?: number; message: string; retryable: boolean };

/** The most of a receiver's answer kept in a failure's message. */
const EXCERPT_LENGTH = 300;

/** How long to wait for an answer, and the language a failure is told in. */
export interface SendOptions {
  timeoutMs: number;
  locale?: Locale;
}

/** POSTs a JSON body to a destination that passes the address rules. Never follows a redirect. */
export async function postJson(url: string, body: string, headers: Record<string, string>, { timeoutMs, locale = DEFAULT_LOCALE }: SendOptions): Promise<DeliveryResult> {
  const destination = parseDestination(url, locale);
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
    return await resultOf(response, target, locale);
  } catch (error) {
    if (signal.aborted) return { ok: false, message: problemTexts(locale)("noAnswer", { host: target.host, seconds: timeoutMs / 1000 }), retryable: true };
    return failureOf(error, target, locale);
  }
}

async function resultOf(response: Dispatcher.ResponseData, target: URL, locale: Locale): Promise<DeliveryResult> {
  const t = problemTexts(locale);
  const status = response.statusCode;
  if (status >= 200 && status < 300) {
    await response.body.dump();
    return { ok: true, status };
  }
  if (status >= 300 && status < 400) {
    await response.body.dump();
    const location = response.headers.location;
    const message =
      typeof location === "string"
        ? t("redirected", { status: statusLine(status), to: excerpt(URL.canParse(location, target) ? new URL(location, target).href : location) })
        : t("redirectedNowhere", { status: statusLine(status) });
    return { ok: false, status, message, retryable: false };
  }
  const answer = await leadingText(response.body);
  return {
    ok: false,
    status,
    message: answer ? t("answered", { status: statusLine(status), answer }) : t("answeredNothing", { status: statusLine(status) }),
    retryable: status >= 500 || status === 408 || status === 429,
  };
}

function failureOf(error: unknown, target: URL, locale: Locale): DeliveryResult {
  if (error instanceof RefusedAddressError) return { ok: false, message: refusalMessage(error.refusal, locale), retryable: false };
  const t = problemTexts(locale);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return { ok: false, message: t("connectionRefused", { host: target.host }), retryable: true };
  if (code === "ENOTFOUND") return { ok: false, message: t("hostNotFound", { host: target.hostname }), retryable: true };
  return { ok: false, message: t("unreachable", { host: target.host, error: (error as Error).message }), retryable: true };
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
