/**
 * The vault arm: a household-year run on the vault's own rules (src/rules, the model the property
 * tests hold equal to the contracts), day by day at the hours every arm keeps:
 *   00:05 the keeper's batch call (settle, then release), when nextKeeperCallAt() says it has work,
 *   09:00 the day's income arrives (it waits in the vault for the next keeper call),
 *   10:00 the municipality's advance, when tomorrow's due payment would otherwise be missed (from
 *         the day before the measured year: no arm has credit while it settles in),
 *   11:00 the coach proposes a plan change, 12:00 the resident accepts it (an energy instalment change),
 *   14:00 the resident pays her one-off and collection costs: from her savings, the rest from her
 *         next living money,
 *   15:00 / 16:00 on the 1st of each measured month until one is set: the coach proposes the
 *         buffer target the forecast recommends for its three months (when it is more than 0), the
 *         resident accepts it.
 * Every call is logged as a VaultAction, so the chain replay can send exactly the same calls.
 */
import { DAY, WEEK, currentPlan, type Effects, type Outcome, type Plan, type World } from "../rules";
import * as rules from "../rules";
import { recommendedBufferTarget } from "./buffer";
import { collectionCostsDueAt, collectionCostsFor, costDueDates, weekCount } from "./creditors";
import type { DueDate, HouseholdYear, VaultAccounts, VaultAction, VaultArmRun, VaultCheckpoint } from "./types";
import { vaultWorld, type VaultArmOptions } from "./vault-world";

/** Seconds after 00:00 UTC at which each kind of call is made. */
export const VAULT_HOURS = {
  keeper: 5 * 60,
  income: 9 * 3600,
  advance: 10 * 3600,
  propose: 11 * 3600,
  accept: 12 * 3600,
  resident: 14 * 3600,
  reviewPropose: 15 * 3600,
  reviewAccept: 16 * 3600,
} as const;

/** The run as it goes: the world, what it records, and what the resident still owes herself. */
interface Run {
  h: HouseholdYear;
  accounts: VaultAccounts;
  options: VaultArmOptions;
  world: World;
  result: VaultArmRun;
  /** One-off and collection costs not yet paid, oldest first: taken from savings, then the next living money. */
  owed: OwedCost[];
  /** The due dates in the order their collection costs would be added, and the next one to look at. */
  byCollectionDay: { addAt: number; due: DueDate }[];
  nextCollection: number;
  /** The due dates of each bucket (index = bucket), in due order. */
  dueByBucket: DueDate[][];
  nextIncome: number;
  /** The coach has set the forecast's buffer target. */
  reviewed: boolean;
}

/** Runs the household-year through the vault's rules. */
export function runVaultArm(h: HouseholdYear, accounts: VaultAccounts, options: VaultArmOptions): VaultArmRun {
  const run = newRun(h, accounts, options);
  for (let day = h.start; day <= h.lastDay; day += DAY) {
    keeperCall(run, day + VAULT_HOURS.keeper);
    receiveIncome(run, day);
    if (options.advances && day >= h.measureFrom - DAY) adviseAdvance(run, day + VAULT_HOURS.advance);
    changePlan(run, day);
    residentPays(run, day);
    if (options.reviewBuffer && day >= h.measureFrom && isMonthStart(day) && !run.reviewed) {
      reviewBuffer(run, day);
    }
    if (isMonthEnd(day) || day === h.lastDay) checkpoint(run);
  }
  return finish(run);
}

