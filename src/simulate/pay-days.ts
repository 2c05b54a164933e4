/**
 * Pay days: the day a payer's rule gives in a month, with its weekend rule, and the budget
 * manager's day that follows from the main income's usual pay day. Public holidays are not
 * modelled (only weekends move a payment), which keeps the calendar repeating every 28 years.
 */
import { DAY, daysInMonth, dueTimestamp, previousWorkday } from "../core";
import type { PayDayRule, Range } from "./population-file";
import { drawWhole, type RandomGenerator } from "./random";

const DECEMBER = 11;

/** Saturday and Sunday move to the Monday after (the Belastingdienst pays toeslagen so). */
export function nextWorkday(t: number): number {
  const weekday = new Date(t * 1000).getUTCDay();
  if (weekday === 6) return t + 2 * DAY;
  if (weekday === 0) return t + DAY;
  return t;
}

/** Pay days of rules without a drawn day, by month index: every household shares them. */
const fixedDays = new WeakMap<PayDayRule, Map<number, number>>();

/** 00:00 UTC of the day `rule` pays in `month` (a month index); a range draws the day. */
export function payDayIn(rule: PayDayRule, month: number, rng: RandomGenerator): number {
  const drawn = rule.day !== "last" && rule.day.min !== rule.day.max;
  if (drawn && !(rule.december !== undefined && month % 12 === DECEMBER)) {
    return onWorkday(rule, dueTimestamp(month, drawWhole(rng, rule.day as Range)));
  }
  let days = fixedDays.get(rule);
  if (!days) fixedDays.set(rule, (days = new Map()));
  let day = days.get(month);
  if (day === undefined) days.set(month, (day = onWorkday(rule, dueTimestamp(month, fixedDayOfMonth(rule, month)))));
  return day;
}

function fixedDayOfMonth(rule: PayDayRule, month: number): number {
  if (rule.december !== undefined && month % 12 === DECEMBER) return rule.december;
  return rule.day === "last" ? daysInMonth(month) : rule.day.min;
}

function onWorkday(rule: PayDayRule, day: number): number {
  return rule.weekend === "before" ? previousWorkday(day) : nextWorkday(day);
}

/**
 * The first day of the month after the rule's usual pay day (December's aside): the 1st for pay at
 * the month's end (from the 28th on), the 11th for the 10th, the 24th for the 23rd.
 */
export function budgetDayAfter(rule: PayDayRule): number {
  const usual = rule.day === "last" ? 31 : rule.day.max;
  return usual >= 28 ? 1 : usual + 1;
}
