/**
 * The projection: the vault's own rules (src/rules) run day by day from the state read on chain,
 * with the income the calendar expects. Each day, in the order a day on chain has them:
 *   00:05 the keeper's call (settle, then release, as settleAndReleaseMany makes them),
 *   09:00 the day's income arrives (it waits in the vault for the next keeper call),
 *   10:00 an advance, when one is tried (the advance recommendation),
 *   14:00 the resident's planned withdrawals of savings.
 * The scenario (src/scenario) keeps the same hours, so a forecast can be held against a run.
 */
import { DAY, WEEK, dueAt, type Effects, type Outcome, type World } from "../rules";
import * as rules from "../rules";
import type { DatedIncome, DatedWithdrawal } from "./occurrences";
import { FORECAST_ACCOUNTS } from "./world";

/** Seconds after 00:00 UTC at which each kind of event happens. */
export const FORECAST_HOURS = { keeper: 5 * 60, income: 9 * 3600, advance: 10 * 3600, withdrawal: 14 * 3600 } as const;

export interface ProjectionInput {
  world: World;
  /** The time the state was read: events at or before it are already in the state. */
  from: number;
  /** 00:00 UTC of the last day projected. */
  lastDay: number;
  incomes: DatedIncome[];
  withdrawals: DatedWithdrawal[];
  advances?: { day: number; amount: bigint }[];
  /** Stop before this time (events at or after it are left out). */
  until?: number;
  /** Stop at the end of the first day on which this holds (a search that has its answer). */
  stopWhen?: (p: Projection) => boolean;
}

/** One month of one bucket, due on its due date. */
export interface DueDate {
  bucket: number;
  category: number;
  month: number;
  dueAt: number;
  amount: bigint;
  /** paid: on its due date; late: short on its due date, paid later; short: not paid by the end. */
  status: "paid" | "late" | "short";
  /** What was missing on the due date (status late or short). */
  missing: bigint;
  paidAt?: number;
}

/** One week of living money. */
export interface WeekMoney {
  week: number;
  dueAt: number;
  amount: bigint;
  status: "paid" | "late" | "short";
  paidAt?: number;
}

/** The vault at the end of one day. */
export interface DaySample {
  day: number;
  buckets: bigint[];
  arrears: bigint[];
  livingMoney: bigint;
  buffer: bigint;
  savings: bigint;
  repaymentHeld: bigint;
  advanceOutstanding: bigint;
  claimable: bigint;
  unallocated: bigint;
}

export interface Failure {
  at: number;
  kind: "payment-short" | "week-short";
  /** The bucket index (payment-short) or week index (week-short). */
  index: number;
  missing: bigint;
  /** What the vault held to pay it from, just before. */
  held: { bucket: bigint; livingMoney: bigint; buffer: bigint; savings: bigint; waiting: bigint };
}

export interface Projection {
  dueDates: DueDate[];
  weeks: WeekMoney[];
  samples: DaySample[];
  bufferLow: { amount: bigint; at: number };
  withdrawn: { at: number; amount: bigint }[];
  advances: { at: number; amount: bigint }[];
  firstFailure?: Failure;
  /** Why the keeper did nothing (a paused or closed vault), if so. */
  stopped?: string;
  world: World;
}

/** Runs the rules from `input.from` through the end of `input.lastDay`. */
export function project(input: ProjectionInput): Projection {
  const run = newRun(input);
  for (let day = input.from - (input.from % DAY); day <= input.lastDay; day += DAY) {
    for (const event of eventsOn(input, day)) {
      if (event.t > input.from && event.t < (input.until ?? Infinity)) event.apply(run, event.t);
    }
    run.result.samples.push(sampleOf(run.world, day));
    if (input.stopWhen?.(run.result)) break;
  }
  run.result.world = run.world;
  return run.result;
}

interface Run {
  world: World;
  result: Projection;
}

