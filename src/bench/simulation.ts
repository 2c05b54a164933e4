/**
 * The simulation's speed (`npm run bench:simulate`): the model's wall time for a population run
 * (household-years through the three arms, in worker threads, from reading the population file to
 * the aggregated figures), `runs` times for a median; and the chain replay's throughput in
 * household-years per minute on the in-process network, with its mismatch count.
 */
import os from "os";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  chainSampleOf,
  DEFAULT_POPULATION_FILE,
  loadPopulation,
  replaySample,
  runSimulation,
  SIMULATION_DEFAULTS,
} from "../simulate";

export interface SimulationBenchOptions {
  households: number;
  runs: number;
  workers: number;
  chainSample: number;
  seed: number;
  log: (line: string) => void;
}

export interface SimulationBenchResult {
  households: number;
  workers: number;
  cores: number;
  /** Wall time of each model run, in seconds, and their median. */
  seconds: number[];
  medianSeconds: number;
  householdYearsPerMinute: number;
  chain: { householdYears: number; seconds: number; householdYearsPerMinute: number; mismatches: number };
}

export async function simulationBenchmark(
  hre: HardhatRuntimeEnvironment,
  o: SimulationBenchOptions,
): Promise<SimulationBenchResult> {
  const options = {
    households: o.households,
    seed: o.seed,
    year: SIMULATION_DEFAULTS.year,
    populationFile: DEFAULT_POPULATION_FILE,
    chainSample: 0,
    workers: o.workers,
    decimals: SIMULATION_DEFAULTS.decimals,
    advanceCapEuros: SIMULATION_DEFAULTS.advanceCapEuros,
  };
  const seconds: number[] = [];
  for (let run = 1; run <= o.runs; run++) {
    const started = performance.now();
    await runSimulation(options, undefined);
    seconds.push((performance.now() - started) / 1000);
    o.log(`model run ${run}/${o.runs}: ${o.households} household-years in ${seconds[seconds.length - 1].toFixed(1)} s`);
  }
  const medianSeconds = median(seconds);
  const chain = await chainThroughput(hre, o, options);
  o.log(
    `chain replay: ${chain.householdYears} household-years in ${chain.seconds.toFixed(1)} s, ${chain.mismatches} mismatches`,
  );
  return {
    households: o.households,
    workers: o.workers,
    cores: os.availableParallelism(),
    seconds: seconds.map((s) => Math.round(s * 10) / 10),
    medianSeconds: Math.round(medianSeconds * 10) / 10,
    householdYearsPerMinute: Math.round((o.households / medianSeconds) * 60),
    chain,
  };
}

async function chainThroughput(
  hre: HardhatRuntimeEnvironment,
  o: SimulationBenchOptions,
  options: { seed: number; year: number; decimals: number; advanceCapEuros: bigint },
): Promise<SimulationBenchResult["chain"]> {
  const indices = chainSampleOf(o.seed, o.households, o.chainSample);
  const check = await replaySample(hre, indices, loadPopulation(DEFAULT_POPULATION_FILE), options);
  return {
    householdYears: indices.length,
    seconds: Math.round(check.seconds * 10) / 10,
    householdYearsPerMinute: Math.round(check.householdYearsPerMinute * 10) / 10,
    mismatches: check.mismatches.length,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
