// Measuring the portal from outside: a staff session, its incident pages read and checked, /proc.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import { encode } from "next-auth/jwt";

import type { PrismaClient } from "@/lib/db/generated/client";

export interface BenchStaff {
  upn: string;
  role: "admin" | "analyst";
}

/** Who reads the pages unless a measurement says otherwise. */
export const BENCH_ANALYST: BenchStaff = { upn: "analyst@northwind-partners.example", role: "analyst" };

/** A next-auth session cookie as the jwt callback writes it after a staff member signs in: it names their session (see benchSessions). */
export async function staffCookie(secret: string, { upn }: BenchStaff = BENCH_ANALYST): Promise<string> {
  const token = { name: upn, upn, sid: sessionIdOf(upn), sub: upn };
  return `next-auth.session-token=${await encode({ token, secret })}`;
}

/**
 * The staff members' sessions in a bench database, as sign-in writes them (one per person, its id
 * the one in their cookie). Their role is not checked with Entra during a run: the bench's staff
 * have no Entra sign-in, and a check (once per person every few minutes) is not what it measures.
 */
export async function benchSessions(prisma: PrismaClient, staff: BenchStaff[]): Promise<void> {
  const never = new Date(Date.now() + 24 * 60 * 60 * 1000);
  for (const { upn, role } of staff) {
    const key = upn.toLowerCase();
    await prisma.staffMember.upsert({ where: { key }, create: { key, upn, name: upn, lastSignInAt: new Date() }, update: {} });
    await prisma.staffSession.create({ data: { id: sessionIdOf(upn), staffKey: key, oid: sessionIdOf(upn), role, expiresAt: never, checkedAt: never } });
  }
}

// One session per person, its id derived from their name: every section's fresh database gets the same.
function sessionIdOf(upn: string): string {
  const hex = createHash("sha256").update(upn.toLowerCase()).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
