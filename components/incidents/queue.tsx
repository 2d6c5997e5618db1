"use client";

import { useEffect, useMemo, useState } from "react";

import type { UpstreamProblem } from "@/lib/incidents";
import type { QueueLine } from "@/lib/incidents/lines";
import { compareIncidents, type Incident, type IncidentSort } from "@/lib/incidents/model";

import { IncidentRows } from "./incident-rows";
import { PROBLEM_LABEL } from "./problem";

type TenantState = { name: string } & ({ state: "waiting" } | { state: "ok"; count: number; truncated: boolean } | { state: "problem"; problem: UpstreamProblem });

const SLOW_AFTER_MS = 3_000;
const MAX_ROWS = 500;

/** The all-tenants queue: reads the NDJSON stream and shows each tenant's rows as soon as it answers. */
export function IncidentQueue({ search, sort }: { search: string; sort: IncidentSort }) {
  const [tenants, setTenants] = useState(new Map<string, TenantState>());
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [finished, setFinished] = useState(false);
  const [slow, setSlow] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => setSlow(true), SLOW_AFTER_MS);
    void (async () => {
      try {
        const response = await fetch(`/api/incidents/queue?${search}`, { signal: abort.signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          const lines = buffer.split("\n");
          buffer = lines.pop() ?? "";
          for (const line of lines.filter(Boolean)) apply(JSON.parse(line) as QueueLine);
        }
      } catch (error) {
        if (!abort.signal.aborted) setFailure(error instanceof Error ? error.message : String(error));
      } finally {
        clearTimeout(timer);
      }
    })();

    function apply(line: QueueLine) {
      if (line.type === "tenants") {
        setTenants(new Map(line.tenants.map((tenant) => [tenant.id, { name: tenant.name, state: "waiting" }])));
      } else if (line.type === "done") {
        setFinished(true);
      } else if (line.ok) {
        setTenants((map) => new Map(map).set(line.tenantId, { name: nameIn(map, line.tenantId), state: "ok", count: line.incidents.length, truncated: line.truncated }));
        setIncidents((rows) => rows.concat(line.incidents));
      } else {
        setTenants((map) => new Map(map).set(line.tenantId, { name: nameIn(map, line.tenantId), state: "problem", problem: line.problem }));
      }
    }
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [search]);

  const sorted = useMemo(() => [...incidents].sort(compareIncidents(sort)), [incidents, sort]);
  const tenantNames = useMemo(() => new Map([...tenants].map(([id, tenant]) => [id, tenant.name])), [tenants]);
  const waiting = [...tenants.values()].filter((tenant) => tenant.state === "waiting").length;

  return (
    <div className="space-y-4">
      <p role="status" className="text-sm text-slate-600">
        {failure
          ? `The queue could not be loaded (${failure}). Reload the page to try again.`
          : finished
            ? `${incidents.length} incidents from ${tenants.size} ${tenants.size === 1 ? "tenant" : "tenants"}.`
            : `Loading… ${tenants.size - waiting} of ${tenants.size} tenants answered, ${incidents.length} incidents so far.`}
      </p>
      <ul aria-label="Tenant status" className="flex flex-wrap gap-2 text-xs">
        {[...tenants].map(([id, tenant]) => (
          <li key={id} className={`rounded-full border px-3 py-1 ${chipClass(tenant, slow)}`}>
            {tenant.name}: {chipText(tenant, slow)}
          </li>
        ))}
      </ul>
      {finished && tenants.size === 0 && <p className="text-slate-600">No tenant has granted consent yet: add tenants and send their consent links first.</p>}
      {sorted.length > 0 && <IncidentRows incidents={sorted.slice(0, MAX_ROWS)} tenantNames={tenantNames} />}
      {sorted.length > MAX_ROWS && <p className="text-sm text-slate-600">Showing the first {MAX_ROWS} of {sorted.length}. Narrow the filters to see the rest.</p>}
      {finished && tenants.size > 0 && sorted.length === 0 && <p className="text-slate-600">No incidents match these filters.</p>}
    </div>
  );
}

function nameIn(tenants: Map<string, TenantState>, id: string): string {
  return tenants.get(id)?.name ?? id;
}

function chipText(tenant: TenantState, slow: boolean): string {
  if (tenant.state === "waiting") return slow ? "slow, still waiting" : "loading";
  if (tenant.state === "ok") return `${tenant.count}${tenant.truncated ? "+" : ""} incidents`;
  return tenant.problem.kind === "throttled" && tenant.problem.retryAfterSeconds
    ? `${PROBLEM_LABEL.throttled}, retry in ${tenant.problem.retryAfterSeconds} s`
    : PROBLEM_LABEL[tenant.problem.kind];
}

function chipClass(tenant: TenantState, slow: boolean): string {
  if (tenant.state === "ok") return "border-slate-200 bg-white";
  if (tenant.state === "waiting") return slow ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-slate-50";
  return "border-red-300 bg-red-50 text-red-900";
}
