/**
 * A worker thread of the simulation (pool.ts starts it): loads the population once, then answers
 * each request for a range of household indices with their figures.
 */
import { parentPort, workerData } from "worker_threads";
import { simulateHousehold, type RunSettings } from "./household-run";
import { loadPopulation } from "./population-file";

export interface WorkerSetup {
  populationFile: string;
  settings: RunSettings;
}

/** A range [from, to) to simulate; the answer is { figures } or { error }. */
export interface WorkerRequest {
  from: number;
  to: number;
}

if (parentPort) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const population = loadPopulation(setup.populationFile);
  port.on("message", (request: WorkerRequest) => {
    try {
      const figures = [];
      for (let i = request.from; i < request.to; i++) figures.push(simulateHousehold(population, setup.settings, i));
      port.postMessage({ figures });
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  });
}