function newRun(input: ProjectionInput): Run {
  const v = input.world.vault;
  return {
    world: input.world,
    result: {
      dueDates: [],
      weeks: [],
      samples: [],
      bufferLow: { amount: v.buffer, at: input.from },
      withdrawn: [],
      advances: [],
      world: input.world,
    },
  };
}

interface DayEvent {
  t: number;
  apply: (run: Run, t: number) => void;
}

function eventsOn(input: ProjectionInput, day: number): DayEvent[] {
  const h = FORECAST_HOURS;
  const events: DayEvent[] = [{ t: day + h.keeper, apply: keeperCall }];
  for (const income of input.incomes.filter((i) => i.day === day)) {
    events.push({ t: day + h.income, apply: (run, t) => receive(run, t, income) });
  }
  for (const adv of (input.advances ?? []).filter((a) => a.day === day)) {
    events.push({ t: day + h.advance, apply: (run, t) => takeAdvance(run, t, adv.amount) });
  }
  for (const w of input.withdrawals.filter((x) => x.day === day)) {
    events.push({ t: day + h.withdrawal, apply: (run, t) => withdraw(run, t, w.amount) });
  }
  return events;
}

/** Moves the run to `outcome`'s world; a refused call changes nothing and returns undefined. */
function accept(run: Run, outcome: Outcome): Effects | undefined {
  if (!outcome.ok) return undefined;
  run.world = outcome.world;
  const v = run.world.vault;
  if (v.buffer < run.result.bufferLow.amount) run.result.bufferLow = { amount: v.buffer, at: run.world.now };
  return outcome.fx;
}

function keeperCall(run: Run, t: number): void {
  if (run.world.vault.paused || run.world.vault.closed) {
    run.result.stopped ??= run.world.vault.closed ? "the vault is closed" : "the vault is paused";
    return;
  }
  run.world = { ...run.world, now: t };
  // A keeper that calls only when nextKeeperCallAt() says so ends every day as a daily keeper does
  // (test/keeper-view.test.ts): the days with no work are skipped, which makes a projection cheap.
  const next = rules.nextKeeperCallAt(run.world);
  if (typeof next === "number" && next > t) return;
  const before = run.world;
  const settled = accept(run, rules.settle(run.world));
  if (settled) recordSettle(run, before, settled, t);
  const beforeRelease = run.world;
  const released = accept(run, rules.release(run.world));
  if (released) recordRelease(run, beforeRelease, released, t);
}

function receive(run: Run, t: number, income: DatedIncome): void {
  run.world = { ...run.world, now: t };
  accept(run, rules.deposit(run.world, FORECAST_ACCOUNTS.payer(income.source), income.amount));
}

function takeAdvance(run: Run, t: number, amount: bigint): void {
  run.world = { ...run.world, now: t };
  if (accept(run, rules.advance(run.world, FORECAST_ACCOUNTS.treasury, amount))) {
    run.result.advances.push({ at: t, amount });
  }
}

/** A planned withdrawal: the amount, or all savings, and never more than the vault holds then. */
function withdraw(run: Run, t: number, amount: bigint | undefined): void {
  run.world = { ...run.world, now: t };
  // "all" is what the app shows the resident: the savings view, before the call splits waiting income.
  const savings = run.world.vault.savings;
  const take = amount === undefined || amount > savings ? savings : amount;
  if (take === 0n) return;
  if (accept(run, rules.withdrawSavings(run.world, run.world.vault.resident, take))) {
    run.result.withdrawn.push({ at: t, amount: take });
  }
}

/** Due dates paid or missed by one settle, and months in arrears paid later. */
function recordSettle(run: Run, before: World, fx: Effects, t: number): void {
  const dueDates = run.result.dueDates;
  for (const paid of fx.creditorPaid) {
    const due = dueAt(paid.month, run.world.vault.buckets[paid.bucket].dueDay);
    dueDates.push({
      bucket: paid.bucket,
      category: paid.category,
      month: paid.month,
      dueAt: due,
      amount: paid.amount,
      status: t - due < DAY ? "paid" : "late",
      missing: 0n,
      paidAt: t,
    });
  }
  for (const missed of fx.missed) recordMissed(run, before, missed, t);
  for (const paid of fx.arrearsPaid) markArrearsPaid(run, paid.bucket, t);
}

