// Measuring the portal from outside: a staff session, the queue's NDJSON stream, a concurrent load loop, /proc.
import { readFileSync } from "node:fs";

import { encode } from "next-auth/jwt";

/** A next-auth session cookie as the jwt callback writes it after an analyst signs in. */
export async function staffCookie(secret: string): Promise<string> {
  const token = { name: "Bench Analyst", upn: "analyst@northwind-partners.example", role: "analyst" as const, sub: "bench-analyst" };
  return `next-auth.session-token=${await encode({ token, secret })}`;
}

export interface QueueTiming {
  firstRowsMs: number;
  completeMs: number;
  tenants: number;
  failedTenants: number;
  incidents: number;
}

/** Reads /api/incidents/queue to its `done` line: time to the first tenant's rows and to the end. */
export async function readQueue(url: string, cookie: string): Promise<QueueTiming> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok || !response.body) throw new Error(`${url} answered HTTP ${response.status}`);
  const timing: QueueTiming = { firstRowsMs: NaN, completeMs: NaN, tenants: 0, failedTenants: 0, incidents: 0 };
  const decoder = new TextDecoder();
  let buffered = "";
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffered += decoder.decode(chunk.value, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines.filter(Boolean)) {
      const parsed = JSON.parse(line) as { type: string; ok?: boolean; incidents?: unknown[] };
      if (parsed.type === "tenant") {
        if (Number.isNaN(timing.firstRowsMs)) timing.firstRowsMs = performance.now() - started;
        timing.tenants++;
        if (parsed.ok) timing.incidents += parsed.incidents?.length ?? 0;
        else timing.failedTenants++;
      }
      if (parsed.type === "done") timing.completeMs = performance.now() - started;
    }
  }
  if (Number.isNaN(timing.completeMs)) throw new Error(`${url} ended without its done line`);
  return timing;
}

/** One GET with its body read; the time and the body. */
export async function timedGet(url: string, cookie: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  failures: number;
}

/** `clients` loops each sending one GET after another for `seconds`, bodies read in full. */
export async function load(url: string, cookie: string, clients: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const { ms, status } = await timedGet(url, cookie);
      if (status === 200) latencies.push(ms);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - started) / 1000;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p95: percentile(latencies, 95), failures };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
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
