// The portal's server in production: Next.js's request handler behind Node's HTTP server, run from
// the standalone build (`npm run build` copies this file to .next/standalone/server.mjs; `npm start`
// and the container image run it there). Beyond what Next.js's own standalone server does:
// - Next.js fills X-Forwarded-For only when a request has none, so any client can name any address
//   there; this server puts the connection's own address in `x-portal-peer`, replacing whatever a
//   client sent, and the portal decides from it and TRUSTED_PROXIES which address a request came
//   from (lib/http/client-address.ts).
// - Every request gets an id, answered in `x-request-id` and carried by every log line written while
//   it is served; logs are JSON lines (pino), Next.js's own messages included.
// - SIGTERM stops taking connections, finishes the requests under way, hands the background work
//   back (lib/shutdown.ts) and exits, within SHUTDOWN_SECONDS.
//
// Usage: node server.mjs [--port 3000] — PORT and HOSTNAME are read too. Plain JavaScript, so
// production runs no TypeScript loader.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { format, parseArgs } from "node:util";

import next from "next";
import pino from "pino";

// Within the 30 s a container platform waits between SIGTERM and SIGKILL.
const SHUTDOWN_SECONDS = 25;

const dir = dirname(fileURLToPath(import.meta.url));
// An embedded database's folder is where the server was started from, not inside the build (which
// the next build replaces).
process.env.DATA_DIR = resolve(process.env.DATA_DIR || ".data");
process.chdir(dir);
process.env.NODE_ENV = "production";
const { values } = parseArgs({ options: { port: { type: "string" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME;

// Shared with the portal's code (lib/log), which runs in this process: the logger, and the
// request each piece of work is for.
const requests = new AsyncLocalStorage();
const log = pino({
  level: process.env.LOG_LEVEL || "info",
  base: { service: "partner-portal" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  mixin: () => requests.getStore() ?? {},
});
globalThis[Symbol.for("partner-portal.log")] = log;
for (const [method, level] of [["log", "info"], ["info", "info"], ["warn", "warn"], ["error", "error"], ["debug", "debug"]]) {
  console[method] = (...args) => log[level](format(...args));
}
// Node.js's own warnings and a crash are events too, not lines of text.
process.removeAllListeners("warning");
process.on("warning", (warning) => log.warn({ name: warning.name }, warning.message));
process.on("uncaughtException", (error) => {
  log.fatal({ err: error.stack ?? String(error) }, "Uncaught exception");
  process.exit(1);
});

// The configuration Next.js wrote at build time, as its own standalone server reads it.
const { config } = JSON.parse(readFileSync(join(dir, ".next", "required-server-files.json"), "utf8"));
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
const app = next({ dev: false, dir, conf: config, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

let stopping = false;
const server = createServer((request, response) => {
  const requestId = randomUUID();
  const started = performance.now();
  request.headers["x-portal-peer"] = request.socket.remoteAddress ?? "";
  response.setHeader("x-request-id", requestId);
  // Clients that keep connections open learn to reconnect elsewhere.
  if (stopping) response.setHeader("connection", "close");
  response.once("close", () => {
    // The path only: query strings carry consent states and codes.
    const path = (request.url ?? "").split("?")[0];
    const level = path.startsWith("/api/health/") || path.startsWith("/_next/static/") ? "debug" : "info";
    log[level]({ requestId, method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - started), aborted: !response.writableFinished || undefined }, "request");
  });
  requests.run({ requestId }, () => void handle(request, response));
});
server.listen(port, hostname, () => log.info({ port }, `Partner portal listening on http://${hostname ?? "localhost"}:${port}`));

for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => void shutDown(signal));

async function shutDown(signal) {
  stopping = true;
  log.info({ signal }, "Stopping: no new connections; finishing the requests under way");
  setTimeout(() => {
    log.warn(`Stopped after ${SHUTDOWN_SECONDS} s with work still under way`);
    process.exit(1);
  }, SHUTDOWN_SECONDS * 1000).unref();
  const requestsDone = new Promise((done) => server.close(() => done()));
  server.closeIdleConnections();
  try {
    await globalThis[Symbol.for("partner-portal.shutdown")]?.(requestsDone);
    await requestsDone;
    log.info("Stopped");
    process.exit(0);
  } catch (error) {
    log.error({ err: error instanceof Error ? error.message : String(error) }, "Stopping failed");
    process.exit(1);
  }
}
