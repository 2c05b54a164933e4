/** UTC calendar helpers matching contracts/libraries/Calendar.sol. Times are unix seconds. */
export const DAY = 86_400;
export const WEEK = 7 * DAY;

export function parseDate(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

/** "YYYY-MM-DD" of a timestamp. */
export function isoDate(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 10);
}

export function isoTime(t: number): string {
  return new Date(t * 1000).toISOString().replace(".000Z", "Z");
}

/** Month index as the vault counts it: year * 12 + month - 1. */
export function monthIndexOf(t: number): number {
  const d = new Date(t * 1000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function monthIndexOfKey(key: string): number {
  const [y, m] = key.split("-").map(Number);
  return y * 12 + m - 1;
}

/** "YYYY-MM" of a month index. */
export function monthKey(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function monthName(index: number): string {
  return `${MONTH_NAMES[index % 12]} ${Math.floor(index / 12)}`;
}

export function monthStart(index: number): number {
  return Date.UTC(Math.floor(index / 12), index % 12, 1) / 1000;
}

export function daysInMonth(index: number): number {
  return (monthStart(index + 1) - monthStart(index)) / DAY;
}

/** 00:00 UTC of day min(dueDay, days in the month): when the vault pays a bucket in that month. */
export function dueTimestamp(index: number, dueDay: number): number {
  return monthStart(index) + (Math.min(dueDay, daysInMonth(index)) - 1) * DAY;
}

/** "12 Mar" */
export function shortDate(t: number): string {
  const d = new Date(t * 1000);
  return `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()].slice(0, 3)}`;
}

/** The same date `years` later; 29 February becomes 28 February in a common year. */
export function shiftDate(date: string, years: number): string {
  if (years === 0) return date;
  const [y, m, d] = date.split("-").map(Number);
  const year = y + years;
  const day = Math.min(d, daysInMonth(year * 12 + m - 1));
  return `${year}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function shiftMonth(key: string, years: number): string {
  const [y, m] = key.split("-").map(Number);
  return `${y + years}-${String(m).padStart(2, "0")}`;
}

/** Saturday and Sunday payments move to the Friday before, as Dutch payers do. */
export function previousWorkday(t: number): number {
  const weekday = new Date(t * 1000).getUTCDay();
  if (weekday === 6) return t - DAY;
  if (weekday === 0) return t - 2 * DAY;
  return t;
}
