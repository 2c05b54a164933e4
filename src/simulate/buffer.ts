/**
 * The vault arm's buffer target, as a coach would set it with the forecast (src/forecast): the
 * smallest target, in whole euros, that keeps every due date and week on time over the forecast's
 * horizon from the vault's start, with the household's income as its calendar says.
 */
import { DAY } from "../rules";
import { FORECAST_ACCOUNTS, DEFAULT_FORECAST, smallestBufferTarget, type DatedIncome } from "../forecast";
import { SOURCE, type HouseholdYear, type Payment } from "./types";
import { SIM_ACCOUNTS, vaultWorld, type VaultArmOptions } from "./vault-arm";

/** The forecast's own stand-in accounts: its projection deposits from them. */
const FORECAST_VAULT_ACCOUNTS = {
  ...SIM_ACCOUNTS,
  treasury: FORECAST_ACCOUNTS.treasury,
  payers: Object.fromEntries(Object.values(SOURCE).map((s) => [s, FORECAST_ACCOUNTS.payer(s)])),
};

export interface BufferRecommendation {
  /** The target, or 0 when no target up to `searchedUpTo` keeps every promise (then the advance must). */
  target: bigint;
  found: boolean;
}

/**
 * The forecast's recommendation at the vault's start for `expected` (the income calendar as written),
 * over its default horizon (DEFAULT_FORECAST.months).
 */
export function recommendBufferTarget(
  h: HouseholdYear,
  expected: Payment[],
  options: Omit<VaultArmOptions, "bufferTarget">,
): BufferRecommendation {
  const world = vaultWorld(h, FORECAST_VAULT_ACCOUNTS, { ...options, bufferTarget: 0n });
  const end = new Date(h.start * 1000);
  end.setUTCMonth(end.getUTCMonth() + DEFAULT_FORECAST.months);
  const lastDay = end.getTime() / 1000 - DAY;
  const incomes: DatedIncome[] = expected
    .filter((p) => p.day <= lastDay)
    .map((p) => ({ day: p.day, id: p.kind, source: p.source, amount: p.amount, daysLate: 0, reduced: false }));
  // All the income in the horizon is more buffer than the household can ever hold.
  const upTo = incomes.reduce((sum, p) => sum + p.amount, 0n);
  const input = { world, from: h.start, lastDay, incomes, withdrawals: [] };
  const advice = smallestBufferTarget(input, h.euro, upTo);
  return { target: advice.target ?? 0n, found: advice.target !== undefined };
}
