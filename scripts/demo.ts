/**
 * The family scenario: a household through a year of income, fixed costs and living money on a
 * chain, with shocks. `npm run demo` runs scenarios/family.json on the in-process Hardhat network.
 *
 *   npm run demo -- --scenario scenarios/other.json    another household
 *   npm run demo -- --network localhost                against `npm run node`
 *   npm run demo -- --months 2                         a shortened run
 */
import path from "path";
import { Option } from "commander";
import { cliProgram, networkOption, parseCommandLine, wholeNumber } from "../src/cli";
import { checkNetworkEnv, loadDotenv } from "../src/chain/env";
import { runMain } from "../src/core";
import { loadScenario } from "../src/scenario/scenario-file";
import type { RunResult } from "../src/scenario/runner";

const ROOT = path.resolve(__dirname, "..");

interface DemoOptions {
  scenario: string;
  network: string;
  months?: number;
  out: string;
  deploymentId?: string;
  quiet?: boolean;
}

const program = cliProgram("npm run demo --", "Runs a household's year on a chain and writes its report.")
  .addOption(
    new Option("--scenario <file>", "scenario file").default(
      path.join(ROOT, "scenarios/family.json"),
      "scenarios/family.json",
    ),
  )
  .addOption(
    networkOption(
      ["hardhat", "localhost"],
      "hardhat (in-process) or localhost (a node from `npm run node`)",
      "the demo mints test euros and moves the chain's clock",
    ),
  )
  .option("--months <count>", "run only this many months after the start month (1 to 36)", wholeNumber(1, 36))
  .addOption(new Option("--out <dir>", "directory for the report").default(path.join(ROOT, "reports"), "reports/"))
  .option("--deployment-id <id>", "Ignition deployment id to use or record (default chain-<chainId>)")
  .option("--quiet", "print only the summary");

runMain(async () => {
  const options = parseCommandLine<DemoOptions>(program, process.argv.slice(2));
  if (!options) return;
  const scenarioFile = path.resolve(options.scenario);
  const scenario = loadScenario(scenarioFile);
  loadDotenv();
  checkNetworkEnv(options.network);
  process.env.HARDHAT_NETWORK = options.network;

  // Hardhat is loaded only now: the network must be chosen first, and bad input reported before.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  await hre.run("compile", { quiet: true });
  const { runScenario } = await import("../src/scenario/runner");
  const result = await runScenario(hre, scenario, {
    reportsDir: path.resolve(options.out),
    months: options.months,
    deploymentId: options.deploymentId,
    scenarioFile: path.relative(ROOT, scenarioFile),
    log: options.quiet ? () => undefined : (line) => console.log(line),
  });
  printSummary(result);
});

function printSummary(result: RunResult): void {
  console.log("");
  for (const c of result.report.checks) console.log(`  ✔ ${c.name}: ${c.detail}`);
  console.log("");
  const deployed = result.deployment.reused ? "reused the recorded deployment" : "deployment not counted";
  console.log(`Transactions sent: ${result.transactions} by the scenario (${deployed})`);
  console.log(`Wall time:         ${result.wallSeconds.toFixed(1)} s`);
  console.log(`Report (JSON):     ${path.relative(process.cwd(), result.reportPath)}`);
  console.log(`Chart (HTML):      ${path.relative(process.cwd(), result.htmlPath)}`);
}
