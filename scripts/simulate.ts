/**
 * The population simulation (`npm run simulate`): household-years run in a plain bank account, by a
 * budget manager and in the vault, and a sample replayed on the EVM. See README.md, "Simulation".
 *
 *   npm run simulate -- --households 10000 --seed 1 [--population <file>] [--chain-sample 20]
 */
import path from "path";
import { runMain } from "../src/core";
import { loadPopulation } from "../src/simulate/population-file";
import { parseSimulateArgs, prepareOutDir } from "../src/simulate/command-line";

runMain(async () => {
  const options = parseSimulateArgs(process.argv.slice(2));
  if (!options) return;
  // A bad population file is reported before Hardhat takes its seconds to load.
  loadPopulation(path.resolve(options.population));
  prepareOutDir(options.out);
  process.env.HARDHAT_NETWORK = "hardhat";
  // Hardhat is loaded only now, after the arguments were checked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  // The chain check deploys the contracts: from a fresh clone they are compiled first.
  await hre.run("compile", { quiet: true });
  const { failureOf, runSimulateCommand } = await import("../src/simulate/command");
  const outcome = await runSimulateCommand(options, hre);
  console.log(outcome.summary);
  console.log(`\nreports: ${outcome.files.json}, ${outcome.files.html}`);
  const failure = failureOf(outcome.report);
  if (failure) throw failure;
});
