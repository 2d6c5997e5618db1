import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 1024 * 1024;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Pages run no script of their own (except the form_post page, which sets its own policy), so
// a policy without script sources turns any escaping mistake into a harmless one.
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** One request and its response, with the identifiers Entra stamps on every answer. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The authority the client used, e.g. https://localhost:4443; issuers and endpoints are built from it. */
  origin: string;
  traceId: string;
  correlationId: string;
}

export interface Route {
  methods: readonly string[];
  path: RegExp;
  handle(exchange: Exchange, match: RegExpMatchArray): Promise<void> | void;
}

export function createExchange(req: IncomingMessage, res: ServerResponse, defaultHost: string): Exchange {
  const host = req.headers.host ?? defaultHost;
  const url = new URL(req.url ?? "/", `https://${host}`);
  // Entra echoes a client-request-id (MSAL sends one) as the correlation id of its answer.
  const clientRequestId = header(req, "client-request-id");
  const correlationId = clientRequestId && GUID.test(clientRequestId) ? clientRequestId : randomUUID();
  const traceId = randomUUID();
  res.setHeader("x-ms-request-id", traceId);
  if (clientRequestId) res.setHeader("client-request-id", correlationId);
  return { req, res, url, origin: url.origin, traceId, correlationId };
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(exchange: Exchange, status: number, body: unknown): void {
  exchange.res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store, no-cache",
    pragma: "no-cache",
  });
  exchange.res.end(JSON.stringify(body));
}

export function sendHtml(exchange: Exchange, status: number, html: string, policy = PAGE_POLICY): void {
  exchange.res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store, no-cache",
    "content-security-policy": policy,
    "x-frame-options": "DENY",
  });
  exchange.res.end(html);
}

export function redirect(exchange: Exchange, location: string): void {
  exchange.res.writeHead(302, { location, "cache-control": "no-store, no-cache" });
  exchange.res.end();
}

/** Reads an application/x-www-form-urlencoded body (any other body reads as empty, as Entra ignores it). */
export async function readForm(exchange: Exchange): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of exchange.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("Request body too large");
    chunks.push(chunk as Buffer);
  }
  const isForm = (header(exchange.req, "content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
  return new URLSearchParams(isForm ? Buffer.concat(chunks).toString("utf8") : "");
}

/** Reads a JSON request body; undefined when it is not a JSON object. */
export async function readJsonObject(exchange: Exchange): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of exchange.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
