/**
 * CI coverage floor. Reads coverage/coverage-summary.json (written by `npx hardhat coverage` with
 * the json-summary reporter, see .solcover.js) and fails if the branch coverage of any non-mock
 * contract file, or of all of them together, is below the floor (95 %). Prints every figure.
 *
 *   npx ts-node scripts/check-coverage.ts [summary.json] [floor]
 */
import fs from "node:fs";
import path from "node:path";
import { checkCoverage, FLOOR, type Summary } from "../src/checks/coverage";

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
