/** The bench's reports from its results: reports/gas-benchmark.md for people, .json for scripts. */
import fs from "node:fs";
import path from "node:path";
import { jsonReport } from "./report-json";
import { markdownReport } from "./report-markdown";
import { buildRows } from "./rows";
import type { BenchResults } from "./run";
import { buildTargets } from "./targets";

export interface BenchReport {
  markdown: string;
  json: ReturnType<typeof jsonReport>;
}

export function benchReport(results: BenchResults): BenchReport {
  const rows = buildRows(results);
  const targets = buildTargets(results, rows);
  return { markdown: markdownReport(results, rows, targets), json: jsonReport(results, rows, targets) };
}

/** Writes gas-benchmark.md and gas-benchmark.json into `dir` (created when missing). */
export function writeReports(dir: string, report: BenchReport): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "gas-benchmark.md"), report.markdown);
  fs.writeFileSync(path.join(dir, "gas-benchmark.json"), JSON.stringify(report.json, null, 2) + "\n");
}