function newRun(h: HouseholdYear, accounts: VaultAccounts, options: VaultArmOptions): Run {
  const dueDates = costDueDates(h);
  return {
    h,
    accounts,
    options,
    world: vaultWorld(h, accounts, options),
    owed: [],
    byCollectionDay: dueDates
      .map((due) => ({ addAt: collectionCostsDueAt(due.dueAt, options.rules), due }))
      .sort((a, b) => a.addAt - b.addAt),
    nextCollection: 0,
    reviewed: false,
    dueByBucket: h.costs.map((c) => dueDates.filter((d) => d.category === c.category)),
    nextIncome: 0,
    result: {
      arm: "vault",
      dueDates,
      weeks: new Array<bigint>(weekCount(h)).fill(0n),
      collectionCosts: [],
      advances: [],
      flows: emptyFlows(),
      residentOwes: 0n,
      startBufferTarget: options.bufferTarget,
      bufferTarget: options.bufferTarget,
      actions: [],
      transfers: [],
      checkpoints: [],
    },
  };
}

function emptyFlows(): VaultArmRun["flows"] {
  return {
    income: 0n,
    advances: 0n,
    toCreditors: 0n,
    collectionCosts: 0n,
    oneOffs: 0n,
    toResident: 0n,
    repaid: 0n,
    held: 0n,
  };
}

/** Moves the run to an accepted call's world and logs the call; a refused call changes nothing. */
function send(run: Run, action: VaultAction, outcome: Outcome): Effects | undefined {
  if (!outcome.ok) return undefined;
  run.world = outcome.world;
  run.result.actions.push(action);
  for (const t of outcome.fx.transfers) {
    if (!t.deferred) run.result.transfers.push({ t: action.t, to: t.to, amount: t.amount });
  }
  return outcome.fx;
}

function at(run: Run, t: number): World {
  run.world = { ...run.world, now: t };
  return run.world;
}

/** The keeper calls only when the vault says it has work: a day without work ends as if it had called. */
function keeperCall(run: Run, t: number): void {
  const w = at(run, t);
  const next = rules.nextKeeperCallAt(w);
  if (!run.options.keeperEveryDay && typeof next === "number" && next > t) return;
  const settled = rules.settle(w);
  if (!settled.ok) return;
  // settleAndReleaseMany makes both calls in one transaction: one action, both calls' effects.
  const released = rules.release(settled.world);
  send(run, { t, kind: "keeper" }, released.ok ? joined(settled, released) : settled);
  recordSettle(run, settled.fx, t);
  if (released.ok) recordRelease(run, released.fx, t);
}

/** One outcome for two calls made one after the other: the second's world, both calls' transfers. */
function joined(first: Outcome & { ok: true }, second: Outcome & { ok: true }): Outcome {
  const fx = { ...first.fx, transfers: [...first.fx.transfers, ...second.fx.transfers] };
  return { ok: true, world: second.world, fx };
}

function recordSettle(run: Run, fx: Effects, t: number): void {
  const flows = run.result.flows;
  for (const paid of fx.creditorPaid) {
    const due = run.dueByBucket[paid.bucket].find((d) => d.month === paid.month);
    if (due && due.paidAt === undefined) due.paidAt = t;
    flows.toCreditors += paid.amount;
  }
  for (const paid of fx.arrearsPaid) {
    // Arrears are paid whole, before the months due now: the oldest unpaid months, up to the amount
    // (a month this same call misses is new arrears, not paid).
    let left = paid.amount;
    for (const due of run.dueByBucket[paid.bucket]) {
      if (left < due.amount) break;
      if (due.paidAt !== undefined) continue;
      due.paidAt = t;
      left -= due.amount;
    }
    flows.toCreditors += paid.amount;
  }
  const repaid = fx.transfers.filter((x) => x.to === run.world.config.treasury);
  for (const r of repaid) flows.repaid += r.amount;
}

/** Living money released now belongs to the week `t` falls in; what the resident owes comes off it. */
function recordRelease(run: Run, fx: Effects, t: number): void {
  for (const r of fx.releases) receiveLivingMoney(run, r.amount, t);
}

function receiveLivingMoney(run: Run, amount: bigint, t: number): void {
  const flows = run.result.flows;
  const owed = owedTotal(run);
  const payOwed = owed < amount ? owed : amount;
  payOwedCosts(run, payOwed, t);
  const week = Math.floor((t - run.h.start) / WEEK) - 1;
  if (week >= 0 && week < run.result.weeks.length) run.result.weeks[week] += amount - payOwed;
  flows.toResident += amount - payOwed;
}

