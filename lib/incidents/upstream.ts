import "server-only";
import { setTimeout as sleep } from "node:timers/promises";

import { getConfig, type IncidentApi } from "@/lib/config";
import { HttpTimeoutError, jsonOf, send, statusLine, type HttpResponse } from "@/lib/http";
import { failureLabel, metrics } from "@/lib/metrics";
import { canReadIncidents, canWriteIncidents, getAppToken, TokenError, WRITE_ROLES, type AppToken, type TokenFailureKind } from "@/lib/tokens";

import { inEnglish, type ProblemKey, type ProblemText } from "./problem-text";

/** Why a tenant's incidents could not be read, as a value a page can show next to that tenant. */
export interface UpstreamProblem {
  kind: "lost" | "unavailable" | "read_only" | "rejected" | "throttled" | "failed" | "timeout" | "not_found";
  /** In English, for logs, the audit trail and alert notifications. */
  message: string;
  /** The same for a page, in the viewer's language. */
  text: ProblemText;
  retryAfterSeconds?: number;
}

/** A problem whose English message is its text's. */
export function upstreamProblem(kind: UpstreamProblem["kind"], text: ProblemText, extra: Pick<UpstreamProblem, "retryAfterSeconds"> = {}): UpstreamProblem {
  return { kind, message: inEnglish(text), text, ...extra };
}

export class UpstreamError extends Error {
  constructor(readonly problem: UpstreamProblem) {
    super(problem.message);
    this.name = "UpstreamError";
  }
}

const SERVER_ERROR_RETRIES = 2;
// A Retry-After longer than this is reported to the user instead of holding the page.
const MAX_RETRY_AFTER_WAIT_SECONDS = 2;

/** GETs JSON from an incident API for a tenant with an app-only token, a timeout and bounded retries. */
export function getJson(tenantId: string, api: IncidentApi, url: string, headers: Record<string, string> = {}): Promise<unknown> {
  return callApi(tenantId, api, url, { headers });
}

/**
 * Sends a change to an incident API and returns Microsoft's JSON answer. A POST is sent once (it
 * is not idempotent); a PATCH is retried like a read. 400 is `rejected` with Microsoft's reason,
 * 403 with a read-only consent `read_only`.
 */
export function sendJson(tenantId: string, api: IncidentApi, url: string, method: "PATCH" | "POST", body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  return callApi(tenantId, api, url, { method, body: JSON.stringify(body), headers: { ...headers, "content-type": "application/json" } });
}

