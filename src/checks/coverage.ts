/**
 * The coverage floor CI holds (scripts/check-coverage.ts): the branch coverage of every non-mock
 * contract file, and of all of them together, from the json-summary that `npx hardhat coverage`
 * writes (see .solcover.js).
 */
import path from "node:path";

export interface Figure {
  total: number;
  covered: number;
  pct: number | string;
}
export type Summary = Record<string, { branches: Figure }>;

export const FLOOR = 95;

export interface CoverageResult {
  ok: boolean;
  lines: string[];
  failures: string[];
}

function pct(covered: number, total: number): number {
  return total === 0 ? 100 : (100 * covered) / total;
}

export function checkCoverage(summary: Summary, floor = FLOOR, root = process.cwd()): CoverageResult {
  const lines: string[] = [];
  const failures: string[] = [];
  const files = Object.keys(summary)
    .filter((key) => key !== "total")
    .filter((key) => !key.split(path.sep).join("/").includes("/mocks/") && !key.startsWith("mocks/"))
    .sort();
  if (files.length === 0) failures.push("no contract files in the coverage summary");

  let total = 0;
  let covered = 0;
  for (const file of files) {
    const b = summary[file].branches;
    total += b.total;
    covered += b.covered;
    const p = pct(b.covered, b.total);
    const name = path.isAbsolute(file) ? path.relative(root, file) : file;
    const line = `${p.toFixed(2).padStart(6)} %  ${String(b.covered).padStart(4)}/${String(b.total).padEnd(4)} branches  ${name}`;
    lines.push(line);
    if (p < floor)
      failures.push(`${name}: branch coverage ${p.toFixed(2)} % (${b.covered}/${b.total}) is below ${floor} %`);
  }
  const all = pct(covered, total);
  lines.push(
    `${all.toFixed(2).padStart(6)} %  ${String(covered).padStart(4)}/${String(total).padEnd(4)} branches  all contracts`,
  );
  if (all < floor)
    failures.push(`all contracts: branch coverage ${all.toFixed(2)} % (${covered}/${total}) is below ${floor} %`);
  return { ok: failures.length === 0, lines, failures };
}
