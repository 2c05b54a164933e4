/**
 * The simulation's JSON report, and both reports written side by side. The JSON's keys come in a
 * fixed order (the sections in reading order, every key below them alphabetical) so two runs'
 * files can be compared line by line, whatever order the code filled the report in.
 */
import fs from "fs";
import path from "path";
import { simulationHtml } from "./report-html";
import type { SimulationReport } from "./types";

const SECTIONS: (keyof SimulationReport)[] = ["settings", "population", "headline", "arms", "chain", "run"];

/** A copy of `value` with every object's keys in alphabetical order (arrays keep theirs). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

/** The report as pretty JSON, ending in a newline. */
export function simulationJson(report: SimulationReport): string {
  const ordered = Object.fromEntries(SECTIONS.map((key) => [key, sortedKeys(report[key])]));
  return JSON.stringify(ordered, null, 2) + "\n";
}

/** Writes `simulation.json` and `simulation.html` into `dir` (made if missing); returns their paths. */
export function writeSimulationReports(report: SimulationReport, dir: string): { json: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, "simulation.json");
  const html = path.join(dir, "simulation.html");
  fs.writeFileSync(json, simulationJson(report));
  fs.writeFileSync(html, simulationHtml(report));
  return { json, html };
}
