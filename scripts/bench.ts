/**
 * Gas benchmark (`npm run bench`): measures gas from real receipts on the in-process Hardhat
 * network and writes reports/gas-benchmark.md and reports/gas-benchmark.json. The measuring is in
 * src/bench (run.ts says in which order); this script sets the hardfork, runs it and writes the
 * reports.
 *
 * Every figure is a whole transaction's gasUsed (21,000 base and calldata included), measured in
 * warm, realistic state: the second month of a household, after a first month of income,
 * settlement and release. Each measured transaction's events are checked: a bench of the wrong
 * thing fails loudly. BENCH_HOUSEHOLD_YEAR=skip leaves out the household-year runs (minutes) while
 * iterating.
 *
 * The in-process network defaults to the Osaka hardfork, whose EIP-7825 caps one transaction at
 * 2^24 = 16,777,216 gas. To measure keeper batches beyond that cap, this script runs on Prague
 * (same gas schedule for everything measured here; only the cap differs) unless
 * BENCH_HARDFORK=osaka is set. The report gives the batch size that fits 30M gas and the one that
 * fits under the Osaka cap.
 */
import hre from "hardhat";
import path from "node:path";
import { benchReport, runBench, writeReports } from "../src/bench";

const hardfork = process.env.BENCH_HARDFORK ?? "prague";
(hre.network.config as { hardfork?: string }).hardfork = hardfork; // before the provider starts

async function main() {
  const results = await runBench(hre, { hardfork, skipHouseholdYear: process.env.BENCH_HOUSEHOLD_YEAR === "skip" });
  const report = benchReport(results);
  writeReports(path.join(__dirname, "..", "reports"), report);
  console.log(report.markdown);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
