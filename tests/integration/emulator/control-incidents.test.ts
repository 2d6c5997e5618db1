import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotInWorldError } from "@/emulator/server";
import { startControlledEmulator, type ControlledEmulator } from "./control-fixture";
import { ADATUM_TENANT_ID, DEFENDER_DEFAULT, FABRIKAM_TENANT_ID, TAILSPIN_TENANT_ID } from "./emulator-fixture";
import { TestClock } from "./incidents-fixture";

const GRAPH_LIST = "/graph/v1.0/security/incidents";
const DEFENDER_LIST = "/defender/api/incidents";

/** Microsoft's seven-digit timestamps, as the emulator writes them. */
function microsoftTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, "0000Z");
}

describe("control API: incidents that appear and change while the emulator runs", () => {
  let emulator: ControlledEmulator;
  const clock = new TestClock();
  let graphToken: (tenantId: string) => Promise<string>;
  beforeAll(async () => {
    emulator = await startControlledEmulator({ clock: clock.read });
    graphToken = (tenantId) => emulator.appToken(tenantId);
  });
  afterAll(() => emulator.close());

  const graph = async (path: string, tenantId = FABRIKAM_TENANT_ID, headers: Record<string, string> = {}) => {
    const response = await fetch(`${emulator.url}${GRAPH_LIST}${path}`, { headers: { authorization: `Bearer ${await graphToken(tenantId)}`, ...headers } });
    return response.json();
  };
  const defender = async (path: string, tenantId = FABRIKAM_TENANT_ID) => (await emulator.get(`${DEFENDER_LIST}${path}`, await emulator.appToken(tenantId, DEFENDER_DEFAULT))).json();

  it("raises an incident over HTTP: 201 in Graph's shape with alerts, the next id, stamped with the clock, newest in both APIs", async () => {
    const [newest] = (await graph("?$top=1")).value;
    clock.advance(1_000);
    const response = await emulator.controlApi("POST", `/tenants/${FABRIKAM_TENANT_ID}/incidents`, {});
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({
      "@odata.type": "#microsoft.graph.security.incident",
      id: String(Number(newest.id) + 1),
      tenantId: FABRIKAM_TENANT_ID,
      status: "active",
      createdDateTime: microsoftTime(clock.now),
      lastUpdateDateTime: microsoftTime(clock.now),
    });
    expect(created.alerts.length).toBeGreaterThan(0);
    expect(created.alerts[0]).toMatchObject({ incidentId: created.id, evidence: expect.any(Array) });

    expect((await graph("?$top=1")).value[0]).toEqual({ ...created, alerts: undefined });
    expect((await defender("?$top=1")).value[0]).toMatchObject({ incidentId: Number(created.id), incidentName: created.displayName, status: "Active" });
  });

  it("takes the fields it is given, and each API shows an awaitingAction incident its own way", async () => {
    const createdDateTime = new Date(clock.now - 3_600_000).toISOString();
    const response = await emulator.controlApi("POST", `/tenants/${FABRIKAM_TENANT_ID}/incidents`, {
      displayName: "Ransomware precursors on the finance file server",
      severity: "high",
      status: "awaitingAction",
      assignedTo: "secops@fabrikam.example",
      customTags: ["Defender Experts"],
      createdDateTime,
    });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({
      displayName: "Ransomware precursors on the finance file server",
      severity: "high",
      status: "awaitingAction",
      assignedTo: "secops@fabrikam.example",
      customTags: ["Defender Experts"],
      createdDateTime: microsoftTime(Date.parse(createdDateTime)),
      lastUpdateDateTime: microsoftTime(clock.now),
    });
    expect((await graph(`/${created.id}`)).status).toBe("unknownFutureValue");
    expect((await graph(`/${created.id}`, FABRIKAM_TENANT_ID, { prefer: "include-unknown-enum-members" })).status).toBe("awaitingAction");
    expect((await defender(`/${created.id}`)).status).toBe("Active");
  });

  it("changes an incident as an analyst in Microsoft's portal would; changes in one instant share lastUpdateDateTime, later ones are later", async () => {
    const [target] = (await graph(`?$top=1&$filter=${encodeURIComponent("status eq 'active'")}`, TAILSPIN_TENANT_ID)).value;
    clock.advance(1_000);
    const path = `/tenants/tailspin.example/incidents/${target.id}`;
    const first = await emulator.controlApi("PATCH", path, { status: "inProgress", severity: "high", displayName: "Escalated: credential theft" });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ id: target.id, status: "inProgress", severity: "high", displayName: "Escalated: credential theft", lastUpdateDateTime: microsoftTime(clock.now) });
    const second = await emulator.controlApi("PATCH", path, { assignedTo: "analyst@tailspin.example" });
    expect(second.status).toBe(200);

    const seen = await graph(`/${target.id}`, TAILSPIN_TENANT_ID);
    expect(seen).toMatchObject({ status: "inProgress", severity: "high", displayName: "Escalated: credential theft", assignedTo: "analyst@tailspin.example", lastUpdateDateTime: microsoftTime(clock.now) });
    expect(await defender(`/${target.id}`, TAILSPIN_TENANT_ID)).toMatchObject({ status: "InProgress", severity: "High", assignedTo: "analyst@tailspin.example", lastUpdateTime: microsoftTime(clock.now) });

    clock.advance(1);
    const third = await emulator.controlApi("PATCH", path, { status: "resolved", classification: "truePositive", determination: "compromisedAccount" });
    expect(Date.parse((await third.json()).lastUpdateDateTime)).toBeGreaterThan(Date.parse(seen.lastUpdateDateTime));
    const newest = (await graph(`?$top=1&$orderby=${encodeURIComponent("lastUpdateDateTime desc")}`, TAILSPIN_TENANT_ID)).value[0];
    expect(newest).toMatchObject({ id: target.id, status: "resolved", classification: "truePositive", determination: "compromisedAccount" });
  });

  it("refuses invalid bodies with 400 and the problems, unknown tenants and incidents with 404", async () => {
    const invalid = await emulator.controlApi("POST", `/tenants/${FABRIKAM_TENANT_ID}/incidents`, { status: "redirected", severity: "extreme", colour: "red" });
    expect(invalid.status).toBe(400);
    const { problems } = (await invalid.json()) as { problems: { path: string }[] };
    expect(problems.map((problem) => problem.path).sort()).toEqual(["", "severity", "status"]);
    const future = await emulator.controlApi("POST", `/tenants/${FABRIKAM_TENANT_ID}/incidents`, { createdDateTime: new Date(clock.now + 60_000).toISOString() });
    expect(future.status).toBe(400);
    expect((await future.json()).problems).toEqual([{ path: "createdDateTime", message: expect.stringMatching(/^Must not be later than the emulator's clock/) }]);
    expect((await emulator.controlApi("POST", "/tenants/nowhere.example/incidents", {})).status).toBe(404);

    const [target] = (await graph("?$top=1", TAILSPIN_TENANT_ID)).value;
    const path = `/tenants/${TAILSPIN_TENANT_ID}/incidents`;
    expect((await emulator.controlApi("PATCH", `${path}/${target.id}`, {})).status).toBe(400);
    const mismatch = await emulator.controlApi("PATCH", `${path}/${target.id}`, { classification: "falsePositive", determination: "malware" });
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).problems).toEqual([{ path: "determination", message: "The determination 'malware' does not fit the incident's classification." }]);
    const missing = await emulator.controlApi("PATCH", `${path}/1`, { status: "resolved" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "not_found", message: `No incident 1 in tenant ${TAILSPIN_TENANT_ID} in the emulated world.` });
    expect((await fetch(`${emulator.url}/_emulator/control${path}`, { method: "POST", body: "{}" })).status).toBe(415);
  });

  it("offers the same in-process: createIncident and updateIncident", async () => {
    clock.advance(1_000);
    const created = await emulator.control.createIncident(ADATUM_TENANT_ID, { displayName: "First incident ever", customTags: ["New"] });
    expect(created).toMatchObject({ id: "1", displayName: "First incident ever", customTags: ["New"], lastUpdateDateTime: microsoftTime(clock.now) });
    expect(created.alerts.length).toBeGreaterThan(0);
    const updated = await emulator.control.updateIncident("adatum.example", created.id, { status: "resolved", classification: "informationalExpectedActivity", determination: "securityTesting" });
    expect(updated).toMatchObject({ id: "1", status: "resolved", classification: "informationalExpectedActivity", determination: "securityTesting" });
    expect(updated.alerts.every((alert) => alert.status === "resolved")).toBe(true);
    await expect(emulator.control.updateIncident(ADATUM_TENANT_ID, 2, { status: "active" })).rejects.toThrow(NotInWorldError);
    await expect(emulator.control.updateIncident(ADATUM_TENANT_ID, 1, { status: "sleeping" } as never)).rejects.toMatchObject({ name: "ZodError" });
    await expect(emulator.control.createIncident("nowhere.example")).rejects.toThrow(NotInWorldError);
  });
});
