/**
 * One household-year's figures in one arm, measured from `measureFrom` to the end of `lastDay`:
 * plain numbers (euros as numbers, for the report only), small enough to send between worker
 * threads. The money itself stays bigint in the arms; only these summaries become numbers.
 */
import { DAY, WEEK, monthIndexAt } from "../rules";
import { costDueDates, weekCount } from "./creditors";
import type { ArmName, ArmResult, DueDate, HouseholdYear, ShockName } from "./types";

export interface ArmHouseholdFigures {
  /** Household-months measured, and those with any fixed cost paid late (or not at all). */
  months: number;
  lateMonths: number;
  /** Per category (CATEGORY order): months due and months late. */
  dueByCategory: number[];
  lateByCategory: number[];
  /** Days late of each late payment (unpaid at the end: days until the end). */
  daysLate: number[];
  /** The most overdue at once, and overdue at each measured month's end (euros). */
  peakArrears: number;
  arrearsAtMonthEnds: number[];
  inArrearsAtEnd: boolean;
  /** Collection costs added in the measured year (euros). */
  collectionCosts: number;
  /** Each measured week's living money as a share of the plan. */
  weeklyShares: number[];
  /** Advances (the vault arm only; they start the day before the measured year). */
  advances: number;
  advanceTotal: number;
}

export interface HouseholdFigures {
  index: number;
  type: string;
  municipality: string;
  shocks: ShockName[];
  /** The income it received in the measured year pays everything its plan asks in that year. */
  covered: boolean;
  /** The vault's buffer target at the end (euros): the forecast's, when it found one. */
  bufferTarget: number;
  arms: Record<ArmName, ArmHouseholdFigures>;
}

/**
 * Whether the household's yearly income covers its plan: what it received in the measured year
 * pays every fixed-cost month due in it, every week of living money falling due in it and its
 * one-off costs. Arrears of such a household are caused by timing alone.
 */
export function incomeCoversPlan(h: HouseholdYear): boolean {
  const inYear = (day: number) => day >= h.measureFrom && day <= h.lastDay;
  const income = h.incomes.filter((p) => inYear(p.day)).reduce((sum, p) => sum + p.amount, 0n);
  const fixed = costDueDates(h)
    .filter((d) => inYear(d.dueAt))
    .reduce((sum, d) => sum + d.amount, 0n);
  let weeks = 0n;
  for (let k = 0; k < weekCount(h); k++) if (inYear(h.start + (k + 1) * WEEK)) weeks++;
  const oneOffs = h.oneOffs.filter((c) => inYear(c.day)).reduce((sum, c) => sum + c.amount, 0n);
  return income >= fixed + weeks * h.weekly + oneOffs;
}

export function armFigures(h: HouseholdYear, arm: ArmResult): ArmHouseholdFigures {
  // Via whole cents, so that the figure does not depend on the token's decimals.
  const euros = (units: bigint) => Number((units * 100n) / h.euro) / 100;
  const measured = arm.dueDates.filter((d) => d.dueAt >= h.measureFrom && d.dueAt <= h.lastDay);
  const end = h.lastDay + DAY;
  const late = measured.filter((d) => daysLate(d, end) > 0);
  const months = monthsOf(h);
  const lateMonthSet = new Set(late.map((d) => d.month));
  const arrears = arrearsFigures(arm.dueDates, h, euros);
  return {
    months: months.length,
    lateMonths: months.filter((m) => lateMonthSet.has(m)).length,
    dueByCategory: byCategory(measured),
    lateByCategory: byCategory(late),
    daysLate: late.map((d) => daysLate(d, end)),
    ...arrears,
    collectionCosts: euros(
      arm.collectionCosts.filter((c) => c.at >= h.measureFrom).reduce((sum, c) => sum + c.amount, 0n),
    ),
    weeklyShares: measuredWeeks(h, arm).map((w) => share(w, h.weekly)),
    advances: arm.advances.length,
    advanceTotal: euros(arm.advances.reduce((sum, a) => sum + a.amount, 0n)),
  };
}

/** `part` over `whole` to a millionth, in bigint first: the same for any token's decimals. */
function share(part: bigint, whole: bigint): number {
  return whole === 0n ? 1 : Number((part * 1_000_000n) / whole) / 1_000_000;
}

/** Whole days after its due date on which a payment was made (0: paid on its day). */
export function daysLate(d: DueDate, end: number): number {
  const paid = d.paidAt ?? end;
  return Math.max(0, Math.floor(paid / DAY) - Math.floor(d.dueAt / DAY));
}

function byCategory(dues: DueDate[]): number[] {
  const counts = [0, 0, 0, 0];
  for (const d of dues) counts[d.category] = (counts[d.category] ?? 0) + 1;
  return counts;
}

/** The month indices measured (as DueDate.month counts them: src/rules monthIndexAt). */
function monthsOf(h: HouseholdYear): number[] {
  const first = monthIndexAt(h.measureFrom);
  const last = monthIndexAt(h.lastDay);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * Overdue fixed costs: a month is overdue from the end of its due day until it is paid. The peak is
 * found by a sweep over those moments within the measured year; month ends are read off the same.
 */
function arrearsFigures(
  dues: DueDate[],
  h: HouseholdYear,
  euros: (u: bigint) => number,
): Pick<ArmHouseholdFigures, "peakArrears" | "arrearsAtMonthEnds" | "inArrearsAtEnd"> {
  const changes: { t: number; delta: bigint }[] = [];
  for (const d of dues) {
    const overdueFrom = Math.floor(d.dueAt / DAY) * DAY + DAY;
    if (d.paidAt !== undefined && d.paidAt < overdueFrom) continue;
    changes.push({ t: overdueFrom, delta: d.amount });
    if (d.paidAt !== undefined) changes.push({ t: d.paidAt, delta: -d.amount });
  }
  changes.sort((a, b) => a.t - b.t);
  const monthEnds = monthsOf(h).map((m) => Date.UTC(Math.floor(m / 12), (m % 12) + 1, 1) / 1000);
  const atMonthEnds: bigint[] = [];
  let owed = 0n;
  let i = 0;
  // What is overdue as the year starts (carried from the settling-in quarter) counts from its first moment.
  for (; i < changes.length && changes[i].t <= h.measureFrom; i++) owed += changes[i].delta;
  let peak = owed;
  for (const monthEnd of monthEnds) {
    for (; i < changes.length && changes[i].t <= monthEnd; i++) {
      owed += changes[i].delta;
      if (owed > peak) peak = owed;
    }
    atMonthEnds.push(owed);
  }
  const last = atMonthEnds[atMonthEnds.length - 1] ?? 0n;
  return { peakArrears: euros(peak), arrearsAtMonthEnds: atMonthEnds.map(euros), inArrearsAtEnd: last > 0n };
}

function measuredWeeks(h: HouseholdYear, arm: ArmResult): bigint[] {
  const week = 7 * DAY;
  return arm.weeks.filter((_, k) => h.start + (k + 1) * week >= h.measureFrom);
}
