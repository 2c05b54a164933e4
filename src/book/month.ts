/** One month of the book summarized: income by source, fixed costs, weeks, balances at the end. */
import { INFLOW_KINDS, Ledger, Payment } from "../chain";
import { isoDate, monthIndexOf, monthKey, monthName } from "../core";
import { amountStrings, sumAmounts } from "./amounts";
import type { Sample } from "./sample";

export interface MonthSummary {
  month: string;
  name: string;
  income: {
    total: string;
    bySource: Record<string, string>;
    /** Each income as it arrived; `splitOn`: the day the keeper's call split it (absent: still waiting). */
    items: { date: string; source: string; label?: string; amount: string; splitOn?: string }[];
  };
  /** The keeper calls (and other calls) this month that split waiting income: Allocated(Source.Income). */
  split: {
    calls: number;
    /** How many of those calls each role sent (the keeper's daily call, or e.g. an advance). */
    callsBy: Record<string, number>;
    amount: string;
    bySource: Record<string, string>;
    waitingAtEnd: string;
  };
  fixedCosts: (Payment & { paidOn?: string; claimedOn?: string })[];
  livingMoney: { weeks: number; amount: string };
  /** The resident's savings: added by income this month, used for short weeks, withdrawn, at month end. */
  savings: { added: string; used: string; withdrawn: string; atEnd: string };
  bufferAtEnd: string;
  bufferDrawn: string;
  advanced: string;
  repaid: string;
  advanceOutstandingAtEnd: string;
  shortfalls: { date: string; kind: string; detail: string }[];
  notes: { date: string; text: string }[];
}

/** Whether a time falls in the month being summarized. */
type InMonth = (t: number) => boolean;

/** The total of the amounts recorded in the month, as a token-unit string. */
function totalInMonth(xs: { timestamp: number; amount: bigint }[], inMonth: InMonth): string {
  return sumAmounts(xs.filter((x) => inMonth(x.timestamp)).map((x) => x.amount)).toString();
}

/** Month `m` of the book: what came in, what was split, paid and released, and the vault at month end. */
export function summarizeMonth(
  m: number,
  ledger: Ledger,
  samples: Sample[],
  notes: { t: number; text: string }[],
): MonthSummary {
  const inMonth = (t: number) => monthIndexOf(t) === m;
  const last = [...samples].reverse().find((s) => monthIndexOf(s.t) === m);
  return {
    month: monthKey(m),
    name: monthName(m),
    income: incomeOf(ledger, inMonth),
    split: splitOf(ledger, inMonth, last),
    fixedCosts: fixedCostsOf(ledger, m, inMonth),
    livingMoney: livingMoneyOf(ledger, inMonth),
    savings: {
      added: sumAmounts(ledger.allocated.filter((a) => inMonth(a.timestamp)).map((a) => a.toSavings)).toString(),
      used: totalInMonth(ledger.savingsUsed, inMonth),
      withdrawn: totalInMonth(ledger.savingsWithdrawn, inMonth),
      atEnd: last?.savings ?? "0",
    },
    bufferAtEnd: last?.buffer ?? "0",
    bufferDrawn: totalInMonth(ledger.bufferUsed, inMonth),
    advanced: totalInMonth(ledger.advances, inMonth),
    repaid: totalInMonth(ledger.repayments, inMonth),
    advanceOutstandingAtEnd: last?.advanceOutstanding ?? "0",
    shortfalls: ledger.shortfalls
      .filter((s) => inMonth(s.timestamp))
      .map((s) => ({ date: isoDate(s.timestamp), kind: s.kind, detail: s.detail })),
    notes: notes.filter((n) => inMonth(n.t)).map((n) => ({ date: isoDate(n.t), text: n.text })),
  };
}

function incomeOf(ledger: Ledger, inMonth: InMonth): MonthSummary["income"] {
  const incoming = ledger.movements.filter((x) => INFLOW_KINDS.includes(x.kind) && inMonth(x.timestamp));
  const bySource: Record<string, bigint> = {};
  for (const x of incoming) {
    bySource[x.source ?? "Untagged"] = (bySource[x.source ?? "Untagged"] ?? 0n) + BigInt(x.amount);
  }
  return {
    total: sumAmounts(incoming.map((x) => BigInt(x.amount))).toString(),
    bySource: amountStrings(bySource),
    items: incoming.map((x) => ({
      date: isoDate(x.timestamp),
      source: x.source ?? "Untagged",
      label: x.label,
      amount: x.amount,
      splitOn: x.splitAt !== undefined ? isoDate(x.splitAt) : undefined,
    })),
  };
}

function splitOf(ledger: Ledger, inMonth: InMonth, last: Sample | undefined): MonthSummary["split"] {
  const splits = ledger.allocated.filter((a) => a.source === "Income" && inMonth(a.timestamp));
  const bySource: Record<string, bigint> = {};
  for (const a of splits) {
    for (const [k, v] of Object.entries(a.bySource ?? {})) bySource[k] = (bySource[k] ?? 0n) + v;
  }
  const callsBy: Record<string, number> = {};
  for (const a of splits) callsBy[a.sentBy ?? "other"] = (callsBy[a.sentBy ?? "other"] ?? 0) + 1;
  return {
    calls: splits.length,
    callsBy,
    amount: sumAmounts(splits.map((a) => a.amount)).toString(),
    bySource: amountStrings(bySource),
    waitingAtEnd: last?.unallocated ?? "0",
  };
}

/** The month's own payments, and those of earlier months paid in it (arrears). */
function fixedCostsOf(ledger: Ledger, m: number, inMonth: InMonth): MonthSummary["fixedCosts"] {
  return ledger.payments
    .filter((p) => p.monthIndex === m || (p.paidAt !== undefined && inMonth(p.paidAt) && p.monthIndex < m))
    .map((p) => ({
      ...p,
      paidOn: p.paidAt !== undefined ? isoDate(p.paidAt) : undefined,
      claimedOn: p.claimedAt !== undefined ? isoDate(p.claimedAt) : undefined,
    }));
}

function livingMoneyOf(ledger: Ledger, inMonth: InMonth): MonthSummary["livingMoney"] {
  const releases = ledger.releases.filter((r) => inMonth(r.timestamp));
  return {
    weeks: releases.reduce((s, r) => s + r.weeks, 0),
    amount: sumAmounts(releases.map((r) => r.amount)).toString(),
  };
}
