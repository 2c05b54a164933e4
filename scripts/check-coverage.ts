/**
 * CI coverage floor. Reads coverage/coverage-summary.json (written by `npx hardhat coverage` with
 * the json-summary reporter, see .solcover.js) and fails if the branch coverage of any non-mock
 * contract file, or of all of them together, is below the floor (95 %). Prints every figure.
 *
 *   npx ts-node scripts/check-coverage.ts [summary.json] [floor]
 */
import fs from "node:fs";
import path from "node:path";

interface Figure {
  total: number;
  covered: number;
  pct: number | string;
}
type Summary = Record<string, { branches: Figure }>;

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

function main() {
  const file = process.argv[2] ?? path.join("coverage", "coverage-summary.json");
  const floor = process.argv[3] ? Number(process.argv[3]) : FLOOR;
  if (!fs.existsSync(file)) {
    console.error(`coverage floor: ${file} not found (run \`npx hardhat coverage\` first)`);
    process.exit(1);
  }
  const result = checkCoverage(JSON.parse(fs.readFileSync(file, "utf8")) as Summary, floor);
  console.log(`Branch coverage (floor ${floor} %), from ${file}:`);
  for (const line of result.lines) console.log(`  ${line}`);
  if (!result.ok) {
    for (const failure of result.failures) console.error(`coverage floor FAILED: ${failure} (${file})`);
    process.exit(1);
  }
  console.log("coverage floor met");
}

if (require.main === module) main();
