// Measuring the portal from outside: a staff session, its incident pages read and checked, /proc.
import { readFileSync } from "node:fs";

import { encode } from "next-auth/jwt";

/** A next-auth session cookie as the jwt callback writes it after a staff member (an analyst unless told) signs in. */
export async function staffCookie(secret: string, { upn, role }: { upn: string; role: "admin" | "analyst" } = { upn: "analyst@northwind-partners.example", role: "analyst" }): Promise<string> {
  const token = { name: upn, upn, role, sub: upn };
  return `next-auth.session-token=${await encode({ token, secret })}`;
}

/** One GET with its body read; the time and the body. */
export async function timedGet(url: string, cookie: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

export interface IncidentsPage {
  /** The "N incidents" the page shows; null when it shows none. */
  total: number | null;
  /** The incident ids its rows link to. */
  rows: string[];
  /** The pager's "Page N"; null without a pager. */
  page: number | null;
  /** The HTML without React's text separators, for looking up what the page shows. */
  text: string;
}

/** What an incidents page (the queue or a tenant's) shows, read from its HTML. */
export function readIncidentsPage(body: string): IncidentsPage {
  const text = body.replaceAll("<!-- -->", "");
  const total = />([\d,]+) incidents?</.exec(text)?.[1];
  return {
    total: total === undefined ? null : Number(total.replaceAll(",", "")),
    rows: [...text.matchAll(/href="\/tenants\/[0-9a-f-]{36}\/incidents\/(\d+)"/g)].map((match) => match[1]),
    page: Number(/Page (\d+) of \d+/.exec(text)?.[1] ?? NaN) || null,
    text,
  };
}

export interface Samples {
  ms: number[];
  failures: number;
  /** The first failure's reason, for the log. */
  problem?: string;
}

export interface Sampled {
  url: string;
  cookie: string;
  /** What is wrong with the page as shown; undefined when nothing is. */
  check: (page: IncidentsPage) => string | undefined;
}

/**
 * GETs every page `count` times in rounds — each page once, then each again — so that whatever the
 * machine does meanwhile falls on every page alike. A sample counts only when it answers 200 and its
 * check finds nothing wrong; the samples of each page, in the order given.
 */
export async function sampleRounds(pages: Sampled[], count: number): Promise<Samples[]> {
  const results = pages.map((): Samples => ({ ms: [], failures: 0 }));
  for (let round = 0; round < count; round++) {
    for (const [index, { url, cookie, check }] of pages.entries()) {
      const { ms, status, body } = await timedGet(url, cookie);
      const problem = status === 200 ? check(readIncidentsPage(body)) : `HTTP ${status}`;
      const result = results[index];
      if (problem === undefined) {
        result.ms.push(ms);
      } else {
        result.failures++;
        result.problem ??= `${url}: ${problem}`;
      }
    }
  }
  return results;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Resident memory of a process, in MiB. */
export function residentMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  if (!line) throw new Error(`No VmRSS for process ${pid}`);
  return Number(line[1]) / 1024;
}

/** CPU time (user + system) a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
