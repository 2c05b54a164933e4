/**
 * The simulation spread over worker threads: each worker loads the population once and takes the
 * next range of households when it is done with one, so a slow range does not hold the others up.
 * Every household's random stream depends only on the seed and its index, so the figures do not
 * depend on how many workers there are or which worker ran a household.
 */
import path from "path";
import { Worker } from "worker_threads";
import type { HouseholdFigures } from "./household-figures";
import { simulateHousehold, type RunSettings } from "./household-run";
import type { Population } from "./population-file";
import type { WorkerRequest, WorkerSetup } from "./worker";

export interface PoolJob {
  population: Population;
  populationFile: string;
  settings: RunSettings;
  households: number;
  /** Worker threads; 0 runs every household in this thread. */
  workers: number;
  onProgress?: (done: number) => void;
}

/** Households per request: small enough to balance the workers, large enough to keep messages few. */
const RANGE = 100;

export async function simulateHouseholds(job: PoolJob): Promise<HouseholdFigures[]> {
  if (job.workers === 0) return simulateHere(job);
  const ranges = rangesOf(job.households);
  const results: HouseholdFigures[][] = [];
  const workers = Array.from({ length: Math.min(job.workers, ranges.length) }, () => startWorker(job));
  let done = 0;
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let next = ranges.shift(); next; next = ranges.shift()) {
          const figures = await ask(worker, next);
          results.push(figures);
          done += figures.length;
          job.onProgress?.(done);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat().sort((a, b) => a.index - b.index);
}

function simulateHere(job: PoolJob): HouseholdFigures[] {
  const figures: HouseholdFigures[] = [];
  for (let i = 0; i < job.households; i++) {
    figures.push(simulateHousehold(job.population, job.settings, i));
    job.onProgress?.(i + 1);
  }
  return figures;
}

function rangesOf(households: number): WorkerRequest[] {
  const ranges: WorkerRequest[] = [];
  for (let from = 0; from < households; from += RANGE) ranges.push({ from, to: Math.min(households, from + RANGE) });
  return ranges;
}

/**
 * A worker running worker.ts: TypeScript is compiled in the worker by ts-node, as in the main
 * thread, whether the run was started by node -r ts-node/register or by Hardhat's mocha.
 */
function startWorker(job: PoolJob): Worker {
  const file = path.join(__dirname, "worker.ts");
  const source = `require("ts-node").register({ transpileOnly: true }); require(${JSON.stringify(file)});`;
  const workerData: WorkerSetup = { populationFile: job.populationFile, settings: job.settings };
  return new Worker(source, { eval: true, workerData, execArgv: [] });
}

function ask(worker: Worker, request: WorkerRequest): Promise<HouseholdFigures[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: { figures?: HouseholdFigures[]; error?: string }) => {
      worker.off("error", onError);
      if (answer.error !== undefined) reject(new Error(answer.error));
      else resolve(answer.figures ?? []);
    };
    const onError = (error: Error) => {
      worker.off("message", onMessage);
      reject(error);
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
    worker.postMessage(request);
  });
}
