/**
 * `npm run simulate`'s command line: its options, their defaults and checks, and the report
 * folder. Light on imports, so that the script refuses bad input before loading the rest.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { cliProgram, parseCommandLine, wholeNumber } from "../cli";
import { UserError } from "../core";
import { DEFAULT_POPULATION_FILE } from "./population-file";

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
