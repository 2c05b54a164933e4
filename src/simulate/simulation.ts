/**
 * A population run: every household-year through the three arms (in worker threads), the figures
 * per arm and group, and a seeded sample of household-years replayed on the EVM, where the vault
 * must pay and hold exactly what the model says.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { aggregate } from "./aggregate";
import type { HouseholdFigures } from "./household-figures";
import type { RunSettings } from "./household-run";
import { loadPopulation, type Population } from "./population-file";
import { simulateHouseholds } from "./pool";
import { SHOCKS, type ArmName, type SimulationReport } from "./types";

export interface SimulationOptions {
  households: number;
  seed: number;
  year: number;
  populationFile: string;
  /** Household-years replayed on the EVM (0: none). */
  chainSample: number;
  /** Worker threads (0: this thread only). */
  workers: number;
  decimals: number;
  advanceCapEuros: bigint;
}

/** What the chain replay of the sampled households found. */
export interface ChainCheck {
  mismatches: string[];
  seconds: number;
  householdYearsPerMinute: number;
}

/** Replays the household-years of these indices (same seed and population) on the EVM. */
export type ChainReplay = (indices: number[], population: Population, settings: RunSettings) => Promise<ChainCheck>;

export interface SimulationRun {
  report: SimulationReport;
  figures: HouseholdFigures[];
}

export async function runSimulation(
  o: SimulationOptions,
  replay: ChainReplay | undefined,
  onProgress?: (done: number) => void,
): Promise<SimulationRun> {
  const population = loadPopulation(o.populationFile);
  const settings: RunSettings = {
    seed: o.seed,
    year: o.year,
    decimals: o.decimals,
    advanceCapEuros: o.advanceCapEuros,
  };
  const started = performance.now();
  const figures = await simulateHouseholds({
    population,
    populationFile: o.populationFile,
    settings,
    households: o.households,
    workers: o.workers,
    onProgress,
  });
  const modelSeconds = (performance.now() - started) / 1000;
  const sample = chainSampleOf(o.seed, o.households, o.chainSample);
  const chain = replay && sample.length > 0 ? await replay(sample, population, settings) : undefined;
  return { report: reportOf(o, figures, modelSeconds, sample, chain), figures };
}

/** `count` distinct household indices of `households`, drawn with the run's seed, in order. */
export function chainSampleOf(seed: number, households: number, count: number): number[] {
  const rng = xoroshiro128plus(seed ^ 0x5eed);
  const chosen = new Set<number>();
  const n = Math.min(count, households);
  while (chosen.size < n) chosen.add(uniformInt(rng, 0, households - 1));
  return [...chosen].sort((a, b) => a - b);
}

function reportOf(
  o: SimulationOptions,
  figures: HouseholdFigures[],
  modelSeconds: number,
  sample: number[],
  chain: ChainCheck | undefined,
): SimulationReport {
  const arms = aggregate(figures);
  const headline = Object.fromEntries(
    (Object.keys(arms) as ArmName[]).map((arm) => {
      const covered = arms[arm].covered;
      return [
        arm,
        {
          lateMonthShare: covered.lateMonthShare,
          collectionCosts: covered.collectionCosts.meanPerHousehold,
          meanPeakArrears: covered.arrears.meanPeak,
        },
      ];
    }),
  ) as SimulationReport["headline"];
  return {
    settings: {
      households: o.households,
      seed: o.seed,
      year: o.year,
      populationFile: o.populationFile,
      chainSample: sample.length,
      workers: o.workers,
    },
    population: populationSummary(figures),
    arms,
    headline,
    chain: {
      sample: sample.length,
      households: sample,
      mismatches: chain ? chain.mismatches.length : 0,
      firstMismatches: chain ? chain.mismatches.slice(0, 20) : [],
      seconds: round(chain?.seconds ?? 0, 1),
      householdYearsPerMinute: round(chain?.householdYearsPerMinute ?? 0, 1),
    },
    run: {
      modelSeconds: round(modelSeconds, 1),
      householdYearsPerMinute: round((figures.length / modelSeconds) * 60, 0),
    },
  };
}

function populationSummary(figures: HouseholdFigures[]): SimulationReport["population"] {
  const count = (key: (f: HouseholdFigures) => string) => {
    const counts: Record<string, number> = {};
    for (const f of figures) counts[key(f)] = (counts[key(f)] ?? 0) + 1;
    return counts;
  };
  const shocks = Object.fromEntries(
    SHOCKS.map((s) => [s, figures.filter((f) => f.shocks.includes(s)).length]),
  ) as SimulationReport["population"]["shocks"];
  const covered = figures.filter((f) => f.covered).length;
  const targets = figures.filter((f) => f.bufferTarget > 0).map((f) => f.bufferTarget);
  return {
    byType: count((f) => f.type),
    byMunicipality: count((f) => f.municipality),
    shocks,
    covered,
    notCovered: figures.length - covered,
    bufferTargets: {
      set: targets.length,
      meanEuros: round(targets.reduce((a, b) => a + b, 0) / Math.max(1, targets.length), 2),
    },
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
