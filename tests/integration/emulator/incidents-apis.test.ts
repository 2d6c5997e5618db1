import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ADATUM_EMPTY, DEFENDER, FABRIKAM, GRAPH, LITWARE_LARGE, PROSEWARE_HOSTILE, startIncidentWorld, TAILSPIN, WOODGROVE, type IncidentTestWorld } from "./incidents-fixture";

describe("one incident store behind both incident APIs", () => {
  let world: IncidentTestWorld;
  beforeAll(async () => {
    world = await startIncidentWorld();
  });
  afterAll(() => world.close());
  beforeEach(() => world.clock.advance(61 * 60_000));

  // Graph caps $skip at 500: past it, read on below the oldest createdDateTime seen (newest first),
  // as Elastic's poller pages by time boundary; `le` and the ids seen cover same-moment incidents.
  const graphAll = async (tenantId: string) => {
    const bearer = world.token({ tenantId, audience: GRAPH, roles: ["SecurityIncident.ReadWrite.All"], appId: randomUUID() });
    const incidents = new Map<string, Record<string, unknown>>();
    let next: string | undefined = `${world.url}/graph/v1.0/security/incidents?$expand=alerts`;
    while (next) {
      const body: { value: Record<string, unknown>[]; "@odata.nextLink"?: string } = await (await fetch(next, { headers: { authorization: `Bearer ${bearer}` } })).json();
      for (const incident of body.value) if (!incidents.has(incident.id as string)) incidents.set(incident.id as string, incident);
      next = body["@odata.nextLink"];
      if (next && Number(new URL(next).searchParams.get("$skip")) > 500) {
        const oldest = body.value.at(-1)?.createdDateTime as string;
        next = `${world.url}/graph/v1.0/security/incidents?$expand=alerts&$filter=${encodeURIComponent(`createdDateTime le ${oldest}`)}`;
      }
    }
    return [...incidents.values()];
  };

  const defenderAll = async (tenantId: string) => {
    const bearer = world.token({ tenantId, audience: DEFENDER, roles: ["Incident.ReadWrite.All"], appId: randomUUID() });
    const incidents: Record<string, unknown>[] = [];
    for (let skip = 0; ; skip += 100) {
      const body = await (await world.get(`/defender/api/incidents?$top=100&$skip=${skip}`, bearer)).json();
      incidents.push(...body.value);
      if (body.value.length < 100) return incidents;
    }
  };

  it.each([FABRIKAM, TAILSPIN, WOODGROVE, ADATUM_EMPTY, LITWARE_LARGE, PROSEWARE_HOSTILE])("serves the same incidents for tenant %s through Graph and Defender", async (tenantId) => {
    const [graph, defender] = await Promise.all([graphAll(tenantId), defenderAll(tenantId)]);
    expect(graph.length).toBe(defender.length);
    expect(graph.map((incident) => Number(incident.id))).toEqual(defender.map((incident) => incident.incidentId));
    for (let index = 0; index < graph.length; index++) {
      const [g, d] = [graph[index] as Record<string, never>, defender[index] as Record<string, never>];
      expect(d.incidentName).toBe(g.displayName);
      expect(d.lastUpdateTime).toBe(g.lastUpdateDateTime);
      expect(d.assignedTo).toBe(g.assignedTo);
      expect((d.alerts as { alertId: string }[]).map((alert) => alert.alertId)).toEqual((g.alerts as { id: string }[]).map((alert) => alert.id));
    }
  });

  it("shows a PATCH through Graph in Defender, and one through Defender in Graph", async () => {
    const [target] = await defenderAll(FABRIKAM);
    const id = target.incidentId as number;
    const graphWriter = world.token({ tenantId: FABRIKAM, audience: GRAPH, roles: ["SecurityIncident.ReadWrite.All"], appId: randomUUID() });
    const defenderWriter = world.token({ tenantId: FABRIKAM, audience: DEFENDER, roles: ["Incident.ReadWrite.All"], appId: randomUUID() });
    expect((await world.patch(`/graph/v1.0/security/incidents/${id}`, graphWriter, { severity: "low", assignedTo: "secops@fabrikam.example", customTags: ["Triage"] })).status).toBe(200);
    const seenByDefender = await (await world.get(`/defender/api/incidents/${id}`, defenderWriter)).json();
    expect(seenByDefender).toMatchObject({ severity: "Low", assignedTo: "secops@fabrikam.example", tags: ["Triage"] });
    const defenderPatch = { status: "InProgress", classification: "FalsePositive", determination: "Clean", comment: "Benign admin script." };
    expect((await world.patch(`/defender/api/incidents/${id}`, defenderWriter, defenderPatch)).status).toBe(200);
    const seenByGraph = await (await world.get(`/graph/v1.0/security/incidents/${id}`, graphWriter)).json();
    expect(seenByGraph).toMatchObject({ classification: "falsePositive", determination: "notMalicious", status: "inProgress" });
    expect(seenByGraph.comments.at(-1)).toMatchObject({ comment: "Benign admin script." });
  });

  it("shows a comment added through Graph in Defender's comments, after those added through Defender", async () => {
    const [, target] = await defenderAll(FABRIKAM);
    const id = target.incidentId as number;
    const defenderWriter = world.token({ tenantId: FABRIKAM, audience: DEFENDER, roles: ["Incident.ReadWrite.All"], appId: randomUUID() });
    const graphWriter = world.token({ tenantId: FABRIKAM, audience: GRAPH, roles: ["SecurityIncident.ReadWrite.All"], appId: randomUUID() });
    await world.patch(`/defender/api/incidents/${id}`, defenderWriter, { comment: "First, through Defender." });
    world.clock.advance(1_000);
    const answer = await (await world.post(`/graph/v1.0/security/incidents/${id}/comments`, graphWriter, { comment: "Then through Graph." })).json();
    expect(answer.value.slice(-2).map((comment: { comment: string }) => comment.comment)).toEqual(["First, through Defender.", "Then through Graph."]);
    const defender = await (await world.get(`/defender/api/incidents/${id}`, defenderWriter)).json();
    expect(defender.comments.slice(-2).map((comment: { comment: string }) => comment.comment)).toEqual(["First, through Defender.", "Then through Graph."]);
    expect(defender.lastUpdateTime).toBe(answer.value.at(-1).createdDateTime);
  });

  it("shows an awaitingAction incident as Active through Defender, whose status has no such member", async () => {
    const bearer = world.token({ tenantId: FABRIKAM, audience: GRAPH, roles: ["SecurityIncident.Read.All"], appId: randomUUID() });
    const filter = encodeURIComponent("status eq 'awaitingAction'");
    const response = await world.get(`/graph/v1.0/security/incidents?$filter=${filter}`, bearer, { prefer: "include-unknown-enum-members" });
    const awaiting = ((await response.json()).value as { id: string }[]).map((incident) => Number(incident.id));
    expect(awaiting.length).toBeGreaterThan(0);
    const defender = await defenderAll(FABRIKAM);
    for (const id of awaiting) expect(defender.find((incident) => incident.incidentId === id)).toMatchObject({ status: "Active" });
    const defenderBearer = world.token({ tenantId: FABRIKAM, audience: DEFENDER, roles: ["Incident.Read.All"], appId: randomUUID() });
    const active = await (await world.get(`/defender/api/incidents?$filter=${encodeURIComponent("status eq 'Active'")}`, defenderBearer)).json();
    expect(active.value.map((incident: { incidentId: number }) => incident.incidentId)).toEqual(expect.arrayContaining(awaiting));
  });

  it("carries hostile customer text verbatim in both APIs' JSON", async () => {
    const bearer = world.token({ tenantId: PROSEWARE_HOSTILE, audience: GRAPH, roles: ["SecurityIncident.Read.All"], appId: randomUUID() });
    const graphText = await (await world.get("/graph/v1.0/security/incidents?$expand=alerts&$top=50", bearer)).text();
    const defenderText = await (await world.get("/defender/api/incidents", world.token({ tenantId: PROSEWARE_HOSTILE, audience: DEFENDER, roles: ["Incident.Read.All"] }))).text();
    for (const text of [graphText, defenderText]) {
      const parsed = JSON.stringify(JSON.parse(text));
      for (const hostile of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "\u202E"]) expect(parsed).toContain(hostile);
    }
    const graph = JSON.parse(graphText);
    expect(Math.max(...graph.value.map((incident: { displayName: string }) => incident.displayName.length))).toBeGreaterThan(10_000);
    expect(graph.value.flatMap((incident: { alerts: { alertWebUrl: string }[] }) => incident.alerts).some((alert: { alertWebUrl: string }) => alert.alertWebUrl === "javascript:alert(1)")).toBe(true);
    const defender = JSON.parse(defenderText);
    const urls = defender.value.flatMap((incident: { alerts: { entities: { url: string | null }[] }[] }) => incident.alerts.flatMap((alert) => alert.entities.map((entity) => entity.url)));
    expect(urls).toContain("javascript:alert(1)");
  });
});
