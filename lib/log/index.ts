import pino, { type Logger } from "pino";

import { processState } from "@/lib/process-state";

/**
 * The portal's log: JSON lines. Under the production server (scripts/server.mjs) this is the
 * server's own logger, whose lines carry the id of the request being served; elsewhere (scripts,
 * tests) one of the same shape. Log messages and ids, never a token, secret or consent state.
 */
export const log: Logger = processState(
  "log",
  () =>
    ((globalThis as Record<symbol, unknown>)[Symbol.for("partner-portal.log")] as Logger | undefined) ??
    pino({
      level: process.env.LOG_LEVEL || "info",
      base: { service: "partner-portal" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    }),
);

/** What a failure says, for a log line: its message, not its stack or the objects it carries. */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