function recordMissed(run: Run, before: World, missed: Effects["missed"][number], t: number): void {
  const b = run.world.vault.buckets[missed.bucket];
  const due = dueAt(missed.month, b.dueDay);
  run.result.dueDates.push({
    bucket: missed.bucket,
    category: b.category,
    month: missed.month,
    dueAt: due,
    amount: b.amountPerMonth,
    status: "short",
    missing: missed.missing,
  });
  if (run.result.firstFailure) return;
  const v = before.vault;
  run.result.firstFailure = {
    at: t,
    kind: "payment-short",
    index: missed.bucket,
    missing: missed.missing,
    held: {
      bucket: v.buckets[missed.bucket]?.balance ?? 0n,
      livingMoney: v.livingMoney,
      buffer: v.buffer,
      savings: v.savings,
      waiting: rules.unallocated(before),
    },
  };
}

/** Arrears are paid whole: every month of the bucket still short becomes late, paid at `t`. */
function markArrearsPaid(run: Run, bucket: number, t: number): void {
  for (const d of run.result.dueDates) {
    if (d.bucket === bucket && d.status === "short") {
      d.status = "late";
      d.paidAt = t;
    }
  }
}

/** Weeks released (on their day or late) and weeks that fell due short. */
function recordRelease(run: Run, before: World, fx: Effects, t: number): void {
  const v = run.world.vault;
  let week = before.vault.weeksReleased;
  for (const r of fx.releases) {
    for (let i = 0; i < r.weeks; i++, week++)
      markWeekPaid(run, week, before.vault.start, r.amount / BigInt(r.weeks), t);
  }
  const due = Math.max(0, rules.weeksElapsed(v, t) - v.weeksReleased);
  for (let k = v.weeksReleased; k < v.weeksReleased + due; k++) markWeekShort(run, k, t);
}

function weekDueAt(start: number, week: number): number {
  return start + (week + 1) * WEEK;
}

function markWeekPaid(run: Run, week: number, start: number, amount: bigint, t: number): void {
  const known = run.result.weeks.find((w) => w.week === week);
  const dueAtWeek = weekDueAt(start, week);
  const onTime = t - dueAtWeek < DAY;
  if (known) Object.assign(known, { status: "late", paidAt: t, amount });
  else run.result.weeks.push({ week, dueAt: dueAtWeek, amount, status: onTime ? "paid" : "late", paidAt: t });
}

/** A week still unpaid after release: what is left (living money, savings, buffer) is less than a week. */
function markWeekShort(run: Run, week: number, t: number): void {
  if (run.result.weeks.some((w) => w.week === week)) return;
  const v = run.world.vault;
  run.result.weeks.push({ week, dueAt: weekDueAt(v.start, week), amount: v.weekly, status: "short" });
  if (run.result.firstFailure) return;
  const left = v.livingMoney + v.savings + v.buffer;
  run.result.firstFailure = {
    at: t,
    kind: "week-short",
    index: week,
    missing: v.weekly - left,
    held: { bucket: 0n, livingMoney: v.livingMoney, buffer: v.buffer, savings: v.savings, waiting: 0n },
  };
}

export function sampleOf(w: World, day: number): DaySample {
  const v = w.vault;
  return {
    day,
    buckets: v.buckets.map((b) => b.balance),
    arrears: v.buckets.map((b) => b.arrears),
    livingMoney: v.livingMoney,
    buffer: v.buffer,
    savings: v.savings,
    repaymentHeld: v.repaymentHeld,
    advanceOutstanding: v.advanceOutstanding,
    claimable: rules.totalClaimable(v),
    unallocated: rules.unallocated(w),
  };
}
