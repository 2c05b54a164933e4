/**
 * `npm run bench:forecast`: how long a coach's at-risk scan of 1,000 households takes on a real
 * `hardhat node` (started here on a free port, stopped at the end). Writes
 * reports/forecast-benchmark.json and .md. Target (issue 9): at most 60 s on this 2-core machine.
 *
 *   npm run bench:forecast -- --households 200 --runs 3
 */
import fs from "fs";
import path from "path";
import { Option } from "commander";
import { cliProgram, parseCommandLine, wholeNumber } from "../src/cli";
import { startHardhatNode } from "../src/chain/local-node";
import { runMain } from "../src/core";

const TARGET_SECONDS = 60;
const program = cliProgram("npm run bench:forecast --", "Times the forecast of many households on a hardhat node.")
  .addOption(
    new Option("--households <count>", "households to create and forecast")
      .argParser(wholeNumber(1, 5000))
      .default(1000),
  )
  .addOption(
    new Option("--runs <count>", "timed scans (the median is reported)").argParser(wholeNumber(1, 20)).default(3),
  );

runMain(async () => {
  const options = parseCommandLine<{ households: number; runs: number }>(program, process.argv.slice(2));
  if (!options) return;
  const node = await startHardhatNode();
  try {
    process.env.LOCAL_RPC_URL = node.url;
    process.env.HARDHAT_NETWORK = "localhost";
    // Hardhat is loaded only now, pointed at the node just started.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const hre = require("hardhat") as typeof import("hardhat");
    await hre.run("compile", { quiet: true });
    const { forecastBenchmark } = await import("../src/bench/forecast-households");
    const result = await forecastBenchmark(hre, { ...options, url: node.url, log: (l) => console.log(l) });
    writeReports({ ...result, targetSeconds: TARGET_SECONDS, met: result.medianSeconds <= TARGET_SECONDS });
  } finally {
    await node.stop();
  }
});

function writeReports(result: Record<string, unknown> & { medianSeconds: number; met: boolean }): void {
  const dir = path.resolve(__dirname, "..", "reports");
  fs.mkdirSync(dir, { recursive: true });
  const json = { generatedAt: new Date().toISOString(), machine: `${require("os").cpus().length} cores`, ...result };
  fs.writeFileSync(path.join(dir, "forecast-benchmark.json"), JSON.stringify(json, null, 2));
  const lines = [
    "# Forecast benchmark",
    "",
    "| measure | value |",
    "|---|---:|",
    ...Object.entries(json).map(
      ([k, v]) => `| ${k} | ${Array.isArray(v) ? v.map((x) => Number(x).toFixed(2)).join(", ") : v} |`,
    ),
  ];
  fs.writeFileSync(path.join(dir, "forecast-benchmark.md"), lines.join("\n") + "\n");
  console.log(lines.join("\n"));
  console.log(
    `\nmedian scan ${result.medianSeconds.toFixed(2)} s: target ≤ ${TARGET_SECONDS} s ${result.met ? "met" : "MISSED"}`,
  );
}
