import fs from "fs";
import path from "path";
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import { DAY, WEEK, isoDate, isoTime, monthIndexOf, monthKey, monthName, shortDate } from "../core";
import type { Deployment } from "../chain";
import { INFLOW_KINDS, Ledger, Movement, Payment } from "../chain";
import { Money } from "../core";
import { CATEGORY_CODES, PlanSpec, Scenario } from "../scenario";
import { renderHtml } from "./chart";

/** The vault's state at the end of one day (token units as strings). */
export interface Sample {
  t: number;
  date: string;
  /** The vault's token balance (what its accounts and unallocated income must add up to). */
  tokenBalance: string;
  buckets: Record<string, string>;
  arrears: Record<string, string>;
  livingMoney: string;
  buffer: string;
  /** The resident's savings held in the vault. */
  savings: string;
  repaymentHeld: string;
  advanceOutstanding: string;
  claimable: string;
  unallocated: string;
}

/** The vault's state at the end of `day`, from its views and its token balance. */
export function sampleOf(
  day: number,
  bucketViews: IHouseholdVault.BucketViewStructOutput[],
  acc: IHouseholdVault.AccountsStructOutput,
  held: bigint,
): Sample {
  return {
    t: day + DAY - 1,
    date: isoDate(day),
    tokenBalance: held.toString(),
    buckets: Object.fromEntries(bucketViews.map((b) => [CATEGORY_CODES[Number(b.category)], b.balance.toString()])),
    arrears: Object.fromEntries(bucketViews.map((b) => [CATEGORY_CODES[Number(b.category)], b.arrears.toString()])),
    livingMoney: acc.livingMoney.toString(),
    buffer: acc.buffer.toString(),
    savings: acc.savings.toString(),
    repaymentHeld: acc.repaymentHeld.toString(),
    advanceOutstanding: acc.advanceOutstanding.toString(),
    claimable: acc.claimable.toString(),
    unallocated: acc.unallocated.toString(),
  };
}

export interface Check {
  name: "rent-on-time-when-money-available" | "money-conserved" | "living-money-as-planned";
  ok: boolean;
  detail: string;
}

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

export interface Report {
  format: "huishoudboekje-scenario-report/1";
  generatedAt: string;
  scenario: {
    name: string;
    title: string;
    file?: string;
    household: Scenario["household"];
    start: string;
    end: string;
    months: number;
    yearsShifted: number;
  };
  network: { name: string; chainId: number };
  deployment: { id: string; reused: boolean; module: string; token: string; factory: string; implementation: string };
  vault: string;
  householdId: string;
  token: { decimals: number; note: string };
  plan: { initial: PlanSpec; changes: { from: string; plan: PlanSpec }[] };
  stats: { wallSeconds: number; transactions: number; blocks: number };
  movements: Movement[];
  fixedCostPayments: Payment[];
  livingMoneyWeeks: Ledger["weeks"];
  shortfalls: Ledger["shortfalls"];
  months: MonthSummary[];
  finalBalances: {
    vaultTokenBalance: string;
    vault: Record<string, string>;
    buckets: { bucket: string; balance: string; arrears: string; paidThroughMonth: string }[];
    accounts: Record<string, string>;
  };
  conservation: {
    equation: string;
    in: Record<string, string> & { total: string };
    out: Record<string, string> & { total: string };
    held: string;
    holds: boolean;
  };
  checks: Check[];
  samples: Sample[];
}

export interface ReportInput {
  scenario: Scenario;
  scenarioFile?: string;
  yearsShifted: number;
  months: number;
  network: { name: string; chainId: number };
  deployment: Deployment;
  vault: string;
  householdId: string;
  vaultStart: number;
  endDay: number;
  money: Money;
  ledger: Ledger;
  samples: Sample[];
  notes: { t: number; text: string }[];
  accounts: IHouseholdVault.AccountsStructOutput;
  bucketViews: IHouseholdVault.BucketViewStructOutput[];
  vaultBalance: bigint;
  balances: Record<string, string>;
  rentWatch: RentWatch;
  planHistory: { from: number; plan: PlanSpec }[];
  stats: { wallSeconds: number; transactions: number; blocks: number };
  lastKeeperRun: number;
}

const sum = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n);

