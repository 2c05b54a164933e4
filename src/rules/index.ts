/**
 * A reference model of one household vault, written from docs/architecture.md only (not from the
 * Solidity code). Pure functions over a plain state object: every action takes a `World` and
 * returns either the new world plus the effects the contract must show (incomes received,
 * allocations, creditor payments, releases, transfers), or the custom error names the call may
 * revert with.
 *
 * The income path (issue 8): a deposit only checks, pulls and records the payer's tag
 * (IncomeReceived); the money waits in the vault (waiting = token balance − tracked). Every call
 * that may move money (settle, release, allocate, acceptPlan, advance, withdrawSavings, close)
 * first splits everything waiting, min(waiting, MAX_AMOUNT), with the waterfall at its own block
 * time: one Allocated(Source.Income, sum). A plain transfer just adds to what waits.
 *
 * Amounts are bigint token units; time is whole seconds (number); the calendar uses Date.UTC.
 * Addresses are lower-case strings.
 *
 * Read the files in this order (each imports only those before it):
 * - constants.ts   limits and the sources an allocation names
 * - calendar.ts    month indices and due dates
 * - state.ts       the world, a vault's state, effects and outcomes; initialWorld; values read off the state
 * - token.ts       token transfers and `_pay` (a payment that cannot go through becomes claimable)
 * - waterfall.ts   the split of arriving money, and the split of waiting income that opens every keeper call
 * - settle.ts      paying the buckets' creditors and the held advance repayment
 * - release.ts     paying the weekly living money
 * - plan.ts        validating, matching and applying a plan
 * - keeper.ts      the keeper's views: nextKeeperCallAt, previewAllocation
 * - actions.ts     deposit, advance, allocate, settle, release, withdrawSavings, claims
 * - governance.ts  plans, coach, pause
 * - exit.ts        notice, close, sweep
 * - environment.ts the token's and the factory's admins, time
 *
 * This index exports the model's public names; the files' internal helpers stay inside the folder.
 */
export {
  DAY,
  WEEK,
  MAX_BUCKETS,
  MAX_CATCH_UP_MONTHS,
  MAX_CATCH_UP_WEEKS,
  MAX_AMOUNT,
  MAX_MONTHLY_AMOUNT,
  LIVING_MONEY_HORIZON,
  Source,
} from "./constants";
export { monthIndexAt, daysInMonth, dueAt, endOfMonth } from "./calendar";
export type {
  BucketPlan,
  Plan,
  Bucket,
  VaultState,
  Config,
  World,
  Allocation,
  CreditorPayment,
  Effects,
  Outcome,
} from "./state";
export {
  initialWorld,
  totalClaimable,
  tracked,
  unallocated,
  weeksElapsed,
  dueMonths,
  bucketsNeed,
  nextDueAt,
  vaultNextDueAt,
} from "./state";
export { waitingToSplit } from "./waterfall";
export { plansEqual, currentPlan, matchBuckets } from "./plan";
export type { Preview } from "./keeper";
export { MAX_UINT256, nextKeeperCallAt, keeperCallKey, previewAllocation } from "./keeper";
export * from "./actions";
export * from "./governance";
export * from "./exit";
export * from "./environment";