async function callApi(
  tenantId: string,
  api: IncidentApi,
  url: string,
  { method = "GET", body, headers = {} }: { method?: "GET" | "PATCH" | "POST"; body?: string; headers?: Record<string, string> },
): Promise<unknown> {
  const timeoutMs = getConfig().upstreamTimeoutMs;
  const retries = method === "POST" ? 0 : SERVER_ERROR_RETRIES;
  let token = await accessToken(tenantId, api, false);
  let refreshed = false;
  let serverErrors = 0;
  let throttled = false;
  for (;;) {
    let response: HttpResponse;
    const timer = metrics.upstreamRequests.startTimer({ api, method });
    try {
      response = await send(url, { method, body, headers: { ...headers, authorization: `Bearer ${token.accessToken}`, accept: "application/json" }, timeoutMs });
      timer({ status: response.status });
    } catch (error) {
      timer({ status: failureLabel(error) });
      if (error instanceof HttpTimeoutError) {
        throw new UpstreamError(upstreamProblem("timeout", { key: "timeout", values: { seconds: String(timeoutMs / 1000) } }));
      }
      if (serverErrors++ < retries) {
        await backoff(serverErrors);
        continue;
      }
      throw new UpstreamError(upstreamProblem("failed", { key: "unreachable" }));
    }
    if (response.status >= 200 && response.status < 300) {
      const body = jsonOf(response);
      if (body === undefined) throw new UpstreamError(upstreamProblem("failed", { key: "notJson" }));
      return body;
    }

    const message = errorMessage(response);
    if ((response.status === 401 || response.status === 403) && !refreshed) {
      // A cached token may have expired early or been issued before a change: ask Entra once more.
      refreshed = true;
      token = await accessToken(tenantId, api, true);
      continue;
    }
    if (response.status === 403 && method !== "GET" && canReadIncidents(api, token.roles) && !canWriteIncidents(api, token.roles)) {
      throw new UpstreamError(upstreamProblem("read_only", { key: "readOnly", values: { permission: WRITE_ROLES[api] } }));
    }
    if (response.status === 403 && (errorCode(response) === "DisabledFeature" || canReadIncidents(api, token.roles))) {
      // Refused although a token just issued carries the permission: the tenant lacks the product
      // (e.g. no Defender licence), not the consent.
      throw new UpstreamError(upstreamProblem("unavailable", { key: "unavailable", detail: message }));
    }
    if (response.status === 401 || response.status === 403) {
      throw new UpstreamError(upstreamProblem("lost", { key: "accessRefused", values: { status: String(response.status) }, detail: message }));
    }
    if (response.status === 404) throw new UpstreamError(upstreamProblem("not_found", { detail: message }));
    if (response.status === 400 && method !== "GET") throw new UpstreamError(upstreamProblem("rejected", { key: "changeRefused", detail: message }));
    if (response.status === 429) {
      const retryAfter = retryAfterSeconds(response);
      if (!throttled && retryAfter <= MAX_RETRY_AFTER_WAIT_SECONDS) {
        throttled = true;
        await sleep(retryAfter * 1000);
        continue;
      }
      throw new UpstreamError(upstreamProblem("throttled", { key: "throttled", values: { seconds: String(retryAfter) } }, { retryAfterSeconds: retryAfter }));
    }
    if (response.status >= 500 && serverErrors++ < retries) {
      await backoff(serverErrors);
      continue;
    }
    throw new UpstreamError(upstreamProblem("failed", { key: "httpError", values: { status: String(response.status) }, detail: message }));
  }
}

async function accessToken(tenantId: string, api: IncidentApi, fresh: boolean): Promise<AppToken> {
  try {
    return await getAppToken(tenantId, api, { fresh });
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    const kind = error.kind === "consent_missing" ? "lost" : error.kind === "resource_unavailable" ? "unavailable" : "failed";
    throw new UpstreamError({ kind, message: error.message, text: tokenText(error) });
  }
}

const TOKEN_TEXT: Record<TokenFailureKind, ProblemKey> = {
  consent_missing: "tokenConsentMissing",
  resource_unavailable: "tokenResourceUnavailable",
  bad_credentials: "tokenBadCredentials",
  unknown_tenant: "tokenUnknownTenant",
  transient: "tokenTransient",
};

// lib/tokens words its errors in English; one it words otherwise (quoting Microsoft) is shown as it is.
function tokenText(error: TokenError): ProblemText {
  const text = { key: TOKEN_TEXT[error.kind] };
  return inEnglish(text) === error.message ? text : { detail: error.message };
}

/** Seconds from Retry-After (seconds or an HTTP date); 30 when missing, as Graph's guidance suggests backing off. */
function retryAfterSeconds(response: HttpResponse): number {
  const header = response.headers["retry-after"];
  if (!header) return 30;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? 30 : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function backoff(attempt: number): Promise<void> {
  return sleep(250 * 3 ** (attempt - 1) * (0.5 + Math.random()));
}

function errorCode(response: HttpResponse): unknown {
  return (jsonOf(response) as { error?: { code?: unknown } } | undefined)?.error?.code;
}

function errorMessage(response: HttpResponse): string {
  const body = jsonOf(response) as { error?: { message?: unknown } } | undefined;
  return typeof body?.error?.message === "string" ? body.error.message.slice(0, 300) : statusLine(response.status);
}
