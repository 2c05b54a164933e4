/**
 * The household generator: draws one household-year from the population, reproducibly from
 * (population, seed, index, year). Its draws, in order: the type; the municipality (when it has
 * bijstand); each cost's amount and due day; each income's amount; the pay day of every payment
 * whose rule has a range; the plan's share; each shock (see shocks.ts). docs/population.md
 * describes it.
 */
import { monthIndexOf } from "../core";
import { budgetDayAfter, payDayIn } from "./pay-days";
import {
  FROM_RENT,
  MUNICIPALITY,
  type HouseholdType,
  type HuurtoeslagRules,
  type IncomeRule,
  type Municipality,
  type PayDayRule,
  type Population,
} from "./population-file";
import { drawNumber, drawWhole, householdRandom, pickWeighted, type RandomGenerator } from "./random";
import { drawShocks, type Draft, type DraftCost, type DraftPayment, type YearFrame } from "./shocks";
import { CATEGORY, type HouseholdYear, type Payment } from "./types";

export interface GenerateOptions {
  /** The measured year; the run starts on 1 October of the year before. */
  year: number;
  /** The token's decimals (at least 2: amounts are drawn in cents). */
  decimals: number;
}

const WEEKS_PER_YEAR = 52;

export function generateHouseholds(
  pop: Population,
  seed: number,
  count: number,
  options: GenerateOptions,
): HouseholdYear[] {
  return Array.from({ length: count }, (_, index) => generateHousehold(pop, seed, index, options));
}

/** Household `index` of the population run with `seed`: its stream depends on (seed, index) only. */
export function generateHousehold(
  pop: Population,
  seed: number,
  index: number,
  options: GenerateOptions,
): HouseholdYear {
  const rng = householdRandom(seed, index);
  const frame = yearFrame(options.year);
  const type = pickWeighted(rng, pop.types);
  const municipality = type.incomes.some((i) => i.payDay === MUNICIPALITY)
    ? pickWeighted(rng, pop.municipalities)
    : undefined;
  const costs = type.costs.map((c) => {
    const cents = drawWhole(rng, c.amount);
    return { category: c.category, dueDay: drawWhole(rng, pickWeighted(rng, c.dueDay).day), cents };
  });
  const amounts = type.incomes.map((income) => incomeCents(rng, income, type, costs, pop.huurtoeslag));
  const payDayOf = (income: IncomeRule) => payDayRule(income, pop, municipality);
  const draft: Draft = {
    frame,
    payments: schedule(rng, type.incomes, amounts, payDayOf, frame),
    costs,
    costChanges: [],
    oneOffs: [],
  };
  const expected = draft.payments.map((p) => ({ ...p }));
  const weeklyEuros = weeklyPlan(type, amounts, costs, drawNumber(rng, pop.planShare));
  const shocks = drawShocks(rng, pop.shocks, draft);
  return {
    index,
    type: type.id,
    municipality: municipality?.id ?? "none",
    ...finish(draft, expected, options.decimals),
    weekly: BigInt(weeklyEuros) * 10n ** BigInt(options.decimals),
    shocks,
    budgetDay: budgetDayAfter(payDayOf(type.incomes[0])),
    mainIncome: type.incomes[0].kind,
  };
}

/** 1 October of the year before to 31 December: a settling-in quarter, then the measured year. */
export function yearFrame(year: number): YearFrame {
  return {
    start: Date.UTC(year - 1, 9, 1) / 1000,
    measureFrom: Date.UTC(year, 0, 1) / 1000,
    lastDay: Date.UTC(year, 11, 31) / 1000,
    firstMonth: year * 12,
  };
}

function payDayRule(income: IncomeRule, pop: Population, municipality: Municipality | undefined): PayDayRule {
  return income.payDay === MUNICIPALITY ? municipality!.payDay : pop.payDays[income.payDay];
}

