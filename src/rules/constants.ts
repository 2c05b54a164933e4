/** The vault's limits and the sources an allocation names (architecture.md). */

export const DAY = 86_400;
export const WEEK = 7 * DAY;
export const MAX_BUCKETS = 8;
export const MAX_CATCH_UP_MONTHS = 12;
export const MAX_CATCH_UP_WEEKS = 5;
export const MAX_AMOUNT = (1n << 96n) - 1n;
/** Ceiling of a bucket's monthly amount and of the weekly living money (plan validation). */
export const MAX_MONTHLY_AMOUNT = (1n << 80n) - 1n;
/** Living money is reserved this far ahead (waterfall step 4, plan changes). */
export const LIVING_MONEY_HORIZON = 35 * DAY;

export const Source = {
  Untagged: 0,
  SVB: 1,
  Toeslagen: 2,
  WorkAndIncome: 3,
  OtherPayer: 4,
  MunicipalAdvance: 5,
  PlanChange: 6,
  /** Income waiting since the last keeper call (deposits and plain transfers together). */
  Income: 7,
} as const;
