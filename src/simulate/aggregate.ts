/**
 * The report's figures: every household's figures (household-figures.ts) summed per arm, for all
 * households, those whose income covers their plan, and those whose income does not.
 */
import type { ArmHouseholdFigures, HouseholdFigures } from "./household-figures";
import { ARMS, CATEGORY_NAMES, type ArmFigures, type ArmName, type Bin, type Group } from "./types";

/** Days-late ranges of the histogram: [from, to] whole days. */
export const DAYS_LATE_BINS: { label: string; from: number; to: number }[] = [
  { label: "1", from: 1, to: 1 },
  { label: "2-3", from: 2, to: 3 },
  { label: "4-7", from: 4, to: 7 },
  { label: "8-14", from: 8, to: 14 },
  { label: "15-30", from: 15, to: 30 },
  { label: "31-60", from: 31, to: 60 },
  { label: "over 60", from: 61, to: Number.POSITIVE_INFINITY },
];

/** Weekly living money as a share of the plan: [from, to) (the exact plan is its own bin). */
export const WEEKLY_BINS: { label: string; test: (share: number) => boolean }[] = [
  { label: "nothing", test: (s) => s <= 0 },
  { label: "under 50 %", test: (s) => s > 0 && s < 0.5 },
  { label: "50-99 %", test: (s) => s >= 0.5 && s < 1 },
  { label: "as planned", test: (s) => s === 1 },
  { label: "101-200 %", test: (s) => s > 1 && s <= 2 },
  { label: "over 200 %", test: (s) => s > 2 },
];

export function aggregate(households: HouseholdFigures[]): Record<ArmName, Record<Group, ArmFigures>> {
  const groups: Record<Group, HouseholdFigures[]> = {
    all: households,
    covered: households.filter((h) => h.covered),
    notCovered: households.filter((h) => !h.covered),
  };
  const result = {} as Record<ArmName, Record<Group, ArmFigures>>;
  for (const arm of ARMS) {
    result[arm] = {
      all: armFiguresOf(groups.all.map((h) => h.arms[arm])),
      covered: armFiguresOf(groups.covered.map((h) => h.arms[arm])),
      notCovered: armFiguresOf(groups.notCovered.map((h) => h.arms[arm])),
    };
  }
  return result;
}

function armFiguresOf(hs: ArmHouseholdFigures[]): ArmFigures {
  const months = sum(hs.map((h) => h.months));
  const due = CATEGORY_NAMES.map((_, c) => sum(hs.map((h) => h.dueByCategory[c])));
  const late = CATEGORY_NAMES.map((_, c) => sum(hs.map((h) => h.lateByCategory[c])));
  return {
    households: hs.length,
    householdMonths: months,
    lateMonthShare: ratio(sum(hs.map((h) => h.lateMonths)), months),
    lateShareByCategory: Object.fromEntries(
      CATEGORY_NAMES.map((name, c) => [name, ratio(late[c], due[c])]),
    ) as ArmFigures["lateShareByCategory"],
    daysLate: daysLateFigures(hs.flatMap((h) => h.daysLate)),
    arrears: {
      meanPeak: cents(mean(hs.map((h) => h.peakArrears))),
      meanAtMonthEnd: cents(mean(hs.flatMap((h) => h.arrearsAtMonthEnds))),
      householdsInArrearsAtEnd: ratio(hs.filter((h) => h.inArrearsAtEnd).length, hs.length),
    },
    collectionCosts: collectionFigures(hs),
    livingMoney: livingMoneyFigures(hs),
    advances: {
      count: sum(hs.map((h) => h.advances)),
      total: cents(sum(hs.map((h) => h.advanceTotal))),
      householdsNeeding: ratio(hs.filter((h) => h.advances > 0).length, hs.length),
      meanPerHousehold: cents(mean(hs.map((h) => h.advanceTotal))),
    },
  };
}

function daysLateFigures(days: number[]): ArmFigures["daysLate"] {
  const sorted = [...days].sort((a, b) => a - b);
  return {
    payments: sorted.length,
    mean: round1(mean(sorted)),
    p50: nearestRank(sorted, 0.5),
    p95: nearestRank(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? 0,
    histogram: DAYS_LATE_BINS.map((b) => bin(b.label, sorted.filter((d) => d >= b.from && d <= b.to).length)),
  };
}

function collectionFigures(hs: ArmHouseholdFigures[]): ArmFigures["collectionCosts"] {
  const total = sum(hs.map((h) => h.collectionCosts));
  return {
    total: cents(total),
    meanPerHousehold: cents(ratio(total, hs.length)),
    householdsCharged: ratio(hs.filter((h) => h.collectionCosts > 0).length, hs.length),
  };
}

function livingMoneyFigures(hs: ArmHouseholdFigures[]): ArmFigures["livingMoney"] {
  const shares = hs.flatMap((h) => h.weeklyShares);
  const short = shares.filter((s) => s < 1).length;
  return {
    weeksShortPerHousehold: round2(ratio(short, hs.length)),
    shareOfWeeksShort: ratio(short, shares.length),
    meanVariation: round3(mean(hs.map((h) => variation(h.weeklyShares)))),
    histogram: WEEKLY_BINS.map((b) => bin(b.label, shares.filter(b.test).length)),
  };
}

/** Coefficient of variation (population standard deviation over the mean); 0 for no weeks. */
export function variation(xs: number[]): number {
  const m = mean(xs);
  if (xs.length === 0 || m === 0) return 0;
  const sd = Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
  return sd / m;
}

/** The value below which `q` of the sorted values fall (nearest rank); 0 for none. */
export function nearestRank(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => (xs.length === 0 ? 0 : sum(xs) / xs.length);
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const cents = (x: number) => Math.round(x * 100) / 100;
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const bin = (label: string, count: number): Bin => ({ label, count });