function receiveIncome(run: Run, day: number): void {
  const incomes = run.h.incomes;
  const t = day + VAULT_HOURS.income;
  while (run.nextIncome < incomes.length && incomes[run.nextIncome].day <= day) {
    const p = incomes[run.nextIncome++];
    if (p.day < day) continue;
    const payer = run.accounts.payers[p.source].toLowerCase();
    const fx = send(
      run,
      { t, kind: "deposit", source: p.source, amount: p.amount },
      rules.deposit(at(run, t), payer, p.amount),
    );
    if (fx) run.result.flows.income += p.amount;
  }
}

/**
 * The municipality's advance: at 10:00 the day before a bucket's payment is due, when what the
 * bucket holds plus the buffer and savings would not pay it, the buckets' need (after the waiting
 * income is split), up to what the cap leaves.
 */
function adviseAdvance(run: Run, t: number): void {
  const w = at(run, t);
  const tomorrow = t - (t % DAY) + DAY + VAULT_HOURS.keeper;
  // Most days no payment is due tomorrow: only then is the waiting income's split worth working out.
  if (!w.vault.buckets.some((b) => rules.nextDueAt(b) <= tomorrow)) return;
  const split = rules.allocate(w);
  const v = split.ok ? split.world.vault : w.vault;
  const short = v.buckets.some(
    (b) => rules.nextDueAt(b) <= tomorrow && b.balance + v.buffer + v.savings < b.arrears + b.amountPerMonth,
  );
  if (!short) return;
  const need = rules.bucketsNeed(v, t);
  const room = w.config.advanceCap - v.advanceOutstanding;
  const amount = need < room ? need : room;
  if (amount <= 0n) return;
  const fx = send(run, { t, kind: "advance", amount }, rules.advance(w, w.config.treasury, amount));
  if (!fx) return;
  run.result.advances.push({ at: t, amount });
  run.result.flows.advances += amount;
}

/** An energy instalment change: the coach proposes the new plan at 11:00, the resident accepts at 12:00. */
function changePlan(run: Run, day: number): void {
  for (const change of run.h.costChanges.filter((c) => c.day === day)) {
    const current = currentPlan(run.world.vault);
    const plan: Plan = {
      ...current,
      buckets: current.buckets.map((b) =>
        b.category === change.category ? { ...b, amountPerMonth: change.amountPerMonth } : b,
      ),
    };
    agreePlan(run, plan, day + VAULT_HOURS.propose, day + VAULT_HOURS.accept);
  }
}

/** The coach's review once settled in: the buffer target the forecast recommends, when it finds one. */
function reviewBuffer(run: Run, day: number): void {
  const target = recommendedBufferTarget(
    at(run, day + VAULT_HOURS.reviewPropose),
    run.h,
    run.options.toeslagenLateDays,
  );
  if (target === undefined || target === run.world.vault.bufferTarget) return;
  const plan = { ...currentPlan(run.world.vault), bufferTarget: target };
  if (agreePlan(run, plan, day + VAULT_HOURS.reviewPropose, day + VAULT_HOURS.reviewAccept)) {
    run.result.bufferTarget = target;
    run.reviewed = true;
  }
}

/** The coach proposes `plan` at `tp`, the resident accepts it at `ta`; true when it took effect. */
function agreePlan(run: Run, plan: Plan, tp: number, ta: number): boolean {
  const coach = run.world.vault.coach;
  if (!send(run, { t: tp, kind: "propose", plan }, rules.proposePlan(at(run, tp), coach, plan))) return false;
  const fx = send(run, { t: ta, kind: "accept", plan }, rules.acceptPlan(at(run, ta), run.world.vault.resident, plan));
  if (!fx) return false;
  recordSettle(run, fx, ta);
  recordRelease(run, fx, ta);
  return true;
}

