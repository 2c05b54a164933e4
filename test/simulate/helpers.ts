/** What the simulation's hand-computed tests share: euros in cent units, WIK-like creditor rules, a household to vary. */
import { parseDate } from "../../src/core";
import type { CreditorRules, HouseholdYear } from "../../src/simulate/types";

export const EURO = 100n;
export const eur = (euros: number) => BigInt(euros) * EURO;

export const RULES: CreditorRules = {
  reminderAfterDays: 14,
  reminderPeriodDays: 14,
  rate: 0.15,
  minimum: eur(40),
  retryEveryDays: 7,
};

/** Runs from Monday 1 Dec 2025 to 31 Jan 2026; weeks start on the Mondays after it (8 Dec is week 0). */
export function household(change: Partial<HouseholdYear>): HouseholdYear {
  return {
    index: 0,
    type: "test",
    municipality: "test",
    start: parseDate("2025-12-01"),
    measureFrom: parseDate("2026-01-01"),
    lastDay: parseDate("2026-01-31"),
    incomes: [],
    expected: [],
    costs: [],
    costChanges: [],
    oneOffs: [],
    weekly: eur(50),
    shocks: [],
    budgetDay: 25,
    mainIncome: "bijstand",
    euro: EURO,
    ...change,
  };
}
