/**
 * The chain check of a population run: the sampled household-years, drawn again for a year in which
 * the in-process chain can run them, replayed on the EVM against the vault arm's model run.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { generateHousehold } from "./generate";
import { vaultOptions, type RunSettings } from "./household-run";
import type { Population } from "./population-file";
import { replayOnChain, replayYear } from "./replay";
import type { ChainCheck } from "./simulation";
import { runVaultArm } from "./vault-arm";

export async function replaySample(
  hre: HardhatRuntimeEnvironment,
  indices: number[],
  population: Population,
  settings: RunSettings,
  log?: (line: string) => void,
): Promise<ChainCheck> {
  const latest = await hre.ethers.provider.getBlock("latest");
  // The chain's clock cannot go back: the same households 28 years on, when the calendar repeats.
  const year = replayYear(latest!.timestamp, settings.year);
  const households = indices.map((i) =>
    generateHousehold(population, settings.seed, i, { year, decimals: settings.decimals }),
  );
  const result = await replayOnChain(
    hre,
    households,
    (h, accounts) => runVaultArm(h, accounts, vaultOptions(h, population, settings)),
    { log },
  );
  return {
    mismatches: result.mismatches,
    seconds: result.seconds,
    householdYearsPerMinute: result.householdYearsPerMinute,
  };
}
