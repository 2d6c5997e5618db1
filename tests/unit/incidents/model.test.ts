import { describe, expect, it } from "vitest";

import { asSeverity, asStatus, microsoftPortalUrl } from "@/lib/incidents/model";
import { IncidentQuery } from "@/lib/incidents/query";

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

  it("falls back to defaults for nonsense in the URL", () => {
    expect(IncidentQuery.parse({ range: "1y", severity: "<script>", sort: "x", page: "-3" })).toMatchObject({ range: "30d", severity: undefined, sort: "lastUpdated", page: 1 });
    expect(IncidentQuery.parse({ q: "x".repeat(500), status: "awaitingAction,bogus" })).toMatchObject({ q: undefined, status: undefined });
  });
});
