/**
 * An income calendar made from what the vault received lately, for a forecast where no coach has
 * written one (the web app's warning): every deposit of the past month is expected again, in full
 * and on time, on the same day of each following month. Browser-safe and pure.
 *
 * The expected payments are dated ({ once }) rather than { monthly }: a deposit made today is in
 * the vault already, and a monthly schedule would count it again today.
 */
import { formatUnits } from "ethers";
import { DAY, dueTimestamp, isoDate, monthIndexOf } from "../core";
import type { ExpectedPayment, IncomeCalendar, PayerName } from "./income-calendar";

/** One IncomeReceived event of the vault, with its block's time. */
export interface ReceivedIncome {
  /** IHouseholdVault.Source: 1 SVB, 2 Toeslagen, 3 W&I, 4 another payer. */
  source: number;
  amount: bigint;
  /** Unix seconds. */
  time: number;
}

/** How far back the app looks for income: a month and a few days for a payment that came late. */
export const HISTORY_DAYS = 35;

/**
 * A deposit is the previous occurrence of a monthly payment, not a payment of its own, when the
 * same payer deposited again at least this much later.
 */
const SUPERSEDED_AFTER = 25 * DAY;

const PAYER_OF_SOURCE: Record<number, PayerName> = { 1: "svb", 2: "toeslagen", 3: "wi", 4: "other" };

/**
 * The calendar expecting each deposit again on its day of the month (the month's last day when
 * shorter) in every month after it, up to and including `until`. No uncertainty: a payment comes
 * on time and in full. No deposits: a calendar with no payments (the forecast takes it as it is;
 * checkIncomeCalendar would refuse an empty file, so it is built directly).
 */
export function historyCalendar(received: ReceivedIncome[], decimals: number, until: number): IncomeCalendar {
  const payments: ExpectedPayment[] = [];
  latestOccurrences(received).forEach((r, i) => {
    if (r.amount <= 0n) return;
    const payer = PAYER_OF_SOURCE[r.source] ?? "other";
    const amount = formatUnits(r.amount, decimals);
    nextDays(r.time, until).forEach((day, k) => {
      payments.push({
        id: `${payer}-${i + 1}-${k + 1}`,
        payer,
        amount,
        schedule: { once: isoDate(day) },
        uncertainty: { lateDays: 0 },
      });
    });
  });
  return { payments, withdrawals: [] };
}

/** The deposits that no later deposit of the same payer replaces, oldest first. */
export function latestOccurrences(received: ReceivedIncome[]): ReceivedIncome[] {
  const sorted = [...received].sort((a, b) => a.time - b.time);
  return sorted.filter((r) => !sorted.some((l) => l.source === r.source && l.time - r.time >= SUPERSEDED_AFTER));
}

/** 00:00 UTC of the same day of the month in each month after `time`, up to `until`. */
function nextDays(time: number, until: number): number[] {
  const dayOfMonth = new Date(time * 1000).getUTCDate();
  const days: number[] = [];
  for (let m = monthIndexOf(time) + 1; dueTimestamp(m, dayOfMonth) <= until; m++) {
    days.push(dueTimestamp(m, dayOfMonth));
  }
  return days;
}
