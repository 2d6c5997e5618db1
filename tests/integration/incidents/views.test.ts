import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordStaffSignIn } from "@/lib/auth/staff";
import { IncidentQuery } from "@/lib/incidents/query";
import { defaultViewQuery, deleteView, listViews, saveView, setDefaultView, viewQuery } from "@/lib/incidents/views";
import { ADMIN, ANALYST, READER } from "@/tests/support/seed-ids";
import { openTestDatabase, type TestDatabase } from "@/tests/support/database";

let database: TestDatabase;

describe("saved views", () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    for (const staff of [ADMIN, ANALYST, READER]) await recordStaffSignIn({ upn: staff.upn, name: staff.name, entraGroups: [] });
  });
  afterAll(() => database.close());

  it("keep a queue address's filters, not its page, in one spelling", () => {
    expect(viewQuery({ severity: ["high", "medium"], status: "active", page: "7", range: "30d", junk: "x" })).toBe("severity=high%2Cmedium&status=active");
    expect(viewQuery({ severity: ["high"], range: ["180d"] })).toBe("severity=high&range=180d");
    expect(viewQuery({ severity: "high,medium", status: "active" })).toBe(viewQuery({ status: "active", severity: ["high", "medium"] }));
    // What it keeps is what the queue reads.
    expect(IncidentQuery.parse(Object.fromEntries(new URLSearchParams(viewQuery({ q: "phish", range: "90d", sort: "severity" }))))).toMatchObject({ q: "phish", range: "90d", sort: "severity", page: 1 });
  });

  it("are their owner's, and colleagues see them only once shared", async () => {
    const mine = await saveView(ANALYST.upn, { name: "My highs", query: "severity=high", shared: false });
    const team = await saveView(ANALYST.upn, { name: "Team queue", query: "status=active", shared: true });
    expect((await listViews(ANALYST.upn)).map((view) => [view.name, view.mine])).toEqual([["My highs", true], ["Team queue", true]]);
    expect((await listViews(READER.upn)).map((view) => [view.name, view.mine, view.owner])).toEqual([["Team queue", false, ANALYST.name]]);
    // Saving under the same name replaces; nobody removes a colleague's view.
    expect(await saveView(ANALYST.upn, { name: "My highs", query: "severity=high&status=active", shared: false })).toBe(mine);
    expect(await deleteView(READER.upn, team)).toBe(false);
    expect((await listViews(ADMIN.upn)).map((view) => view.name)).toEqual(["Team queue"]);
  });

  it("open the queue as a staff member's default only while they can see the view", async () => {
    const [team] = (await listViews(READER.upn)).filter((view) => view.name === "Team queue");
    const [own] = (await listViews(ANALYST.upn)).filter((view) => view.name === "My highs");
    expect(await setDefaultView(READER.upn, own.id)).toBe(false);
    expect(await setDefaultView(READER.upn, team.id)).toBe(true);
    expect(await defaultViewQuery(READER.upn)).toBe("status=active");
    expect((await listViews(READER.upn)).find((view) => view.id === team.id)?.isDefault).toBe(true);
    // Its owner stops sharing it: the colleague's queue no longer opens with it.
    await saveView(ANALYST.upn, { name: "Team queue", query: "status=active", shared: false });
    expect(await defaultViewQuery(READER.upn)).toBeNull();
    await saveView(ANALYST.upn, { name: "Team queue", query: "status=active", shared: true });
    expect(await deleteView(ANALYST.upn, team.id)).toBe(true);
    expect(await defaultViewQuery(READER.upn)).toBeNull();
    expect(await setDefaultView(READER.upn, null)).toBe(true);
  });
});