/** 14:00: today's one-off costs and any collection costs now added are owed; savings pay first. */
function residentPays(run: Run, day: number): void {
  const t = day + VAULT_HOURS.resident;
  for (const cost of run.h.oneOffs.filter((c) => c.day === day)) run.owed.push({ left: cost.amount });
  addCollectionCosts(run, t);
  const owed = owedTotal(run);
  const savings = run.world.vault.savings;
  const take = owed < savings ? owed : savings;
  if (take === 0n) return;
  const fx = send(
    run,
    { t, kind: "withdraw", amount: take },
    rules.withdrawSavings(at(run, t), run.world.vault.resident, take),
  );
  if (fx) payOwedCosts(run, take, t);
}

/** A cost the resident owes: a one-off, or collection costs a creditor added. */
interface OwedCost {
  left: bigint;
  collection?: VaultArmRun["collectionCosts"][number];
}

function owedTotal(run: Run): bigint {
  return run.owed.reduce((sum, c) => sum + c.left, 0n);
}

/** Pays `amount` (at most what is owed) of the resident's owed costs, oldest first, booking each kind. */
function payOwedCosts(run: Run, amount: bigint, t: number): void {
  let left = amount;
  while (left > 0n && run.owed.length > 0) {
    const cost = run.owed[0];
    const pay = cost.left < left ? cost.left : left;
    cost.left -= pay;
    left -= pay;
    if (cost.collection) run.result.flows.collectionCosts += pay;
    else run.result.flows.oneOffs += pay;
    if (cost.left === 0n) {
      if (cost.collection) cost.collection.paidAt = t;
      run.owed.shift();
    }
  }
}

/** A month still unpaid when its reminder period ends costs the statutory collection costs. */
function addCollectionCosts(run: Run, t: number): void {
  const list = run.byCollectionDay;
  for (; run.nextCollection < list.length && list[run.nextCollection].addAt <= t; run.nextCollection++) {
    const { addAt, due } = list[run.nextCollection];
    if (due.paidAt !== undefined && due.paidAt < addAt) continue;
    const cost = {
      category: due.category,
      month: due.month,
      at: addAt,
      amount: collectionCostsFor(due.amount, run.options.rules),
    };
    run.result.collectionCosts.push(cost);
    run.owed.push({ left: cost.amount, collection: cost });
  }
}

function isMonthStart(day: number): boolean {
  return new Date(day * 1000).getUTCDate() === 1;
}

function isMonthEnd(day: number): boolean {
  return new Date((day + DAY) * 1000).getUTCDate() === 1;
}

/** The vault's views after the household's last call so far (the replay reads the chain at that block). */
function checkpoint(run: Run): void {
  const last = run.result.actions[run.result.actions.length - 1];
  if (!last || run.result.checkpoints.some((c) => c.t === last.t)) return;
  const w = run.world;
  const v = w.vault;
  const point: VaultCheckpoint = {
    t: last.t,
    buckets: v.buckets.map((b) => ({
      balance: b.balance,
      arrears: b.arrears,
      paidThroughMonth: b.paidThroughMonth,
      amountPerMonth: b.amountPerMonth,
    })),
    livingMoney: v.livingMoney,
    buffer: v.buffer,
    savings: v.savings,
    repaymentHeld: v.repaymentHeld,
    advanceOutstanding: v.advanceOutstanding,
    claimable: rules.totalClaimable(v),
    unallocated: rules.unallocated(w),
    weeksReleased: v.weeksReleased,
    balance: w.balances[w.config.vault] ?? 0n,
  };
  run.result.checkpoints.push(point);
}

function finish(run: Run): VaultArmRun {
  const w = run.world;
  run.result.flows.held = w.balances[w.config.vault] ?? 0n;
  run.result.residentOwes = owedTotal(run);
  return run.result;
}
