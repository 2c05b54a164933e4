/** The bench's fixed inputs: the token, gas budgets, issue 8's targets and the household-year runs. */
import { parseUnits } from "ethers";
import type { KeeperMode } from "../scenario";

export const DECIMALS = 6;
export const EUR = (a: string) => parseUnits(a, DECIMALS);
export const BLOCK_BUDGET = 30_000_000n;
export const OSAKA_TX_CAP = 16_777_216n;
export const BATCH_SIZES = [10, 50, 100, 200];
export const MAX_BATCH = 200;
export const Category = { Rent: 0, Energy: 1, Insurance: 2, Water: 3, Telecom: 4 };
/** IHouseholdVault.Source: the payer's tag on a deposit, and the waiting income's split. */
export const Source = { SVB: 1n, Income: 7n };
/** February's (and March's) income: buckets 1,070 or 1,095, living money, the rest saved. */
export const INCOME_AMOUNT = EUR("1600");
// Issue 8's targets.
export const DEPOSIT_TARGET = 1.5; // × a plain transferFrom of the same token
export const DEPOSIT_AIM = 1.3;
/** 0xSplits v2 on the same kind of network and token: fund plus distribute to 5 recipients (issue 8). */
export const SPLITS_FUND_DISTRIBUTE = 136_194n;
export const INCOME_PATH_TARGET = 204_000n; // about 1.5 × SPLITS_FUND_DISTRIBUTE
export const SETTLE_TARGET = 0.92; // × four plain transfers, with no income waiting
export const ONBOARDING_TARGET = 250_000n;
export const BATCH_TARGET = 100; // households per keeper batch within 30M gas
/** Household-year runs: households and the keeper's batch size; each with both keepers. */
export const HOUSEHOLD_YEAR_RUNS = [
  { households: 1, batchSize: 1 },
  { households: 10, batchSize: 10 },
  { households: 100, batchSize: 100 },
];
/** "daily" sends every vault every day, "whenDue" only the vaults whose nextKeeperCallAt() has come. */
export const KEEPERS: readonly KeeperMode[] = ["daily", "whenDue"];
export const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) / 1000;
