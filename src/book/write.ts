import fs from "fs";
import path from "path";
import type { Money } from "../core";
import { renderHtml } from "./page";
import type { Report } from "./report";

/** Writes the report as JSON and as a page beside it, both named after the scenario and the time. */
export function writeReport(report: Report, dir: string, money: Money): { reportPath: string; htmlPath: string } {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.generatedAt.replace(/[:.]/g, "-").replace("T", "_").replace("Z", "");
  const base = path.join(dir, `${report.scenario.name}-${stamp}`);
  const reportPath = `${base}.json`;
  const htmlPath = `${base}.html`;
  fs.writeFileSync(reportPath, JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(htmlPath, renderHtml(report, money));
  return { reportPath, htmlPath };
}
