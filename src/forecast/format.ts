/**
 * A forecast as a coach reads it (text) and as a program reads it (JSON: dates as YYYY-MM-DD,
 * amounts as exact decimal euro strings). Households appear by their id only.
 */
import { CATEGORY_NAMES } from "../chain";
import { DAY, isoDate, isoTime, monthKey, Money } from "../core";
import type { HouseholdForecast } from "./forecast";
import type { Failure } from "./project";
import type { AdvanceAdvice, BufferAdvice } from "./recommend";

const category = (c: number) => CATEGORY_NAMES[c] ?? `CATEGORY-${c}`;

/** One sentence: what goes wrong first, how much is missing, and why. */
export function explainFailure(f: HouseholdForecast, failure: Failure, money: Money): string {
  const eur = (x: bigint) => money.eur(x);
  const h = failure.held;
  const next = f.incomes.find((i) => i.day >= failure.at - (failure.at % DAY));
  const nextText = next
    ? `the next income expected is ${next.id}, ${eur(next.amount)} on ${isoDate(next.day)}`
    : "no income is expected before the forecast ends";
  if (failure.kind === "payment-short") {
    const b = f.projection.dueDates.find((d) => d.bucket === failure.index && d.status !== "paid");
    const what = b ? `${category(b.category)} for ${monthKey(b.month)}` : `bucket ${failure.index}`;
    return (
      `${isoDate(failure.at)}: ${what} is short by ${eur(failure.missing)}: the bucket held ${eur(h.bucket)}, ` +
      `and the buffer (${eur(h.buffer)}) and savings (${eur(h.savings)}) could not complete it; ${nextText}.`
    );
  }
  return (
    `${isoDate(failure.at)}: week ${failure.index + 1}'s living money is short by ${eur(failure.missing)}: ` +
    `what was left (living money ${eur(h.livingMoney)}, savings ${eur(h.savings)}, buffer ${eur(h.buffer)}) ` +
    `did not make a whole week; ${nextText}.`
  );
}

/** The readable forecast. */
export function forecastText(f: HouseholdForecast, money: Money): string {
  const eur = (x: bigint) => money.eur(x);
  const s = f.snapshot;
  const p = f.projection;
  const lines = [
    `Forecast for household ${s.householdId}`,
    `  vault ${s.vault}, read at block ${s.blockNumber} (${isoTime(s.timestamp)}), through ${isoDate(f.lastDay)}`,
    `  income expected: ${f.incomes.length} payment(s), ${eur(f.incomes.reduce((a, i) => a + i.amount, 0n))}`,
    "",
    "Due dates",
    ...p.dueDates.map((d) => {
      const status =
        d.status === "paid"
          ? "paid"
          : `SHORT by ${eur(d.missing)}${d.paidAt ? `, paid late on ${isoDate(d.paidAt)}` : ", not paid by the end"}`;
      return `  ${isoDate(d.dueAt)}  ${category(d.category).padEnd(10)} ${eur(d.amount).padStart(10)}  ${status}`;
    }),
    `Living money (${eur(s.weeklyLivingMoney)} a week)`,
    ...p.weeks.map((w) => {
      const status = w.status === "paid" ? "paid" : w.paidAt ? `LATE, paid ${isoDate(w.paidAt)}` : "SHORT";
      return `  ${isoDate(w.dueAt)}  week ${String(w.week + 1).padEnd(4)} ${eur(w.amount).padStart(10)}  ${status}`;
    }),
    "",
    ...balanceLines(f, money),
    "",
    p.firstFailure
      ? `First problem: ${explainFailure(f, p.firstFailure, money)}`
      : "First problem: none. Every due date and every week is paid on its day.",
  ];
  if (f.recommendations) lines.push("", ...recommendationLines(f, money));
  return lines.join("\n");
}

function balanceLines(f: HouseholdForecast, money: Money): string[] {
  const p = f.projection;
  const end = p.samples[p.samples.length - 1];
  const withdrawn = p.withdrawn.reduce((a, w) => a + w.amount, 0n);
  const lines = [
    `Buffer: lowest ${money.eur(p.bufferLow.amount)} on ${isoDate(p.bufferLow.at)} (target ${money.eur(f.snapshot.bufferTarget)})`,
    `Savings at the end: ${money.eur(end?.savings ?? f.snapshot.savings)}` +
      (withdrawn > 0n ? ` (the resident withdraws ${money.eur(withdrawn)} in the forecast)` : ""),
    `Advance outstanding at the end: ${money.eur(end?.advanceOutstanding ?? f.snapshot.advanceOutstanding)}`,
  ];
  if (p.stopped) lines.push(`The keeper can do nothing: ${p.stopped}.`);
  return lines;
}

function bufferText(a: BufferAdvice, money: Money): string {
  return a.target !== undefined
    ? money.eur(a.target)
    : `none up to ${money.eur(a.searchedUpTo)} (the money does not reach; see the advance)`;
}

function advanceText(a: AdvanceAdvice, money: Money): string {
  return a.amount !== undefined
    ? `${money.eur(a.amount)} paid on ${isoDate(a.day)} prevents the first shortfall`
    : `none: the most the vault accepts on ${isoDate(a.day)} (${money.eur(a.largestAccepted)}) does not prevent it`;
}

function recommendationLines(f: HouseholdForecast, money: Money): string[] {
  const r = f.recommendations!;
  const lines = [
    "Recommendations",
    `  Smallest buffer target that keeps every payment on time (now ${money.eur(r.currentBufferTarget)}):`,
    `    with the income as the calendar says:   ${bufferText(r.bufferTarget, money)}`,
    `    under its stated delays, worst case:    ${bufferText(r.worstCase, money)}`,
    `    under its stated delays, 95 % of cases: ${bufferText(r.p95, money)} (${r.samples} samples, seed ${r.seed})`,
  ];
  if (r.advance) lines.push(`  Advance: ${advanceText(r.advance, money)}`);
  return lines;
}
