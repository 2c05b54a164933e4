/**
 * `npm run simulate`: the command line of the population simulation, as functions so that tests
 * can parse and run it in-process (scripts/simulate.ts loads Hardhat for the chain check).
 */
import fs from "fs";
import os from "os";
import path from "path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { cliProgram, parseCommandLine, startProgress, wholeNumber } from "../cli";
import { UserError } from "../core";
import { replaySample } from "./chain-check";
import { DEFAULT_POPULATION_FILE } from "./population-file";
import { writeSimulationReports } from "./report-json";
import { runSimulation, type SimulationOptions } from "./simulation";
import { summaryTable } from "./summary";
import type { SimulationReport } from "./types";

export interface SimulateCommandOptions {
  households: number;
  seed: number;
  population: string;
  chainSample: number;
  workers: number;
  year: number;
  out: string;
}

/** The figures of shared/FIGURES.md are 2026's; EURC-like 6 decimals and Utrecht's €1,500 cap, as deployed. */
export const SIMULATION_DEFAULTS = { year: 2026, decimals: 6, advanceCapEuros: 1500n } as const;

export function simulateProgram() {
  const cores = Math.max(1, os.availableParallelism());
  return cliProgram(
    "npm run simulate --",
    "Runs simulated household-years three ways: bank account, budget manager, vault.",
  )
    .option("--households <count>", "household-years to simulate", wholeNumber(1, 1_000_000), 10_000)
    .option("--seed <number>", "seed of the population draw", wholeNumber(0, 2 ** 31 - 1), 1)
    .option("--population <file>", "population file (JSON, see docs/population.md)", DEFAULT_POPULATION_FILE)
    .option("--chain-sample <count>", "household-years replayed on the EVM (0: none)", wholeNumber(0, 1000), 20)
    .option("--workers <count>", "worker threads (0: none)", wholeNumber(0, 64), cores)
    .option("--year <year>", "the calendar year simulated", wholeNumber(1902, 2070), SIMULATION_DEFAULTS.year)
    .option("--out <dir>", "where simulation.json and simulation.html go", path.join("reports", "simulation"));
}

/** Parses `argv`; undefined after --help. Throws a UserError on bad input. */
export function parseSimulateArgs(argv: readonly string[]): SimulateCommandOptions | undefined {
  return parseCommandLine<SimulateCommandOptions>(simulateProgram(), argv);
}

export interface SimulateOutcome {
  report: SimulationReport;
  summary: string;
  files: { json: string; html: string };
}

/** Creates the report folder, or says why it cannot be: before the run, not after it. */
export function prepareOutDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UserError(`--out ${dir}: cannot write reports there (${code})`);
  }
}

/** Runs a parsed command: the model in workers, the chain check on `hre`'s in-process network, the reports. */
export async function runSimulateCommand(
  o: SimulateCommandOptions,
  hre: HardhatRuntimeEnvironment,
): Promise<SimulateOutcome> {
  const options: SimulationOptions = {
    households: o.households,
    seed: o.seed,
    year: o.year,
    populationFile: path.resolve(o.population),
    chainSample: o.chainSample,
    workers: o.workers,
    decimals: SIMULATION_DEFAULTS.decimals,
    advanceCapEuros: SIMULATION_DEFAULTS.advanceCapEuros,
  };
  prepareOutDir(o.out);
  const progress = startProgress(o.households, { label: "household-years", plain: "lines" });
  let run;
  try {
    run = await runSimulation(
      options,
      (indices, population, settings) => replaySample(hre, indices, population, settings),
      (done) => progress.update(done),
    );
  } finally {
    progress.stop();
  }
  const files = writeSimulationReports(run.report, o.out);
  return { report: run.report, summary: summaryTable(run.report), files };
}

/** A run whose chain check found a mismatch fails: the model and the contracts disagree. */
export function failureOf(report: SimulationReport): UserError | undefined {
  if (report.chain.mismatches === 0) return undefined;
  return new UserError(
    `the chain replay disagrees with the model in ${report.chain.mismatches} places: ${report.chain.firstMismatches[0]}`,
  );
}
