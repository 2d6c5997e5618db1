import "server-only";
import { STATUS_CODES } from "node:http";
import { createSecureContext } from "node:tls";

import { Agent, request } from "undici";

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export class HttpTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No answer within ${timeoutMs / 1000} s.`);
    this.name = "HttpTimeoutError";
  }
}

// Every call to Microsoft goes through this one pool. Keep-alive connections are shared by all
// tenants, and the TLS context (the trusted CAs) is built once instead of for every connection:
// when hundreds of tenants are read at once, setting up connections is most of a call's CPU.
// It also keeps Next.js's fetch instrumentation and data cache out of these calls.
// At most 64 connections to one host, the sync's own concurrency: a burst such as a bulk change of
// 200 incidents queues for a connection in use instead of opening (and verifying) 200; measured,
// that took a third off the portal's and the emulator's CPU for it.
const agent = new Agent({ connect: { secureContext: createSecureContext() }, connections: 64 });

/** One request with its answer read in full. Gives up with HttpTimeoutError; network failures throw. */
export async function send(
  url: string,
  options: { method?: "GET" | "POST" | "PATCH"; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await request(url, { method: options.method ?? "GET", headers: options.headers, body: options.body, signal, dispatcher: agent });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return { status: response.statusCode, headers, body: await response.body.text() };
  } catch (error) {
    if (signal.aborted) throw new HttpTimeoutError(options.timeoutMs);
    throw error;
  }
}

/** The body as JSON, or undefined when it is not JSON. */
export function jsonOf(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
}

/** "503 Service Unavailable" */
export function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ""}`.trim();
}
