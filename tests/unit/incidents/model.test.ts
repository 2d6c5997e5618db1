import { describe, expect, it } from "vitest";

import { asSeverity, asStatus, microsoftPortalUrl } from "@/lib/incidents/model";
import { countBySeverity, filterIncidents, IncidentQuery, sortIncidents } from "@/lib/incidents/query";
import type { Incident } from "@/lib/incidents/model";

const incident = (id: string, fields: Partial<Incident>): Incident => ({
  id,
  tenantId: "t",
  title: id,
  severity: "low",
  status: "active",
  classification: null,
  determination: null,
  assignedTo: null,
  createdAt: "2026-11-01T00:00:00Z",
  lastUpdatedAt: "2026-11-01T00:00:00Z",
  tags: [],
  webUrl: null,
  ...fields,
});

describe("incident model", () => {
  it("links only https URLs into Microsoft's security portal", () => {
    expect(microsoftPortalUrl("https://security.microsoft.com/incidents/5?tid=x")).toBe("https://security.microsoft.com/incidents/5?tid=x");
    for (const hostile of ["javascript:alert(1)", "http://security.microsoft.com/incidents/5", "https://security.microsoft.com.evil.example/", "https://user@security.microsoft.com/", "data:text/html,<script>", 42, null]) {
      expect(microsoftPortalUrl(hostile)).toBeNull();
    }
  });

  it("maps both APIs' enum spellings to one", () => {
    expect([asSeverity("High"), asSeverity("high"), asSeverity("UnSpecified"), asSeverity("<b>")]).toEqual(["high", "high", "unknown", "unknown"]);
    expect([asStatus("InProgress"), asStatus("inProgress"), asStatus(undefined)]).toEqual(["inProgress", "inProgress", "unknown"]);
  });

  it("filters by severity, status and assignee, and counts by severity", () => {
    const incidents = [
      incident("1", { severity: "high", assignedTo: "sam@partner.example" }),
      incident("2", { severity: "high", status: "resolved" }),
      incident("3", { severity: "medium" }),
    ];
    const query = IncidentQuery.parse({ severity: "high", status: "active" });
    expect(filterIncidents(incidents, query).map((i) => i.id)).toEqual(["1"]);
    expect(filterIncidents(incidents, IncidentQuery.parse({ assignedTo: "unassigned" })).map((i) => i.id)).toEqual(["2", "3"]);
    expect(countBySeverity(incidents)).toEqual({ high: 2, medium: 1, low: 0, informational: 0, unknown: 0 });
  });

  it("sorts by last update by default, and by severity on request", () => {
    const incidents = [
      incident("old-high", { severity: "high", lastUpdatedAt: "2026-10-01T00:00:00Z" }),
      incident("new-low", { severity: "low", lastUpdatedAt: "2026-11-20T00:00:00Z" }),
    ];
    expect(sortIncidents(incidents, IncidentQuery.parse({}).sort).map((i) => i.id)).toEqual(["new-low", "old-high"]);
    expect(sortIncidents(incidents, "severity").map((i) => i.id)).toEqual(["old-high", "new-low"]);
  });

  it("falls back to defaults for nonsense in the URL", () => {
    expect(IncidentQuery.parse({ range: "1y", severity: "<script>", sort: "x", page: "-3" })).toMatchObject({ range: "30d", severity: undefined, sort: "lastUpdated", page: 1 });
  });
});
