import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import { csvLines, inert } from "@/lib/csv";

describe("CSV for spreadsheets", () => {
  it("makes every cell a spreadsheet would run as a formula start with a quote, and leaves the rest alone", () => {
    for (const formula of ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) expect(inert(formula)).toBe(`'${formula}`);
    for (const text of ["Ransomware on FINANCE-07", "a=b", "", "'quoted", "42"]) expect(inert(text)).toBe(text);
  });

  it("writes rows a CSV reader reads back, commas, quotes and line breaks included", () => {
    const rows = [["Title", "Tags"], ['He said "run", then left', "a, b\nc"], ["=1+1", "ok"]];
    expect(parse(csvLines(rows))).toEqual([rows[0], rows[1], ["'=1+1", "ok"]]);
  });
});
