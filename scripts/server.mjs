// The portal's server in production: Next.js's request handler behind Node's HTTP server, as
// `next start` runs it, and one thing more. Next.js fills X-Forwarded-For only when a request has
// none, so any client can name any address there; this server puts the address of the connection
// itself in `x-portal-peer`, replacing whatever a client sent, and the portal decides from it and
// TRUSTED_PROXIES which address a request came from (lib/http/client-address.ts).
//
// Usage: node scripts/server.mjs [--port 3000] — PORT and HOSTNAME are read too. Plain JavaScript,
// so production runs no TypeScript loader.
import { createServer } from "node:http";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import next from "next";

process.env.NODE_ENV ??= "production";
const { values } = parseArgs({ options: { port: { type: "string" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME;

const app = next({ dev: false, dir: dirname(dirname(fileURLToPath(import.meta.url))), port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers["x-portal-peer"] = request.socket.remoteAddress ?? "";
  void handle(request, response);
});
server.listen(port, hostname, () => console.log(`Partner portal listening on http://${hostname ?? "localhost"}:${port}`));
// Requests under way are finished (for at most 10 s); new connections are refused meanwhile.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