export function summarizeMonth(
  m: number,
  ledger: Ledger,
  samples: Sample[],
  notes: { t: number; text: string }[],
): MonthSummary {
  const inMonth = (t: number) => monthIndexOf(t) === m;
  const incoming = ledger.movements.filter((x) => INFLOW_KINDS.includes(x.kind) && inMonth(x.timestamp));
  const bySource: Record<string, bigint> = {};
  for (const x of incoming)
    bySource[x.source ?? "Untagged"] = (bySource[x.source ?? "Untagged"] ?? 0n) + BigInt(x.amount);
  const releases = ledger.releases.filter((r) => inMonth(r.timestamp));
  const splits = ledger.allocated.filter((a) => a.source === "Income" && inMonth(a.timestamp));
  const splitBySource: Record<string, bigint> = {};
  for (const a of splits)
    for (const [k, v] of Object.entries(a.bySource ?? {})) splitBySource[k] = (splitBySource[k] ?? 0n) + v;
  const last = [...samples].reverse().find((s) => monthIndexOf(s.t) === m);
  return {
    month: monthKey(m),
    name: monthName(m),
    income: {
      total: sum(incoming.map((x) => BigInt(x.amount))).toString(),
      bySource: Object.fromEntries(Object.entries(bySource).map(([k, v]) => [k, v.toString()])),
      items: incoming.map((x) => ({
        date: isoDate(x.timestamp),
        source: x.source ?? "Untagged",
        label: x.label,
        amount: x.amount,
        splitOn: x.splitAt !== undefined ? isoDate(x.splitAt) : undefined,
      })),
    },
    split: {
      calls: splits.length,
      callsBy: splits.reduce<Record<string, number>>((o, a) => {
        const by = a.sentBy ?? "other";
        o[by] = (o[by] ?? 0) + 1;
        return o;
      }, {}),
      amount: sum(splits.map((a) => a.amount)).toString(),
      bySource: Object.fromEntries(Object.entries(splitBySource).map(([k, v]) => [k, v.toString()])),
      waitingAtEnd: last?.unallocated ?? "0",
    },
    fixedCosts: ledger.payments
      .filter((p) => p.monthIndex === m || (p.paidAt !== undefined && inMonth(p.paidAt) && p.monthIndex < m))
      .map((p) => ({
        ...p,
        paidOn: p.paidAt !== undefined ? isoDate(p.paidAt) : undefined,
        claimedOn: p.claimedAt !== undefined ? isoDate(p.claimedAt) : undefined,
      })),
    livingMoney: {
      weeks: releases.reduce((s, r) => s + r.weeks, 0),
      amount: sum(releases.map((r) => r.amount)).toString(),
    },
    savings: {
      added: sum(ledger.allocated.filter((a) => inMonth(a.timestamp)).map((a) => a.toSavings)).toString(),
      used: sum(ledger.savingsUsed.filter((x) => inMonth(x.timestamp)).map((x) => x.amount)).toString(),
      withdrawn: sum(ledger.savingsWithdrawn.filter((x) => inMonth(x.timestamp)).map((x) => x.amount)).toString(),
      atEnd: last?.savings ?? "0",
    },
    bufferAtEnd: last?.buffer ?? "0",
    bufferDrawn: sum(ledger.bufferUsed.filter((b) => inMonth(b.timestamp)).map((b) => b.amount)).toString(),
    advanced: sum(ledger.advances.filter((a) => inMonth(a.timestamp)).map((a) => a.amount)).toString(),
    repaid: sum(ledger.repayments.filter((a) => inMonth(a.timestamp)).map((a) => a.amount)).toString(),
    advanceOutstandingAtEnd: last?.advanceOutstanding ?? "0",
    shortfalls: ledger.shortfalls
      .filter((s) => inMonth(s.timestamp))
      .map((s) => ({ date: isoDate(s.timestamp), kind: s.kind, detail: s.detail })),
    notes: notes.filter((n) => inMonth(n.t)).map((n) => ({ date: isoDate(n.t), text: n.text })),
  };
}

const SOURCE_LABEL: Record<string, string> = {
  WorkAndIncome: "W&I",
  Toeslagen: "Toeslagen",
  SVB: "SVB",
  MunicipalAdvance: "advance",
  Untagged: "plain transfer",
  OtherPayer: "other",
};

