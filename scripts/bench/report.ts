// The benchmark's results: measured rows with their targets, printed as a table and written as BENCHMARKS.md.
import { writeFileSync } from "node:fs";

export interface Row {
  measure: string;
  value: string;
  target: string;
  verdict: "PASS" | "MISS" | "";
}

export interface Section {
  title: string;
  rows: Row[];
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
export const seconds = (value: number) => `${value.toFixed(1)} s`;

/** A number with no target: reported for context. */
export function info(measure: string, value: string): Row {
  return { measure, value, target: "", verdict: "" };
}

/** PASS when the measured value is at most the limit. */
export function atMost(measure: string, value: number, limit: number, format: (value: number) => string): Row {
  return { measure, value: format(value), target: `≤ ${format(limit)}`, verdict: value <= limit ? "PASS" : "MISS" };
}

export function exactly(measure: string, value: number, expected: number): Row {
  return { measure, value: String(value), target: `= ${expected}`, verdict: value === expected ? "PASS" : "MISS" };
}

/** A target that is not one number against a limit: the bench says what it checked and whether it held. */
export function holds(measure: string, value: string, target: string, held: boolean): Row {
  return { measure, value, target, verdict: held ? "PASS" : "MISS" };
}

export function printTables(sections: Section[]): void {
  const rows = sections.flatMap((section) => section.rows);
  const width = (pick: (row: Row) => string) => Math.max(...rows.map((row) => pick(row).length));
  const [measure, value, target] = [width((r) => r.measure), width((r) => r.value), width((r) => r.target)];
  for (const section of sections) {
    console.log(`\n${section.title}`);
    for (const row of section.rows) {
      console.log(`  ${row.measure.padEnd(measure)}  ${row.value.padStart(value)}  ${row.target.padEnd(target)}  ${row.verdict}`);
    }
  }
}

/** The design this one replaces, next to this run: each row is a measure, then before and now. */
export interface Comparison {
  note: string;
  rows: [string, string, string][];
}

export interface Report {
  date: string;
  machine: string[];
  setup: string[];
  sections: Section[];
  comparison: Comparison;
  interpretation: string[];
  method: string[];
}

export function writeMarkdown(file: string, report: Report): void {
  // Named with their section's number: the same measure can appear in several sections.
  const misses = report.sections.flatMap((section, index) => section.rows.filter((row) => row.verdict === "MISS").map((row) => `${row.measure} (${index + 1})`));
  const lines = [
    "# Benchmarks",
    "",
    `Measured by \`npm run bench\` (\`scripts/bench.ts\`) on ${report.date}. Every number below is measured; run the bench again to refresh this file.`,
    "",
    misses.length === 0
      ? "**Every target is met.**"
      : `**${misses.length} target${misses.length > 1 ? "s" : ""} missed** (section): ${misses.join("; ")}.`,
    "",
    "## Machine",
    "",
    ...report.machine.map((line) => `- ${line}`),
    "",
    "## Setup",
    "",
    ...report.setup.map((line) => `- ${line}`),
    "",
    "## Results",
    ...report.sections.flatMap((section) => [
      "",
      `### ${section.title}`,
      "",
      "| Measure | Value | Target | Result |",
      "|---|---:|---|---|",
      ...section.rows.map((row) => `| ${row.measure} | ${row.value} | ${row.target} | ${row.verdict} |`),
    ]),
    "",
    "## Side by side with the live-read design",
    "",
    report.comparison.note,
    "",
    "| Measure | Before: live reads | Now: synced store |",
    "|---|---|---|",
    ...report.comparison.rows.map(([measure, before, now]) => `| ${measure} | ${before} | ${now} |`),
    "",
    "## Interpretation",
    "",
    ...report.interpretation.map((line) => `- ${line}`),
    "",
    "## Method",
    "",
    ...report.method.map((line) => `- ${line}`),
    "",
  ];
  writeFileSync(file, lines.join("\n"));
}
