/**
 * The family scenario: a household through a year of income, fixed costs and living money on a
 * chain, with shocks. `npm run demo` runs scenarios/family.json on the in-process Hardhat network.
 *
 *   npm run demo -- --scenario scenarios/other.json    another household
 *   npm run demo -- --network localhost                against `npm run node`
 *   npm run demo -- --months 2                         a shortened run
 */
import path from "path";
import { parseArgs, usage, OptionSpec } from "../src/cli";
import { checkNetworkEnv, loadDotenv } from "../src/chain/env";
import { runMain, UserError } from "../src/core";
import { loadScenario } from "../src/scenario/scenario-file";

const ROOT = path.resolve(__dirname, "..");

const OPTIONS: Record<string, OptionSpec> = {
  scenario: { value: true, help: "scenario file (default scenarios/family.json)" },
  network: { value: true, help: "hardhat (default, in-process) or localhost (a node from `npm run node`)" },
  months: { value: true, help: "run only this many months after the start month" },
  out: { value: true, help: "directory for the report (default reports/)" },
  "deployment-id": { value: true, help: "Ignition deployment id to use or record (default chain-<chainId>)" },
  quiet: { value: false, help: "print only the summary" },
  help: { value: false, help: "show this help" },
};

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  if (args.help) {
    console.log(usage("npm run demo --", OPTIONS));
    return;
  }
  const scenarioFile = path.resolve((args.scenario as string | undefined) ?? path.join(ROOT, "scenarios/family.json"));
  const scenario = loadScenario(scenarioFile);
  let months: number | undefined;
  if (args.months !== undefined) {
    months = Number(args.months);
    if (!Number.isInteger(months) || months < 1 || months > 36) {
      throw new UserError(`--months must be a whole number from 1 to 36 (got "${args.months}")`);
    }
  }
  const network = (args.network as string | undefined) ?? process.env.HARDHAT_NETWORK ?? "hardhat";
  if (!["hardhat", "localhost"].includes(network)) {
    throw new UserError(
      `the demo runs on hardhat or localhost, not "${network}" (it mints test euros and moves the clock)`,
    );
  }
  loadDotenv();
  checkNetworkEnv(network);
  process.env.HARDHAT_NETWORK = network;

  // Hardhat is loaded only now: the network must be chosen first, and bad input reported before.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  await hre.run("compile", { quiet: true });
  const { runScenario } = await import("../src/scenario/runner");
  const quiet = Boolean(args.quiet);
  const result = await runScenario(hre, scenario, {
    reportsDir: path.resolve((args.out as string | undefined) ?? path.join(ROOT, "reports")),
    months,
    deploymentId: args["deployment-id"] as string | undefined,
    scenarioFile: path.relative(ROOT, scenarioFile),
    log: quiet ? () => undefined : (line) => console.log(line),
  });
  const r = result.report;
  console.log("");
  for (const c of r.checks) console.log(`  ✔ ${c.name}: ${c.detail}`);
  console.log("");
  const deployed = result.deployment.reused ? "reused the recorded deployment" : "deployment not counted";
  console.log(`Transactions sent: ${result.transactions} by the scenario (${deployed})`);
  console.log(`Wall time:         ${result.wallSeconds.toFixed(1)} s`);
  console.log(`Report (JSON):     ${path.relative(process.cwd(), result.reportPath)}`);
  console.log(`Chart (HTML):      ${path.relative(process.cwd(), result.htmlPath)}`);
});