/** The terminal block for one month. */
export function formatMonth(
  m: number,
  ledger: Ledger,
  samples: Sample[],
  plan: PlanSpec,
  money: Money,
  notes: { t: number; text: string }[],
  bufferTarget: bigint,
): string {
  const s = summarizeMonth(m, ledger, samples, notes);
  const eur = (x: string | bigint) => money.eur(BigInt(x));
  const lines: string[] = [];
  lines.push(`━━ ${s.name} ${"━".repeat(Math.max(4, 70 - s.name.length))}`);
  const sources = Object.entries(s.income.bySource)
    .map(([k, v]) => `${SOURCE_LABEL[k] ?? k} ${eur(v)}`)
    .join(" · ");
  lines.push(`  income        ${eur(s.income.total).padEnd(11)} ${sources || "none"}`);
  // Income waits in the vault until the keeper's next call splits it (waterfall at that moment).
  const waiting = BigInt(s.split.waitingAtEnd);
  const callers = Object.entries(s.split.callsBy).sort((a, b) => b[1] - a[1]);
  const calls = `${s.split.calls} call${s.split.calls === 1 ? "" : "s"}`;
  const by =
    callers.length === 1 && callers[0][0] === "keeper"
      ? `in ${s.split.calls} keeper ${calls.split(" ")[1]}`
      : `in ${calls}${callers.length ? ` (${callers.map(([role, n]) => `${n} by the ${role}`).join(", ")})` : ""}`;
  lines.push(
    `  split         ${eur(s.split.amount).padEnd(11)} ${by}` +
      (waiting > 0n ? `; ${eur(waiting)} still waiting at month end` : ""),
  );
  const costs = s.fixedCosts.map((p) => {
    const when =
      p.status === "missed"
        ? "NOT PAID (arrears)"
        : `${shortDate(p.paidAt!)} ${p.daysLate ? `${p.daysLate} day${p.daysLate > 1 ? "s" : ""} LATE` : "on time"}`;
    const held = p.deferred
      ? p.claimedAt
        ? `, held until claimed ${shortDate(p.claimedAt)}`
        : ", held as claimable"
      : "";
    const forMonth = p.monthIndex === m ? "" : ` for ${monthKey(p.monthIndex)}`;
    return `${p.bucket} ${eur(p.amount === "0" ? 0n : p.amount)}${forMonth} ${when}${held}`;
  });
  if (costs.length === 0) costs.push("nothing due");
  lines.push(`  fixed costs   ${costs.slice(0, 2).join(" · ")}`);
  for (let i = 2; i < costs.length; i += 2) lines.push(`                ${costs.slice(i, i + 2).join(" · ")}`);
  const weekly = money.units(plan.weeklyLivingMoney);
  lines.push(
    `  living money  ${s.livingMoney.weeks} week${s.livingMoney.weeks === 1 ? "" : "s"} × ${eur(weekly)} = ${eur(s.livingMoney.amount)}`,
  );
  const savingsMoves = [
    BigInt(s.savings.added) > 0n ? `+${eur(s.savings.added)} saved` : "",
    BigInt(s.savings.used) > 0n ? `${eur(s.savings.used)} covered weeks that fell short` : "",
    BigInt(s.savings.withdrawn) > 0n ? `${eur(s.savings.withdrawn)} withdrawn by the resident` : "",
  ].filter((x) => x !== "");
  lines.push(
    `  savings       ${eur(s.savings.atEnd)} at month end${savingsMoves.length ? `, ${savingsMoves.join(", ")}` : ""}`,
  );
  lines.push(
    `  buffer        ${eur(s.bufferAtEnd)} at month end (target ${eur(bufferTarget)}), drawn ${eur(s.bufferDrawn)} this month`,
  );
  const adv = BigInt(s.advanced) > 0n ? `, advanced ${eur(s.advanced)}` : "";
  const rep = BigInt(s.repaid) > 0n ? `, repaid ${eur(s.repaid)}` : "";
  lines.push(`  advance       outstanding ${eur(s.advanceOutstandingAtEnd)}${adv}${rep}`);
  lines.push(
    `  shortfalls    ${s.shortfalls.length === 0 ? "none" : s.shortfalls.map((x) => `${shortDate(Date.parse(x.date) / 1000)} ${x.detail}`).join("; ")}`,
  );
  return lines.join("\n");
}

/** What was due and what the vault could have paid rent from, when rent fell due (before the keeper acted). */
export type RentWatch = Map<number, { dueAt: number; need: bigint; available: bigint }>;

