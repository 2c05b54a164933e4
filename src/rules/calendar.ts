/**
 * The model's calendar: UTC, Gregorian, via the JavaScript Date object. Kept apart from
 * src/core/calendar.ts (which reckons from month starts, under other names) so that the model rests
 * on the spec and the Date object alone.
 */

/** Month index `year * 12 + (month - 1)` of a timestamp. */
export function monthIndexAt(t: number): number {
  const d = new Date(t * 1000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function daysInMonth(month: number): number {
  const y = Math.floor(month / 12);
  const m = month % 12;
  return new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
}

/** 00:00 UTC of the due date of `dueDay` in `month` (the last day of a shorter month). */
export function dueAt(month: number, dueDay: number): number {
  const y = Math.floor(month / 12);
  const m = month % 12;
  return Date.UTC(y, m, Math.min(dueDay, daysInMonth(month))) / 1000;
}

/** The last second of the UTC month that contains `t`. */
export function endOfMonth(t: number): number {
  const d = new Date(t * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000 - 1;
}
