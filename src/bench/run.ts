/**
 * The whole measurement, in the order the chain needs it (each step builds on the state the one
 * before left): the warm second month, the income path, release, onboarding, the collection day,
 * the monthly settles, keeper batches, the worst-case vault and the household-year runs.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HouseholdYearResult } from "../scenario";
import { measureKeeperBatch, type KeeperBatch } from "./batch";
import { buildFixture } from "./fixture";
import { measureHouseholdYears } from "./household-years";
import {
  measureCollectionDay,
  measureDeposit,
  measureSplitSettle,
  type CollectionDayFigures,
  type DepositFigures,
  type SplitSettleFigures,
} from "./income-path";
import type { Measured } from "./measure";
import {
  measureOnboarding,
  measureRelease,
  measureSettles,
  type OnboardingFigures,
  type ReleaseFigures,
  type SettleFigures,
} from "./settle-release";
import { worstCase, type WorstCaseResult } from "./worst-case";

export interface BenchOptions {
  /** The in-process network's hardfork, already set in its config before the provider started. */
  hardfork: string;
  /** BENCH_HOUSEHOLD_YEAR=skip leaves out the household-year runs (minutes) while iterating on gas. */
  skipHouseholdYear: boolean;
}

export interface BenchResults extends BenchOptions {
  implementationDeployGas: bigint;
  settleVaultSplit: Measured;
  deposit: DepositFigures;
  splitSettle: SplitSettleFigures;
  /** The deposit and the settle that splits it (nothing due). */
  depositAndSplitGas: bigint;
  release: ReleaseFigures;
  onboarding: OnboardingFigures;
  collectionDay: CollectionDayFigures;
  /** The collection day's deposit and the settle that splits it and pays 5. */
  depositSplitPayFiveGas: bigint;
  settles: SettleFigures;
  batch: KeeperBatch;
  worst: WorstCaseResult;
  /** Empty when skipped. */
  years: HouseholdYearResult[];
}

async function householdYears(hre: HardhatRuntimeEnvironment, skip: boolean): Promise<HouseholdYearResult[]> {
  if (!skip) return measureHouseholdYears(hre);
  console.log("household-year runs skipped (BENCH_HOUSEHOLD_YEAR=skip)");
  return [];
}

/** Runs every measurement on `hre`'s in-process network; the chain's state after it is spent. */
export async function runBench(hre: HardhatRuntimeEnvironment, options: BenchOptions): Promise<BenchResults> {
  const f = await buildFixture(hre);
  const deposit = await measureDeposit(f);
  const splitSettle = await measureSplitSettle(f);
  const release = await measureRelease(f);
  const onboarding = await measureOnboarding(f);
  const collectionDay = await measureCollectionDay(f);
  const settles = await measureSettles(f);
  const batch = await measureKeeperBatch(f, options.hardfork);
  const worst = await worstCase(f);
  const years = await householdYears(hre, options.skipHouseholdYear);
  return {
    ...options,
    implementationDeployGas: f.implementationDeployGas,
    settleVaultSplit: f.settleVaultSplit,
    deposit,
    splitSettle,
    depositAndSplitGas: deposit.deposit.gas + splitSettle.settle.gas,
    release,
    onboarding,
    collectionDay,
    depositSplitPayFiveGas: collectionDay.deposit.gas + collectionDay.settle.gas,
    settles,
    batch,
    worst,
    years,
  };
}