/** 1. Rent is never late while the money to pay it was there. */
export function rentCheck(ledger: Ledger, rentWatch: RentWatch, money: Money): Check {
  const problems: string[] = [];
  for (const [monthIdx, w] of rentWatch) {
    const p = ledger.payments.find((x) => x.bucket === "RENT" && x.monthIndex === monthIdx);
    const late = !p || p.status !== "on-time";
    if (late && w.available >= w.need) {
      const how = !p || p.paidAt === undefined ? "was not paid" : `was paid ${p.daysLate} day(s) late`;
      problems.push(
        `rent for ${monthName(monthIdx)} ${how} although ${money.eur(w.available)} was available on its due date ` +
          `(${money.eur(w.need)} needed)`,
      );
    }
  }
  return {
    name: "rent-on-time-when-money-available",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `rent was never late while money was available (${rentWatch.size} due date(s) checked)`
        : problems.join("; "),
  };
}

export interface ConservationInput {
  ledger: Ledger;
  /** The vault's state at the end of days (every day for the demo); each must add up. */
  samples: Sample[];
  accounts: IHouseholdVault.AccountsStructOutput;
  bucketViews: IHouseholdVault.BucketViewStructOutput[];
  vaultBalance: bigint;
  money: Money;
}

export interface Conservation {
  check: Check;
  inflow: Record<string, bigint>;
  outflow: Record<string, bigint>;
  totalIn: bigint;
  totalOut: bigint;
}

/** 2. Money is conserved: what came in = what went out + what the vault still holds. */
export function conservationCheck(input: ConservationInput): Conservation {
  const { ledger, money, accounts } = input;
  const totals = (kinds: string[]) => {
    const out: Record<string, bigint> = {};
    for (const k of kinds) out[k] = 0n;
    return out;
  };
  const inflow = totals(["income", "advance", "transfer-in"]);
  const outflow = totals([
    "fixed-cost",
    "claim",
    "living-money",
    "savings-withdrawal",
    "advance-repayment",
    "close",
    "other",
  ]);
  for (const mv of ledger.movements) {
    if (mv.kind in inflow) inflow[mv.kind] += BigInt(mv.amount);
    else outflow[mv.kind] += BigInt(mv.amount);
  }
  const totalIn = sum(Object.values(inflow));
  const totalOut = sum(Object.values(outflow));
  const tracked =
    sum(input.bucketViews.map((b) => b.balance)) +
    accounts.livingMoney +
    accounts.buffer +
    accounts.savings +
    accounts.repaymentHeld +
    accounts.claimable;
  const problems: string[] = [];
  if (totalIn - totalOut !== input.vaultBalance) {
    problems.push(
      `in ${money.eur(totalIn)} - out ${money.eur(totalOut)} = ${money.eur(totalIn - totalOut)}, but the vault holds ${money.eur(input.vaultBalance)}`,
    );
  }
  if (tracked + accounts.unallocated !== input.vaultBalance) {
    problems.push(
      `the vault's accounts add up to ${money.eur(tracked + accounts.unallocated)} but it holds ${money.eur(input.vaultBalance)}`,
    );
  }
  // The same at the end of every day: a part that briefly claims money the vault does not
  // hold would be hidden by the final balance alone.
  const badDays = input.samples.filter((x) => {
    const parts =
      Object.values(x.buckets).reduce((s, v) => s + BigInt(v), 0n) +
      BigInt(x.livingMoney) +
      BigInt(x.buffer) +
      BigInt(x.savings) +
      BigInt(x.repaymentHeld) +
      BigInt(x.claimable) +
      BigInt(x.unallocated);
    return parts !== BigInt(x.tokenBalance);
  });
  if (badDays.length > 0) {
    problems.push(
      `on ${badDays.length} day(s), first ${badDays[0].date}, the vault's accounts did not add up to its token balance`,
    );
  }
  for (const a of ledger.allocated) {
    if (a.parts !== a.amount)
      problems.push(
        `an allocation of ${money.eur(a.amount)} on ${isoDate(a.timestamp)} split into ${money.eur(a.parts)}`,
      );
  }
  const allocatedIncome = sum(ledger.allocated.filter((a) => a.source !== "PlanChange").map((a) => a.amount));
  if (allocatedIncome !== totalIn - accounts.unallocated) {
    problems.push(`${money.eur(totalIn)} came in but ${money.eur(allocatedIncome)} was allocated`);
  }
  // Income waits until a keeper call splits it: what the book still sees waiting (deposits and
  // plain transfers no Allocated(Income) has taken) is what the vault reports as unallocated.
  problems.push(...ledger.splitProblems);
  if (ledger.waiting !== accounts.unallocated) {
    problems.push(
      `the events leave ${money.eur(ledger.waiting)} of income waiting to be split but the vault reports ${money.eur(accounts.unallocated)} unallocated`,
    );
  }
  if (outflow.other > 0n) {
    problems.push(`${money.eur(outflow.other)} left the vault in transfers no vault event explains`);
  }
  // The savings account from the events alone: what allocations added, less what covered short
  // weeks and what the resident withdrew, is what the vault reports (unless it closed).
  const savingsBook =
    sum(ledger.allocated.map((a) => a.toSavings)) -
    sum(ledger.savingsUsed.map((x) => x.amount)) -
    sum(ledger.savingsWithdrawn.map((x) => x.amount));
  if (outflow.close === 0n && savingsBook !== accounts.savings) {
    problems.push(
      `the events put ${money.eur(savingsBook)} in savings but the vault reports ${money.eur(accounts.savings)}`,
    );
  }
  const check: Check = {
    name: "money-conserved",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `in ${money.eur(totalIn)} = fixed costs ${money.eur(outflow["fixed-cost"] + outflow.claim)} + ` +
          `living money ${money.eur(outflow["living-money"])} + savings withdrawn ${money.eur(outflow["savings-withdrawal"])} + ` +
          `advance repaid ${money.eur(outflow["advance-repayment"])}` +
          (outflow.close > 0n ? ` + closing ${money.eur(outflow.close)}` : "") +
          ` + held ${money.eur(input.vaultBalance)}`
        : problems.join("; "),
  };
  return { check, inflow, outflow, totalIn, totalOut };
}

