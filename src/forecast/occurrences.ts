/**
 * The calendar's payments and withdrawals as dated events over a forecast's days, each payment
 * drawn once: on time and in full (the calendar as written), at its latest and reduced (the worst
 * case), or at random within its uncertainty (sampling).
 */
import { DAY, daysInMonth, isoDate, monthIndexOf, monthStart, parseDate, previousWorkday, Money } from "../core";
import { ExpectedPayment, IncomeCalendar, PAYER_SOURCE, PlannedWithdrawal, Schedule } from "./income-calendar";

/** One expected payment on one day. */
export interface DatedIncome {
  /** 00:00 UTC of the day it arrives. */
  day: number;
  id: string;
  source: number;
  amount: bigint;
  /** Days later than the calendar's date (0 unless drawn late). */
  daysLate: number;
  reduced: boolean;
}

export interface DatedWithdrawal {
  day: number;
  /** undefined: all savings. */
  amount?: bigint;
}

/** How one occurrence of a payment turns out: days late, and whether the amount is reduced. */
export type Draw = (payment: ExpectedPayment, day: number) => { daysLate: number; reduced: boolean };

export const ON_TIME: Draw = () => ({ daysLate: 0, reduced: false });
export const WORST_CASE: Draw = (p) => ({
  daysLate: p.uncertainty.lateDays,
  reduced: (p.uncertainty.reduced?.probability ?? 0) > 0,
});

/** The days in [firstDay, lastDay] on which `schedule` falls (before the weekend rule). */
export function scheduleDays(schedule: Schedule, firstDay: number, lastDay: number): number[] {
  if ("once" in schedule) {
    const day = parseDate(schedule.once);
    return day >= firstDay && day <= lastDay ? [day] : [];
  }
  const days: number[] = [];
  for (let m = monthIndexOf(firstDay); m <= monthIndexOf(lastDay); m++) {
    const dayOfMonth = dayInMonth(schedule, m);
    if (dayOfMonth === undefined) continue;
    const day = monthStart(m) + (Math.min(dayOfMonth, daysInMonth(m)) - 1) * DAY;
    if (day >= firstDay && day <= lastDay) days.push(day);
  }
  return days;
}

function dayInMonth(schedule: Exclude<Schedule, { once: string }>, month: number): number | undefined {
  const calendarMonth = (month % 12) + 1;
  if ("monthly" in schedule) return schedule.monthly;
  if ("quarterly" in schedule) {
    return (calendarMonth - schedule.firstMonth) % 3 === 0 ? schedule.quarterly : undefined;
  }
  return calendarMonth === schedule.yearly.month ? schedule.yearly.day : undefined;
}

/**
 * Every payment that arrives in [firstDay, lastDay], in day order. A payment is looked for from
 * its latest possible delay before `firstDay`, so one due just before the forecast that comes late
 * still arrives inside it.
 */
export function datedIncomes(
  calendar: IncomeCalendar,
  money: Money,
  firstDay: number,
  lastDay: number,
  draw: Draw = ON_TIME,
): DatedIncome[] {
  const incomes: DatedIncome[] = [];
  for (const p of calendar.payments) {
    const lookBack = p.uncertainty.lateDays * DAY;
    for (const scheduled of scheduleDays(p.schedule, firstDay - lookBack, lastDay)) {
      const paid = previousWorkday(scheduled);
      const { daysLate, reduced } = draw(p, paid);
      const day = paid + daysLate * DAY;
      if (day < firstDay || day > lastDay) continue;
      const amount = money.units(reduced && p.uncertainty.reduced ? p.uncertainty.reduced.amount : p.amount);
      if (amount > 0n) incomes.push({ day, id: p.id, source: PAYER_SOURCE[p.payer], amount, daysLate, reduced });
    }
  }
  // Stable: payments on one day keep the calendar's order.
  return incomes.sort((a, b) => a.day - b.day);
}

export function datedWithdrawals(
  withdrawals: PlannedWithdrawal[],
  money: Money,
  firstDay: number,
  lastDay: number,
): DatedWithdrawal[] {
  const dated = withdrawals.flatMap((w) =>
    scheduleDays(w.schedule, firstDay, lastDay).map((day) => ({
      day,
      amount: w.amount === "all" ? undefined : money.units(w.amount),
    })),
  );
  return dated.sort((a, b) => a.day - b.day);
}

/** "2027-03-04" for messages. */
export const dayText = (day: number): string => isoDate(day);