function incomeCents(
  rng: RandomGenerator,
  income: IncomeRule,
  type: HouseholdType,
  costs: DraftCost[],
  huurtoeslag: HuurtoeslagRules | undefined,
): number {
  if (income.amount !== FROM_RENT) return drawWhole(rng, income.amount);
  const rent = costs.find((c) => c.category === CATEGORY.rent)!;
  return huurtoeslagCents(huurtoeslag!, rent.cents, type.persons);
}

/** Huurtoeslag for a rent: the rules' share of the rent in each band above the basishuur. */
export function huurtoeslagCents(rules: HuurtoeslagRules, rentCents: number, persons: number): number {
  const grens = persons <= 2 ? rules.aftoppingsgrens.small : rules.aftoppingsgrens.large;
  const band = (from: number, to: number) => Math.max(0, Math.min(rentCents, to) - from);
  const [full, middle, top] = rules.shares;
  return Math.round(
    full * band(rules.basishuur, rules.kwaliteitskortingsgrens) +
      middle * band(rules.kwaliteitskortingsgrens, grens) +
      top * band(grens, rules.maximumHuur),
  );
}

/**
 * Every payment of every income in the months around the run (a payment due on the 1st of January
 * may come on the Friday before), month by month in the type's order of incomes.
 */
function schedule(
  rng: RandomGenerator,
  incomes: IncomeRule[],
  amounts: number[],
  payDayOf: (income: IncomeRule) => PayDayRule,
  frame: YearFrame,
): DraftPayment[] {
  const payments: DraftPayment[] = [];
  for (let month = monthIndexOf(frame.start) - 1; month <= monthIndexOf(frame.lastDay) + 1; month++) {
    incomes.forEach((income, i) => {
      if (!income.months.includes((month % 12) + 1)) return;
      const day = payDayIn(payDayOf(income), month, rng);
      payments.push({ day, source: income.source, kind: income.kind, cents: amounts[i], month });
    });
  }
  return payments;
}

/**
 * The plan's weekly living money in whole euros (rounded down): what a year's expected income
 * leaves after a year's fixed costs, over 52 weeks, times the drawn share.
 */
function weeklyPlan(type: HouseholdType, amounts: number[], costs: DraftCost[], share: number): number {
  const income = type.incomes.reduce((sum, x, i) => sum + amounts[i] * x.months.length, 0);
  const fixed = costs.reduce((sum, c) => sum + c.cents * 12, 0);
  return Math.max(0, Math.floor(((income - fixed) * share) / WEEKS_PER_YEAR / 100));
}

/**
 * The draft in token units: the payments (as they come, and as expected before the shocks) inside
 * the run, in day order (on one day: the type's order of incomes).
 */
function finish(draft: Draft, expected: DraftPayment[], decimals: number) {
  if (!Number.isInteger(decimals) || decimals < 2) throw new Error(`decimals must be 2 or more (got ${decimals})`);
  const perCent = 10n ** BigInt(decimals - 2);
  // Most payments of a household repeat a few amounts: each is converted once.
  const converted = new Map<number, bigint>();
  const units = (cents: number) => {
    let amount = converted.get(cents);
    if (amount === undefined) converted.set(cents, (amount = BigInt(cents) * perCent));
    return amount;
  };
  const { start, measureFrom, lastDay } = draft.frame;
  const inRun = (payments: DraftPayment[]): Payment[] =>
    payments
      .filter((p) => p.day >= start && p.day <= lastDay && p.cents > 0)
      .sort((a, b) => a.day - b.day)
      .map((p) => ({ day: p.day, source: p.source, amount: units(p.cents), kind: p.kind }));
  return {
    start,
    measureFrom,
    lastDay,
    incomes: inRun(draft.payments),
    expected: inRun(expected),
    costs: draft.costs.map((c) => ({ category: c.category, dueDay: c.dueDay, amountPerMonth: units(c.cents) })),
    costChanges: draft.costChanges.map(({ cents, ...change }) => ({ ...change, amountPerMonth: units(cents) })),
    oneOffs: draft.oneOffs.map((o) => ({ day: o.day, amount: units(o.cents) })),
    euro: 10n ** BigInt(decimals),
  };
}
