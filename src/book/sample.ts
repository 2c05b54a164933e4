/** The vault's state at the end of each day, read from its views (what the charts and the checks use). */
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import { CATEGORY_NAMES } from "../chain";
import { DAY, isoDate } from "../core";

/** The vault's state at the end of one day (token units as strings). */
export interface Sample {
  t: number;
  date: string;
  /** The vault's token balance (what its accounts and unallocated income must add up to). */
  tokenBalance: string;
  buckets: Record<string, string>;
  arrears: Record<string, string>;
  livingMoney: string;
  buffer: string;
  /** The resident's savings held in the vault. */
  savings: string;
  repaymentHeld: string;
  advanceOutstanding: string;
  claimable: string;
  unallocated: string;
}

/** The vault's state at the end of `day`, from its views and its token balance. */
export function sampleOf(
  day: number,
  bucketViews: IHouseholdVault.BucketViewStructOutput[],
  acc: IHouseholdVault.AccountsStructOutput,
  held: bigint,
): Sample {
  return {
    t: day + DAY - 1,
    date: isoDate(day),
    tokenBalance: held.toString(),
    buckets: Object.fromEntries(bucketViews.map((b) => [CATEGORY_NAMES[Number(b.category)], b.balance.toString()])),
    arrears: Object.fromEntries(bucketViews.map((b) => [CATEGORY_NAMES[Number(b.category)], b.arrears.toString()])),
    ...accountStrings(acc),
  };
}

/** accounts() as the decimal strings the report and the end states hold, in the view's order. */
export function accountStrings(acc: IHouseholdVault.AccountsStructOutput) {
  return {
    livingMoney: acc.livingMoney.toString(),
    buffer: acc.buffer.toString(),
    savings: acc.savings.toString(),
    repaymentHeld: acc.repaymentHeld.toString(),
    advanceOutstanding: acc.advanceOutstanding.toString(),
    claimable: acc.claimable.toString(),
    unallocated: acc.unallocated.toString(),
  };
}
