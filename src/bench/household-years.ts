/**
 * Gas per household-year: the family scenario's year for 1, 10 and 100 households, with the
 * keeper's batch as large as the households (src/scenario/household-year.ts), once with a daily
 * keeper and once with one that calls only when nextKeeperCallAt() says so. The two must end every
 * household in the same state, or the bench fails.
 */
import { takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { startProgress, type Progress } from "../cli";
import { endStateDifferences, householdYear, type HouseholdYearResult } from "../scenario";
import { HOUSEHOLD_YEAR_RUNS, KEEPERS } from "./constants";

/**
 * One size with both keepers, from the same chain state: the same year (dates, weekdays), like for
 * like. `done` runs came before it, for the progress count.
 */
async function withBothKeepers(
  hre: HardhatRuntimeEnvironment,
  run: (typeof HOUSEHOLD_YEAR_RUNS)[number],
  progress: Progress,
  done: number,
): Promise<HouseholdYearResult[]> {
  const years: HouseholdYearResult[] = [];
  const snapshot = await takeSnapshot();
  for (const keeper of KEEPERS) {
    if (keeper !== KEEPERS[0]) await snapshot.restore();
    const started = Date.now();
    const label = `${run.households} household(s), keeper batch ${run.batchSize}, keeper ${keeper}`;
    progress.update(done + years.length, `${label} ...`);
    years.push(await householdYear({ ...run, keeper, hre }));
    progress.update(done + years.length, `${label}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return years;
}

/**
 * The keeper that skips days must end every household where the daily keeper ends: a figure from
 * a keeper that skipped real work would be worthless.
 */
function expectSameEndStates(years: HouseholdYearResult[]): void {
  for (const y of years.filter((r) => r.keeper.mode === "whenDue")) {
    const daily = years.find((r) => r.keeper.mode === "daily" && r.households === y.households);
    if (!daily) throw new Error(`household-year: no daily run of ${y.households} household(s) to compare with`);
    const differences = endStateDifferences(y.endState, daily.endState);
    if (differences.length > 0) {
      throw new Error(
        `household-year: the keeper that calls only when nextKeeperCallAt() says so ended ${y.households} ` +
          `household(s) differently from the daily keeper:\n  ${differences.join("\n  ")}`,
      );
    }
    console.log(`household-year: ${y.households} household(s): the same end state with either keeper`);
  }
}

/** Every run of HOUSEHOLD_YEAR_RUNS with both keepers, daily rows first (the report's order). */
export async function measureHouseholdYears(hre: HardhatRuntimeEnvironment): Promise<HouseholdYearResult[]> {
  const years: HouseholdYearResult[] = [];
  // On a terminal a bar, elsewhere a line per run (on stderr: stdout keeps the report).
  const progress = startProgress(HOUSEHOLD_YEAR_RUNS.length * KEEPERS.length, {
    label: "household-year runs",
    plain: "lines",
  });
  try {
    for (const run of HOUSEHOLD_YEAR_RUNS) years.push(...(await withBothKeepers(hre, run, progress, years.length)));
  } finally {
    progress.stop();
  }
  years.sort((a, b) => KEEPERS.indexOf(a.keeper.mode) - KEEPERS.indexOf(b.keeper.mode));
  expectSameEndStates(years);
  return years;
}