export function buildReport(input: ReportInput): Report {
  const { ledger, money, accounts } = input;
  const checks: Check[] = [];
  checks.push(rentCheck(ledger, input.rentWatch, money));
  const { check: conserved, inflow, outflow, totalIn, totalOut } = conservationCheck(input);
  checks.push(conserved);

  // 3. Living money is exactly the plan, and never a lump.
  checks.push(livingMoneyCheck(ledger, input.planHistory, input.vaultStart, input.lastKeeperRun, money));

  const firstMonth = monthIndexOf(input.vaultStart);
  const lastMonth = monthIndexOf(input.endDay);
  const months: MonthSummary[] = [];
  for (let m = firstMonth; m <= lastMonth; m++) months.push(summarizeMonth(m, ledger, input.samples, input.notes));

  const str = (o: Record<string, bigint>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.toString()]));
  return {
    format: "huishoudboekje-scenario-report/1",
    generatedAt: new Date().toISOString(),
    scenario: {
      name: input.scenario.name,
      title: input.scenario.title,
      file: input.scenarioFile,
      household: input.scenario.household,
      start: isoTime(input.vaultStart),
      end: isoTime(input.endDay + DAY - 1),
      months: input.months,
      yearsShifted: input.yearsShifted,
    },
    network: input.network,
    deployment: {
      id: input.deployment.deploymentId,
      reused: input.deployment.reused,
      module: input.deployment.moduleId,
      ...input.deployment.addresses,
    },
    vault: input.vault,
    householdId: input.householdId,
    token: {
      decimals: money.decimals,
      note: "every amount is in token units (an integer string); divide by 10^decimals for euros",
    },
    plan: {
      initial: input.scenario.plan,
      changes: input.planHistory.slice(1).map((p) => ({ from: isoTime(p.from), plan: p.plan })),
    },
    stats: input.stats,
    movements: ledger.movements,
    fixedCostPayments: ledger.payments,
    livingMoneyWeeks: ledger.weeks,
    shortfalls: ledger.shortfalls,
    months,
    finalBalances: {
      vaultTokenBalance: input.vaultBalance.toString(),
      vault: {
        livingMoney: accounts.livingMoney.toString(),
        buffer: accounts.buffer.toString(),
        savings: accounts.savings.toString(),
        repaymentHeld: accounts.repaymentHeld.toString(),
        advanceOutstanding: accounts.advanceOutstanding.toString(),
        claimable: accounts.claimable.toString(),
        unallocated: accounts.unallocated.toString(),
      },
      buckets: input.bucketViews.map((b) => ({
        bucket: ["RENT", "ENERGY", "INSURANCE", "WATER", "TELECOM", "TAXES", "DEBT", "OTHER"][Number(b.category)],
        balance: b.balance.toString(),
        arrears: b.arrears.toString(),
        paidThroughMonth: monthKey(Number(b.paidThroughMonth)),
      })),
      accounts: input.balances,
    },
    conservation: {
      equation: "in.total = out.total + held, where held = finalBalances.vaultTokenBalance",
      in: { ...str(inflow), total: totalIn.toString() },
      out: { ...str(outflow), total: totalOut.toString() },
      held: input.vaultBalance.toString(),
      holds: totalIn === totalOut + input.vaultBalance,
    },
    checks,
    samples: input.samples,
  };
}

