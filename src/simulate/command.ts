/**
 * `npm run simulate`: a parsed command run, as a function so that tests can run it in-process
 * (scripts/simulate.ts loads Hardhat for the chain check). Its command line is command-line.ts.
 */
import path from "path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { startProgress } from "../cli";
import { UserError } from "../core";
import { replaySample } from "./chain-check";
import { prepareOutDir, SIMULATION_DEFAULTS, type SimulateCommandOptions } from "./command-line";
import { writeSimulationReports } from "./report-json";
import { runSimulation, type SimulationOptions } from "./simulation";
import { summaryTable } from "./summary";
import type { SimulationReport } from "./types";

export interface SimulateOutcome {
  report: SimulationReport;
  summary: string;
  files: { json: string; html: string };
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