/**
 * Living money is exactly the plan: the weekly amount in force, every week, on its day, and never a
 * lump. The resident receives whole weeks at the weekly amount and nothing else, except savings
 * they withdraw themselves: savings are never paid out by release.
 */
export function livingMoneyCheck(
  ledger: Ledger,
  planHistory: { from: number; plan: PlanSpec }[],
  vaultStart: number,
  lastKeeperRun: number,
  money: Money,
): Check {
  const problems: string[] = [];
  const weeklyAt = (t: number) => {
    const plan = [...planHistory].reverse().find((p) => p.from <= t)!.plan;
    return money.units(plan.weeklyLivingMoney);
  };
  const weeksDue = Math.floor((lastKeeperRun - vaultStart) / WEEK);
  for (let week = 1; week <= weeksDue; week++) {
    const dueAt = vaultStart + week * WEEK;
    const w = ledger.weeks.find((x) => x.week === week);
    if (!w) {
      problems.push(`week ${week} (due ${isoDate(dueAt)}) was never released`);
      continue;
    }
    if (BigInt(w.amount) !== weeklyAt(dueAt)) {
      problems.push(
        `week ${week} (due ${isoDate(dueAt)}) paid ${money.eur(BigInt(w.amount))}, plan ${money.eur(weeklyAt(dueAt))}`,
      );
    }
    if (w.daysLate > 0) problems.push(`week ${week} (due ${isoDate(dueAt)}) was released ${w.daysLate} day(s) late`);
  }
  if (ledger.weeks.length > weeksDue)
    problems.push(`${ledger.weeks.length} weeks released but only ${weeksDue} were due`);
  for (const s of ledger.shortfalls.filter((x) => x.kind === "LivingMoneyShort")) {
    problems.push(`${isoDate(s.timestamp)}: ${s.detail}`);
  }
  // Each release pays whole weeks at the weekly amount the vault holds at that moment.
  for (const r of ledger.releases) {
    const expected = BigInt(r.weeks) * weeklyAt(r.timestamp);
    if (r.amount !== expected) {
      problems.push(
        `${isoDate(r.timestamp)}: ${r.weeks} week(s) released as ${money.eur(r.amount)}, not ${r.weeks} × ${money.eur(weeklyAt(r.timestamp))}`,
      );
    }
  }
  // Every token transfer to the resident (before closing): a release of exactly what its event
  // says, or a withdrawal of savings in a transaction the resident sent.
  let withdrawn = 0n;
  for (const mv of ledger.movements.filter((x) => x.toRole === "resident" && x.kind !== "close")) {
    const at = isoDate(mv.timestamp);
    const amount = money.eur(BigInt(mv.amount));
    if (mv.kind === "living-money") {
      const r = ledger.releases.find((x) => x.timestamp === mv.timestamp && x.weeks === mv.weeks);
      if (!r || r.amount !== BigInt(mv.amount)) {
        problems.push(`${at}: the resident received ${amount} with a release of ${mv.weeks} week(s) (a lump)`);
      }
    } else if (mv.kind === "savings-withdrawal") {
      if (mv.sentBy !== "resident") {
        problems.push(`${at}: ${amount} of savings left in a transaction sent by ${mv.sentBy ?? "someone else"}`);
      }
      withdrawn += BigInt(mv.amount);
    } else {
      problems.push(`${at}: the resident received ${amount} as ${mv.kind}, not as weekly living money (a lump)`);
    }
  }
  const amounts = [...new Set(planHistory.map((p) => p.plan.weeklyLivingMoney))].map((w) => money.eur(money.units(w)));
  return {
    name: "living-money-as-planned",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `all ${weeksDue} weeks released in full on their day, each exactly the weekly amount (${amounts.join(", then ")}), ` +
          `never a lump; besides them the resident received only the ${money.eur(withdrawn)} of savings they withdrew themselves`
        : problems.join("; "),
  };
}

export function writeReport(report: Report, dir: string, money: Money): { reportPath: string; htmlPath: string } {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.generatedAt.replace(/[:.]/g, "-").replace("T", "_").replace("Z", "");
  const base = path.join(dir, `${report.scenario.name}-${stamp}`);
  const reportPath = `${base}.json`;
  const htmlPath = `${base}.html`;
  fs.writeFileSync(reportPath, JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(htmlPath, renderHtml(report, money));
  return { reportPath, htmlPath };
}
