/**
 * A reference model of one household vault, written from docs/architecture.md only (not from the
 * Solidity code). Pure functions over a plain state object: every action takes a `World` and
 * returns either the new world plus the effects the contract must show (incomes received,
 * allocations, creditor payments, releases, transfers), or the custom error names the call may
 * revert with.
 *
 * The income path (issue 8): a deposit only checks, pulls and records the payer's tag
 * (IncomeReceived); the money waits in the vault (waiting = token balance − tracked). Every call
 * that may move money (settle, release, allocate, acceptPlan, advance, withdrawSavings, close)
 * first splits everything waiting, min(waiting, MAX_AMOUNT), with the waterfall at its own block
 * time: one Allocated(Source.Income, sum). A plain transfer just adds to what waits.
 *
 * Amounts are bigint token units; time is whole seconds (number); the calendar uses Date.UTC.
 * Addresses are lower-case strings.
 */

export const DAY = 86_400;
export const WEEK = 7 * DAY;
export const MAX_BUCKETS = 8;
export const MAX_CATCH_UP_MONTHS = 12;
export const MAX_CATCH_UP_WEEKS = 5;
export const MAX_AMOUNT = (1n << 96n) - 1n;
/** Ceiling of a bucket's monthly amount and of the weekly living money (plan validation). */
export const MAX_MONTHLY_AMOUNT = (1n << 80n) - 1n;
/** Living money is reserved this far ahead (waterfall step 4, plan changes). */
export const LIVING_MONEY_HORIZON = 35 * DAY;

export const Source = {
  Untagged: 0,
  SVB: 1,
  Toeslagen: 2,
  WorkAndIncome: 3,
  OtherPayer: 4,
  MunicipalAdvance: 5,
  PlanChange: 6,
  /** Income waiting since the last keeper call (deposits and plain transfers together). */
  Income: 7,
} as const;

// ---------------------------------------------------------------------------------------------
// Calendar (UTC, Gregorian, via the JavaScript Date object)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

export interface BucketPlan {
  category: number;
  dueDay: number;
  amountPerMonth: bigint;
  creditor: string;
}

export interface Plan {
  buckets: BucketPlan[];
  weeklyLivingMoney: bigint;
  bufferTarget: bigint;
}

export interface Bucket extends BucketPlan {
  balance: bigint;
  arrears: bigint;
  paidThroughMonth: number;
  /**
   * Model-only identity for "once per bucket per month": a new number when a bucket starts afresh
   * (at creation, or a creditor a plan adds); a creditor that a plan continues keeps its uid.
   */
  uid: number;
}

export interface VaultState {
  start: number;
  resident: string;
  coach: string;
  buckets: Bucket[];
  weekly: bigint;
  bufferTarget: bigint;
  livingMoney: bigint;
  buffer: bigint;
  savings: bigint;
  repaymentHeld: bigint;
  advanceOutstanding: bigint;
  claimable: Record<string, bigint>;
  weeksReleased: number;
  /**
   * The stored `nextDueAt`: the earliest time settle has work. The earliest next due date over the
   * buckets (set by every full settle and plan change), brought forward to the time of a split that
   * gives money to a bucket with arrears or holds an advance repayment. Before it settle does
   * nothing (and release does not settle). +Infinity without buckets.
   */
  nextDueAt: number;
  /** Short weeks below this index have been reported by LivingMoneyShort. */
  shortReportedBefore: number;
  paused: boolean;
  closed: boolean;
  /** 0 when no notice was given. */
  exitAvailableAt: number;
  pending: Plan | null;
  nextUid: number;
}

export interface Config {
  vault: string;
  treasury: string;
  /** Holders of the factory's municipal roles (registrar, guardian, treasurer). */
  registrars: string[];
  guardians: string[];
  treasurers: string[];
  coaches: string[];
  approvedCreditors: string[];
  /** Registered payers and their source. */
  payers: Record<string, number>;
  advanceCap: bigint;
  exitNotice: number;
}

export interface World {
  /** block.timestamp of the next transaction. */
  now: number;
  config: Config;
  vault: VaultState;
  /** Token balances of every account the model follows. */
  balances: Record<string, bigint>;
  blocklisted: Record<string, boolean>;
  tokenPaused: boolean;
}

export interface Allocation {
  source: number;
  amount: bigint;
  toBuckets: bigint[];
  toLivingMoney: bigint;
  toAdvanceRepayment: bigint;
  toBuffer: bigint;
  toSavings: bigint;
}

export interface CreditorPayment {
  bucket: number;
  uid: number;
  creditor: string;
  category: number;
  month: number;
  amount: bigint;
}

export interface Effects {
  /** IncomeReceived(source, amount) of a deposit (which splits nothing). */
  incomeReceived: { source: number; amount: bigint }[];
  allocations: Allocation[];
  creditorPaid: CreditorPayment[];
  arrearsPaid: { bucket: number; amount: bigint }[];
  missed: { bucket: number; month: number; missing: bigint }[];
  /** LivingMoneyReleased (only when weeks > 0). */
  releases: { weeks: number; amount: bigint }[];
  /** LivingMoneyShort(k): weeks reported short for the first time. */
  shortWeeks: number[];
  savingsUsed: bigint[];
  savingsWithdrawn: bigint[];
  /** Every `_pay`: `deferred` when it became claimable instead. */
  transfers: { to: string; amount: bigint; deferred: boolean }[];
  /** The function's return value, where it has one. */
  returned: bigint;
}

/** `ok` with the new world, or a revert with the acceptable error names ("*" = any revert). */
export type Outcome =
  | {
      ok: true;
      world: World;
      fx: Effects;
      /** the spec leaves open whether this call reverts (no state change then) */ either?: boolean;
    }
  | { ok: false; errors: string[] };

function emptyEffects(): Effects {
  return {
    incomeReceived: [],
    allocations: [],
    creditorPaid: [],
    arrearsPaid: [],
    missed: [],
    releases: [],
    shortWeeks: [],
    savingsUsed: [],
    savingsWithdrawn: [],
    transfers: [],
    returned: 0n,
  };
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const pos = (a: bigint): bigint => (a > 0n ? a : 0n);

function clone(w: World): World {
  return structuredClone(w);
}

function fail(...errors: string[]): Outcome {
  return { ok: false, errors };
}

function done(world: World, fx: Effects, either = false): Outcome {
  return either ? { ok: true, world, fx, either } : { ok: true, world, fx };
}

// ---------------------------------------------------------------------------------------------
// Derived values
// ---------------------------------------------------------------------------------------------

export function totalClaimable(v: VaultState): bigint {
  return Object.values(v.claimable).reduce((a, b) => a + b, 0n);
}

export function tracked(v: VaultState): bigint {
  const inBuckets = v.buckets.reduce((a, b) => a + b.balance, 0n);
  return inBuckets + v.livingMoney + v.buffer + v.savings + v.repaymentHeld + totalClaimable(v);
}

export function unallocated(w: World): bigint {
  return pos(bal(w, w.config.vault) - tracked(w.vault));
}

export function weeksElapsed(v: VaultState, t: number): number {
  return t <= v.start ? 0 : Math.floor((t - v.start) / WEEK);
}

/**
 * Months due of a bucket at `t`: the months after `paidThroughMonth` whose due date is ≤ t, at
 * most MAX_CATCH_UP_MONTHS (what one settle processes).
 */
export function dueMonths(b: Bucket, t: number): number {
  let n = 0;
  while (n < MAX_CATCH_UP_MONTHS && dueAt(b.paidThroughMonth + 1 + n, b.dueDay) <= t) n++;
  return n;
}

/**
 * What the buckets still need for arrears, months due and their next payments: what steps 1, 3
 * and 5 of the waterfall would take, the cap on an advance.
 */
export function bucketsNeed(v: VaultState, t: number): bigint {
  return v.buckets.reduce(
    (a, b) => a + pos(b.arrears + BigInt(dueMonths(b, t) + 1) * b.amountPerMonth - b.balance),
    0n,
  );
}

export function nextDueAt(b: Bucket): number {
  return dueAt(b.paidThroughMonth + 1, b.dueDay);
}

/**
 * The earliest next due date over all buckets (never, without buckets): the stored `nextDueAt` after
 * a full settle; a split may bring the stored value forward (see VaultState.nextDueAt).
 */
export function vaultNextDueAt(v: VaultState): number {
  return v.buckets.reduce((a, b) => Math.min(a, nextDueAt(b)), Number.POSITIVE_INFINITY);
}

function bal(w: World, a: string): bigint {
  return w.balances[a] ?? 0n;
}

function move(w: World, from: string, to: string, amount: bigint): void {
  w.balances[from] = bal(w, from) - amount;
  w.balances[to] = bal(w, to) + amount;
}

/** Why a plain token transfer would revert, or []. */
function tokenTransferErrors(w: World, from: string, to: string, amount: bigint): string[] {
  const errors: string[] = [];
  if (w.tokenPaused) errors.push("EnforcedPause");
  if (w.blocklisted[from] || w.blocklisted[to]) errors.push("EuroTokenBlocked");
  if (bal(w, from) < amount) errors.push("ERC20InsufficientBalance");
  return errors;
}

export function plansEqual(a: Plan, b: Plan): boolean {
  if (a.weeklyLivingMoney !== b.weeklyLivingMoney || a.bufferTarget !== b.bufferTarget) return false;
  if (a.buckets.length !== b.buckets.length) return false;
  return a.buckets.every((x, i) => {
    const y = b.buckets[i];
    return (
      x.category === y.category &&
      x.dueDay === y.dueDay &&
      x.amountPerMonth === y.amountPerMonth &&
      x.creditor.toLowerCase() === y.creditor.toLowerCase()
    );
  });
}

export function currentPlan(v: VaultState): Plan {
  return {
    buckets: v.buckets.map((b) => ({
      category: b.category,
      dueDay: b.dueDay,
      amountPerMonth: b.amountPerMonth,
      creditor: b.creditor,
    })),
    weeklyLivingMoney: v.weekly,
    bufferTarget: v.bufferTarget,
  };
}

// ---------------------------------------------------------------------------------------------
// Creation
// ---------------------------------------------------------------------------------------------

function newBucket(v: VaultState, p: BucketPlan, now: number): Bucket {
  const m = monthIndexAt(now);
  // Its first payment is the next due date strictly after creation.
  const paidThroughMonth = dueAt(m, p.dueDay) <= now ? m : m - 1;
  return {
    category: p.category,
    dueDay: p.dueDay,
    amountPerMonth: p.amountPerMonth,
    creditor: p.creditor.toLowerCase(),
    balance: 0n,
    arrears: 0n,
    paidThroughMonth,
    uid: v.nextUid++,
  };
}

/** The state right after the factory created and initialised the vault at `start`. */
export function initialWorld(
  config: Config,
  start: number,
  resident: string,
  coach: string,
  plan: Plan,
  balances: Record<string, bigint>,
): World {
  const vault: VaultState = {
    start,
    resident: resident.toLowerCase(),
    coach: coach.toLowerCase(),
    buckets: [],
    weekly: plan.weeklyLivingMoney,
    bufferTarget: plan.bufferTarget,
    livingMoney: 0n,
    buffer: 0n,
    savings: 0n,
    repaymentHeld: 0n,
    advanceOutstanding: 0n,
    claimable: {},
    weeksReleased: 0,
    nextDueAt: Number.POSITIVE_INFINITY,
    shortReportedBefore: 0,
    paused: false,
    closed: false,
    exitAvailableAt: 0,
    pending: null,
    nextUid: 0,
  };
  vault.buckets = plan.buckets.map((p) => newBucket(vault, p, start));
  vault.nextDueAt = vaultNextDueAt(vault);
  return { now: start + 1, config, vault, balances: { ...balances }, blocklisted: {}, tokenPaused: false };
}

// ---------------------------------------------------------------------------------------------
// Internals: waterfall, pay, settle, release, plan application
// ---------------------------------------------------------------------------------------------

function waterfall(w: World, amount: bigint, source: number, bucketsOnly: boolean): Allocation {
  const v = w.vault;
  let remaining = amount;
  const toBuckets = v.buckets.map(() => 0n);
  const a: Allocation = {
    source,
    amount,
    toBuckets,
    toLivingMoney: 0n,
    toAdvanceRepayment: 0n,
    toBuffer: 0n,
    toSavings: 0n,
  };
  // Months due are counted once, before any money moves (the waterfall does not settle).
  const due = v.buckets.map((b) => BigInt(dueMonths(b, w.now)));
  // 1. fixed costs already due: arrears, and every month that fell due but is not settled yet
  v.buckets.forEach((b, i) => {
    const give = min(remaining, pos(b.arrears + due[i] * b.amountPerMonth - b.balance));
    b.balance += give;
    toBuckets[i] += give;
    remaining -= give;
  });
  // 2. living money for weeks already elapsed
  let givenInStep2 = 0n;
  if (!bucketsOnly) {
    const dueWeeks = Math.max(0, weeksElapsed(v, w.now) - v.weeksReleased);
    givenInStep2 = min(remaining, pos(v.weekly * BigInt(dueWeeks) - v.livingMoney));
    v.livingMoney += givenInStep2;
    a.toLivingMoney += givenInStep2;
    remaining -= givenInStep2;
  }
  // 3. next payments of the buckets that have no month due (arrears and their next month)
  v.buckets.forEach((b, i) => {
    if (due[i] > 0n) return;
    const give = min(remaining, pos(b.arrears + b.amountPerMonth - b.balance));
    b.balance += give;
    toBuckets[i] += give;
    remaining -= give;
  });
  // 5 (also for an advance). the month after, for the buckets that had a month due: its due date
  // is a month away, after the other bills and the weeks that fall due before it
  const monthAfter = () =>
    v.buckets.forEach((b, i) => {
      if (due[i] === 0n) return;
      const give = min(remaining, pos(b.arrears + (due[i] + 1n) * b.amountPerMonth - b.balance));
      b.balance += give;
      toBuckets[i] += give;
      remaining -= give;
    });
  // Money for a bucket with arrears: the next settle may pay them, so it has work from now on.
  const arrearsPayableSoon = () => {
    if (v.buckets.some((b, i) => b.arrears > 0n && toBuckets[i] > 0n)) v.nextDueAt = Math.min(v.nextDueAt, w.now);
  };
  if (bucketsOnly) {
    monthAfter();
    arrearsPayableSoon();
    if (remaining !== 0n) throw new Error("model: an advance larger than the need reached the waterfall");
    return a;
  }
  // 4. living money ahead, over the rolling horizon (livingMoney already includes step 2)
  const owedWeeks = Math.max(0, weeksElapsed(v, w.now + LIVING_MONEY_HORIZON) - v.weeksReleased);
  const ahead = min(remaining, pos(v.weekly * BigInt(owedWeeks) - v.livingMoney));
  v.livingMoney += ahead;
  a.toLivingMoney += ahead;
  remaining -= ahead;
  // 5. the month after, for the buckets that had a month due
  monthAfter();
  arrearsPayableSoon();
  // 6. advance repayment
  a.toAdvanceRepayment = min(remaining, v.advanceOutstanding);
  v.advanceOutstanding -= a.toAdvanceRepayment;
  v.repaymentHeld += a.toAdvanceRepayment;
  remaining -= a.toAdvanceRepayment;
  // A repayment held waits for the next settle, which so has work from now on.
  if (a.toAdvanceRepayment > 0n) v.nextDueAt = Math.min(v.nextDueAt, w.now);
  // 7. buffer
  a.toBuffer = min(remaining, pos(v.bufferTarget - v.buffer));
  v.buffer += a.toBuffer;
  remaining -= a.toBuffer;
  // 8. savings: the rest, the resident's own money kept in the vault
  a.toSavings = remaining;
  v.savings += remaining;
  return a;
}

/** What waits to be split now: the income above the tracked balances, at most MAX_AMOUNT per call. */
export function waitingToSplit(w: World): bigint {
  return min(unallocated(w), MAX_AMOUNT);
}

/**
 * The split at the start of every keeper call (and of acceptPlan, advance, withdrawSavings,
 * close): everything waiting, in one Allocated(Source.Income) at the call's time. Returns the
 * amount split (0: nothing waited, no event).
 */
function splitWaiting(w: World, fx: Effects): bigint {
  const amount = waitingToSplit(w);
  if (amount > 0n) fx.allocations.push(waterfall(w, amount, Source.Income, false));
  return amount;
}

export const MAX_UINT256 = (1n << 256n) - 1n;

/**
 * nextKeeperCallAt() (architecture.md, "When to call"): the earliest time a keeper call has work.
 * MAX_UINT256 while paused or closed (keeper calls revert); 0 while income waits to be split; else
 * the earlier of the stored nextDueAt and the time release() next has work: the next week when
 * none is due; now when a due week can be paid (whole weeks from living money, savings and buffer)
 * or is not yet reported short; when every due week is short and reported, the next week that joins
 * release's five-week window, or never once the window is full. "Now" is returned as `w.now` and
 * "never" as +Infinity: the spec fixes neither number (compare with `keeperCallKey`).
 */
export function nextKeeperCallAt(w: World): bigint | number {
  const v = w.vault;
  if (v.closed || v.paused) return MAX_UINT256;
  if (unallocated(w) > 0n) return 0n;
  return Math.min(v.nextDueAt, releaseWorkAt(w));
}

function releaseWorkAt(w: World): number {
  const v = w.vault;
  const released = v.weeksReleased;
  const elapsed = weeksElapsed(v, w.now);
  if (elapsed <= released) return v.start + (released + 1) * WEEK;
  // The weeks one release() looks at: [released, window).
  const window = Math.min(elapsed, released + MAX_CATCH_UP_WEEKS);
  const canPay = v.weekly === 0n || v.livingMoney + v.savings + v.buffer >= v.weekly;
  if (canPay || window > v.shortReportedBefore) return w.now;
  return window < released + MAX_CATCH_UP_WEEKS ? v.start + (elapsed + 1) * WEEK : Number.POSITIVE_INFINITY;
}

/**
 * What a nextKeeperCallAt() answer means at time `now`: "now" for any time at or before now (the
 * view's own reading: due now), "never" for a time no uint40 timestamp reaches, else the time;
 * MAX_UINT256 (paused or closed) stays itself.
 */
export function keeperCallKey(x: bigint | number, now: number): string {
  if (x === MAX_UINT256) return "max";
  const t = typeof x === "bigint" ? x : x === Number.POSITIVE_INFINITY ? 1n << 40n : BigInt(x);
  if (t <= BigInt(now)) return "now";
  if (t >= (1n << 40n) - 1n) return "never";
  return t.toString();
}

/** What previewAllocation() returns: the Allocated event's parts, without the source. */
export type Preview = Omit<Allocation, "source">;

/**
 * previewAllocation(): how the waiting income would be split if a keeper called at `w.now` (the
 * same waterfall, nothing changes). A closed vault splits nothing: amount 0 and every part 0 (one
 * zero per bucket).
 */
export function previewAllocation(w: World): Preview {
  const amount = w.vault.closed ? 0n : waitingToSplit(w);
  const { source: _source, ...parts } = waterfall(clone(w), amount, Source.Income, false);
  void _source;
  return parts;
}

/** `_pay`: a transfer that cannot go through becomes claimable by its recipient. (Payout gas is not modelled.) */
function payOut(w: World, to: string, amount: bigint, fx: Effects): void {
  const vaultAddr = w.config.vault;
  if (w.tokenPaused || w.blocklisted[to] || w.blocklisted[vaultAddr]) {
    w.vault.claimable[to] = (w.vault.claimable[to] ?? 0n) + amount;
    fx.transfers.push({ to, amount, deferred: true });
  } else {
    move(w, vaultAddr, to, amount);
    fx.transfers.push({ to, amount, deferred: false });
  }
}

function settleBody(w: World, fx: Effects): bigint {
  const v = w.vault;
  let paidTotal = 0n;
  v.buckets.forEach((b, i) => {
    let toCreditor = 0n;
    if (b.arrears > 0n && b.balance >= b.arrears) {
      toCreditor += b.arrears;
      b.balance -= b.arrears;
      fx.arrearsPaid.push({ bucket: i, amount: b.arrears });
      b.arrears = 0n;
    }
    for (
      let m = b.paidThroughMonth + 1, processed = 0;
      processed < MAX_CATCH_UP_MONTHS && dueAt(m, b.dueDay) <= w.now;
      m++, processed++
    ) {
      if (b.balance < b.amountPerMonth) {
        const top = min(v.buffer, b.amountPerMonth - b.balance);
        v.buffer -= top;
        b.balance += top;
      }
      // Savings complete a payment the buffer could not, but only a whole one.
      const gap = b.amountPerMonth - b.balance;
      if (gap > 0n && v.savings >= gap) {
        v.savings -= gap;
        b.balance += gap;
        fx.savingsUsed.push(gap);
      }
      if (b.balance >= b.amountPerMonth) {
        toCreditor += b.amountPerMonth;
        b.balance -= b.amountPerMonth;
        fx.creditorPaid.push({
          bucket: i,
          uid: b.uid,
          creditor: b.creditor,
          category: b.category,
          month: m,
          amount: b.amountPerMonth,
        });
      } else {
        b.arrears += b.amountPerMonth;
        fx.missed.push({ bucket: i, month: m, missing: b.amountPerMonth - b.balance });
      }
      b.paidThroughMonth = m;
    }
    if (toCreditor > 0n) payOut(w, b.creditor, toCreditor, fx);
    paidTotal += toCreditor;
  });
  if (v.repaymentHeld > 0n) {
    const amount = v.repaymentHeld;
    v.repaymentHeld = 0n;
    payOut(w, w.config.treasury, amount, fx);
    paidTotal += amount;
  }
  v.nextDueAt = vaultNextDueAt(v);
  return paidTotal;
}

/** settle's body after its split: before the stored nextDueAt there is nothing to do (pays 0). */
function settleIfDue(w: World, fx: Effects): bigint {
  return w.now >= w.vault.nextDueAt ? settleBody(w, fx) : 0n;
}

function validatePlan(w: World, plan: Plan): string[] {
  const errors: string[] = [];
  if (plan.buckets.length > MAX_BUCKETS) errors.push("HouseholdVaultTooManyBuckets");
  for (const b of plan.buckets) {
    if (b.dueDay < 1 || b.dueDay > 31) errors.push("HouseholdVaultInvalidDueDay");
    if (b.amountPerMonth === 0n) errors.push("HouseholdVaultZeroBucketAmount");
    if (b.amountPerMonth > MAX_MONTHLY_AMOUNT) errors.push("HouseholdVaultBucketAmountTooLarge");
    if (!w.config.approvedCreditors.includes(b.creditor.toLowerCase()))
      errors.push("HouseholdVaultCreditorNotApproved");
  }
  if (plan.weeklyLivingMoney > MAX_MONTHLY_AMOUNT || plan.bufferTarget > MAX_AMOUNT)
    errors.push("HouseholdVaultAmountTooLarge");
  return errors;
}

/**
 * Which old bucket each new bucket continues (or -1): first on creditor and category, then on
 * creditor alone, each old bucket at most once, wherever either sits in its list.
 */
export function matchBuckets(old: BucketPlan[], next: BucketPlan[]): number[] {
  const match = next.map(() => -1);
  const taken = old.map(() => false);
  const pass = (sameCategory: boolean) =>
    next.forEach((p, j) => {
      if (match[j] !== -1) return;
      const i = old.findIndex(
        (o, k) =>
          !taken[k] &&
          o.creditor.toLowerCase() === p.creditor.toLowerCase() &&
          (!sameCategory || o.category === p.category),
      );
      if (i !== -1) {
        match[j] = i;
        taken[i] = true;
      }
    });
  pass(true);
  pass(false);
  return match;
}

/** Applies an accepted plan (after its settle); returns the error name if a dropped bucket blocks it. */
function applyPlan(w: World, plan: Plan, fx: Effects): string | null {
  const v = w.vault;
  const match = matchBuckets(v.buckets, plan.buckets);
  const continued = new Set(match.filter((i) => i !== -1));
  let freed = 0n;
  // Dropped buckets: nothing may be owed or due; their balance is freed.
  for (let i = 0; i < v.buckets.length; i++) {
    if (continued.has(i)) continue;
    const old = v.buckets[i];
    if (old.arrears > 0n) return "HouseholdVaultBucketHasArrears";
    if (dueMonths(old, w.now) > 0) return "HouseholdVaultBucketPaymentDue";
    freed += old.balance;
  }
  const next: Bucket[] = plan.buckets.map((p, j) => {
    if (match[j] === -1) return newBucket(v, p, w.now);
    // A continuing creditor keeps balance, arrears, paidThroughMonth (and its uid); the new due
    // day and amount apply from month paidThroughMonth + 1.
    const b = v.buckets[match[j]];
    b.category = p.category;
    b.dueDay = p.dueDay;
    b.amountPerMonth = p.amountPerMonth;
    const keep = b.arrears + BigInt(dueMonths(b, w.now) + 1) * b.amountPerMonth;
    if (b.balance > keep) {
      freed += b.balance - keep;
      b.balance = keep;
    }
    return b;
  });
  v.buckets = next;
  v.weekly = plan.weeklyLivingMoney;
  v.bufferTarget = plan.bufferTarget;
  // nextDueAt is recomputed: now if a continuing bucket already covers its arrears or a repayment
  // is still held (both possible only while paused), else the earliest next due date.
  const coveredArrears = v.buckets.some((b) => b.arrears > 0n && b.balance >= b.arrears);
  v.nextDueAt = coveredArrears || v.repaymentHeld > 0n ? w.now : vaultNextDueAt(v);
  // Living money above what the new weekly amount needs over the horizon is freed.
  const owedWeeks = Math.max(0, weeksElapsed(v, w.now + LIVING_MONEY_HORIZON) - v.weeksReleased);
  const livingNeed = v.weekly * BigInt(owedWeeks);
  if (v.livingMoney > livingNeed) {
    freed += v.livingMoney - livingNeed;
    v.livingMoney = livingNeed;
  }
  if (v.buffer > v.bufferTarget) {
    freed += v.buffer - v.bufferTarget;
    v.buffer = v.bufferTarget;
  }
  if (freed > 0n) fx.allocations.push(waterfall(w, freed, Source.PlanChange, false));
  return null;
}

function amountErrors(amount: bigint): string[] {
  if (amount === 0n) return ["HouseholdVaultZeroAmount"];
  if (amount > MAX_AMOUNT) return ["HouseholdVaultAmountTooLarge"];
  return [];
}

/** The body of release() on an open, unpaused vault, after its split: settle first once nextDueAt has come. */
function releaseBody(w: World, fx: Effects): bigint {
  const v = w.vault;
  settleIfDue(w, fx);
  const weeksDue = Math.min(Math.max(0, weeksElapsed(v, w.now) - v.weeksReleased), MAX_CATCH_UP_WEEKS);
  if (weeksDue === 0) return 0n;
  const cost = BigInt(weeksDue) * v.weekly;
  if (v.livingMoney < cost) {
    // Savings, then the buffer, top up whole weeks only (a part of a week that would not be paid
    // would lock savings in living money or drain the buffer that protects the rent).
    const affordableWeeks = (v.livingMoney + v.savings + v.buffer) / v.weekly;
    const affordable = (affordableWeeks < BigInt(weeksDue) ? affordableWeeks : BigInt(weeksDue)) * v.weekly;
    if (affordable > v.livingMoney) {
      const fromSavings = min(v.savings, affordable - v.livingMoney);
      if (fromSavings > 0n) {
        v.savings -= fromSavings;
        v.livingMoney += fromSavings;
        fx.savingsUsed.push(fromSavings);
      }
      const fromBuffer = affordable - v.livingMoney;
      v.buffer -= fromBuffer;
      v.livingMoney += fromBuffer;
    }
  }
  const weeksPaid = v.weekly === 0n ? weeksDue : Math.min(weeksDue, Number(v.livingMoney / v.weekly));
  const living = BigInt(weeksPaid) * v.weekly;
  v.livingMoney -= living;
  v.weeksReleased += weeksPaid;
  if (weeksPaid > 0) fx.releases.push({ weeks: weeksPaid, amount: living });
  // Weeks still short: [weeksReleased, weeksReleased + weeksDue - weeksPaid), each reported once.
  const shortEnd = v.weeksReleased + weeksDue - weeksPaid;
  const newlyShort = shortEnd - Math.max(v.weeksReleased, v.shortReportedBefore);
  if (newlyShort > 0) fx.shortWeeks.push(newlyShort);
  v.shortReportedBefore = Math.max(v.shortReportedBefore, shortEnd);
  if (living > 0n) payOut(w, v.resident, living, fx);
  return living;
}

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

export function deposit(w0: World, caller: string, amount: bigint): Outcome {
  const v0 = w0.vault;
  const errors = [...amountErrors(amount)];
  if (v0.closed) errors.push("HouseholdVaultIsClosed");
  const source = w0.config.payers[caller];
  if (source === undefined) errors.push("HouseholdVaultUnknownPayer");
  if (errors.length === 0) errors.push(...tokenTransferErrors(w0, caller, w0.config.vault, amount));
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const fx = emptyEffects();
  // The deposit only pulls and tags: the money waits for the next keeper call.
  move(w, caller, w.config.vault, amount);
  fx.incomeReceived.push({ source, amount });
  return done(w, fx);
}

/** A plain ERC-20 transfer into the vault: it waits with the deposits for the next keeper call. */
export function plainTransfer(w0: World, from: string, amount: bigint): Outcome {
  const errors = tokenTransferErrors(w0, from, w0.config.vault, amount);
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  move(w, from, w.config.vault, amount);
  return done(w, emptyEffects());
}

export function allocate(w0: World): Outcome {
  if (w0.vault.closed) return fail("HouseholdVaultIsClosed");
  const w = clone(w0);
  const fx = emptyEffects();
  const amount = splitWaiting(w, fx);
  if (amount === 0n) return fail("HouseholdVaultNothingToAllocate");
  fx.returned = amount;
  return done(w, fx);
}

export function advance(w0: World, caller: string, amount: bigint): Outcome {
  const errors = [...amountErrors(amount)];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (!w0.config.treasurers.includes(caller)) errors.push("HouseholdVaultMissingRole");
  const w = clone(w0);
  const fx = emptyEffects();
  // Waiting income pays first: the cap and the need are those after its split.
  if (!w.vault.closed) splitWaiting(w, fx);
  const v = w.vault;
  if (v.advanceOutstanding + amount > w.config.advanceCap) errors.push("HouseholdVaultAdvanceCapExceeded");
  if (amount > bucketsNeed(v, w.now)) errors.push("HouseholdVaultAdvanceExceedsNeed");
  if (errors.length === 0) errors.push(...tokenTransferErrors(w, caller, w.config.vault, amount));
  if (errors.length) return fail(...errors);
  move(w, caller, w.config.vault, amount);
  fx.allocations.push(waterfall(w, amount, Source.MunicipalAdvance, true));
  w.vault.advanceOutstanding += amount;
  return done(w, fx);
}

export function settle(w0: World): Outcome {
  const errors: string[] = [];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (w0.vault.paused) errors.push("HouseholdVaultIsPaused");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const fx = emptyEffects();
  splitWaiting(w, fx);
  fx.returned = settleIfDue(w, fx);
  return done(w, fx);
}

export function release(w0: World): Outcome {
  const errors: string[] = [];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (w0.vault.paused) errors.push("HouseholdVaultIsPaused");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const fx = emptyEffects();
  splitWaiting(w, fx);
  fx.returned = releaseBody(w, fx);
  return done(w, fx);
}

export function withdrawSavings(w0: World, caller: string, amount: bigint): Outcome {
  const v0 = w0.vault;
  const errors: string[] = [];
  if (caller !== v0.resident) errors.push("HouseholdVaultNotResident");
  if (v0.closed) errors.push("HouseholdVaultIsClosed");
  if (v0.paused) errors.push("HouseholdVaultIsPaused");
  const w = clone(w0);
  const fx = emptyEffects();
  // Waiting income is split first: what it adds to the savings can be withdrawn at once.
  if (!v0.closed) splitWaiting(w, fx);
  if (amount === 0n) errors.push("HouseholdVaultZeroAmount");
  else if (amount > w.vault.savings) errors.push("HouseholdVaultInsufficientSavings");
  // The spec says only that the amount is sent: a withdrawal the token refuses (paused, resident
  // blocklisted) is taken to revert with the token's error, not to become claimable.
  if (errors.length === 0) errors.push(...tokenTransferErrors(w, w.config.vault, v0.resident, amount));
  if (errors.length) return fail(...errors);
  w.vault.savings -= amount;
  fx.savingsWithdrawn.push(amount);
  move(w, w.config.vault, w.vault.resident, amount);
  fx.transfers.push({ to: w.vault.resident, amount, deferred: false });
  return done(w, fx);
}

/** claim() by `caller`, or payClaimable(payee) by anyone: both pay the payee only, never another address. */
function payClaimableTo(w0: World, payee: string): Outcome {
  const errors: string[] = [];
  const amount = w0.vault.claimable[payee] ?? 0n;
  if (w0.vault.paused) errors.push("HouseholdVaultIsPaused");
  if (amount === 0n) errors.push("HouseholdVaultNothingToClaim");
  // The spec does not say how a claim by a recipient who still cannot receive fails; any revert.
  if (errors.length === 0 && tokenTransferErrors(w0, w0.config.vault, payee, amount).length) errors.push("*");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const fx = emptyEffects();
  delete w.vault.claimable[payee];
  move(w, w.config.vault, payee, amount);
  fx.transfers.push({ to: payee, amount, deferred: false });
  fx.returned = amount;
  return done(w, fx);
}

export function claim(w0: World, caller: string): Outcome {
  return payClaimableTo(w0, caller);
}

export function payClaimable(w0: World, payee: string): Outcome {
  return payClaimableTo(w0, payee);
}

export function proposePlan(w0: World, caller: string, plan: Plan): Outcome {
  const errors: string[] = [];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (caller !== w0.vault.coach) errors.push("HouseholdVaultNotCoach");
  else if (!w0.config.coaches.includes(caller)) errors.push("HouseholdVaultNotACoach", "HouseholdVaultMissingRole");
  errors.push(...validatePlan(w0, plan));
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.pending = structuredClone(plan);
  return done(w, emptyEffects());
}

export function acceptPlan(w0: World, caller: string, plan: Plan): Outcome {
  const errors: string[] = [];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (caller !== w0.vault.resident) errors.push("HouseholdVaultNotResident");
  if (w0.vault.pending === null) errors.push("HouseholdVaultNoPendingPlan");
  else if (!plansEqual(w0.vault.pending, plan)) errors.push("HouseholdVaultPlanMismatch");
  if (errors.length) return fail(...errors);
  // Registers may have changed since the proposal, and the proposing coach must still be one.
  const invalid = validatePlan(w0, plan);
  if (!w0.config.coaches.includes(w0.vault.coach)) invalid.push("HouseholdVaultNotACoach");
  if (invalid.length) return fail(...invalid);
  const w = clone(w0);
  const fx = emptyEffects();
  // Waiting income is split, and months already due are paid (or become arrears), under the old
  // plan; the split is no outflow, so it happens while paused too, the settle not.
  splitWaiting(w, fx);
  if (!w.vault.paused) settleIfDue(w, fx);
  const error = applyPlan(w, plan, fx);
  if (error) return fail(error);
  w.vault.pending = null;
  return done(w, fx);
}

export function rejectPlan(w0: World, caller: string): Outcome {
  const errors: string[] = [];
  if (caller !== w0.vault.resident) errors.push("HouseholdVaultNotResident");
  if (w0.vault.pending === null) errors.push("HouseholdVaultNoPendingPlan");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.pending = null;
  return done(w, emptyEffects());
}

export function setCoach(w0: World, caller: string, coach: string): Outcome {
  const errors: string[] = [];
  if (!w0.config.registrars.includes(caller)) errors.push("HouseholdVaultMissingRole");
  if (coach === w0.vault.resident) errors.push("HouseholdVaultCoachIsResident");
  if (!w0.config.coaches.includes(coach)) errors.push("HouseholdVaultNotACoach");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.coach = coach;
  w.vault.pending = null;
  return done(w, emptyEffects());
}

export function pause(w0: World, caller: string): Outcome {
  if (!w0.config.guardians.includes(caller)) return fail("HouseholdVaultMissingRole");
  const w = clone(w0);
  w.vault.paused = true;
  // Pausing a paused vault: the spec does not say; either a revert or a no-op is fine.
  return done(w, emptyEffects(), w0.vault.paused);
}

export function unpause(w0: World, caller: string): Outcome {
  const errors: string[] = [];
  if (!w0.config.guardians.includes(caller)) errors.push("HouseholdVaultMissingRole");
  if (!w0.vault.paused) errors.push("HouseholdVaultNotPaused");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.paused = false;
  return done(w, emptyEffects());
}

export function requestExit(w0: World, caller: string): Outcome {
  const errors: string[] = [];
  if (caller !== w0.vault.resident) errors.push("HouseholdVaultNotResident");
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (w0.vault.exitAvailableAt !== 0) errors.push("HouseholdVaultExitAlreadyRequested");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.exitAvailableAt = w.now + w.config.exitNotice;
  return done(w, emptyEffects());
}

export function cancelExit(w0: World, caller: string): Outcome {
  const errors: string[] = [];
  if (caller !== w0.vault.resident) errors.push("HouseholdVaultNotResident");
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (w0.vault.exitAvailableAt === 0) errors.push("HouseholdVaultExitNotRequested");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.exitAvailableAt = 0;
  return done(w, emptyEffects());
}

export function close(w0: World): Outcome {
  const v0 = w0.vault;
  const errors: string[] = [];
  if (v0.closed) errors.push("HouseholdVaultIsClosed");
  if (v0.paused) errors.push("HouseholdVaultIsPaused");
  if (v0.exitAvailableAt === 0) errors.push("HouseholdVaultExitNotRequested");
  else if (w0.now < v0.exitAvailableAt) errors.push("HouseholdVaultExitNoticeRunning");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const v = w.vault;
  const fx = emptyEffects();
  // Waiting income is split and due months settled first; after that everything left goes out
  // as before (tokens that arrive after closing wait for sweep).
  splitWaiting(w, fx);
  settleIfDue(w, fx);
  // More than 12 months behind: settle() again until caught up.
  if (w.now >= vaultNextDueAt(v)) return fail("HouseholdVaultNotCaughtUp");
  // Creditors first: each bucket pays what it holds toward its arrears, topped up from the
  // buffer, in part if need be.
  v.buckets.forEach((b, i) => {
    if (b.arrears === 0n) return;
    const top = min(v.buffer, pos(b.arrears - b.balance));
    v.buffer -= top;
    b.balance += top;
    const paid = min(b.arrears, b.balance);
    if (paid === 0n) return;
    b.balance -= paid;
    b.arrears -= paid;
    fx.arrearsPaid.push({ bucket: i, amount: paid });
    payOut(w, b.creditor, paid, fx);
  });
  const rest = pos(bal(w, w.config.vault) - totalClaimable(v));
  const toTreasury = min(rest, v.advanceOutstanding);
  v.advanceOutstanding -= toTreasury;
  const toResident = rest - toTreasury;
  for (const b of v.buckets) b.balance = 0n;
  v.livingMoney = 0n;
  v.buffer = 0n;
  v.savings = 0n;
  v.repaymentHeld = 0n;
  v.closed = true;
  if (toTreasury > 0n) payOut(w, w.config.treasury, toTreasury, fx);
  if (toResident > 0n) payOut(w, v.resident, toResident, fx);
  return done(w, fx);
}

export function sweep(w0: World): Outcome {
  if (!w0.vault.closed) return fail("HouseholdVaultNotClosed");
  const w = clone(w0);
  const fx = emptyEffects();
  const amount = pos(bal(w, w.config.vault) - totalClaimable(w.vault));
  if (amount > 0n) payOut(w, w.vault.resident, amount, fx);
  fx.returned = amount;
  // Sweeping nothing: the spec does not say whether that reverts.
  return done(w, fx, amount === 0n);
}

// Token-side actions (the EuroToken's admin), modelled for their effect on payments.

export function setBlocklisted(w0: World, account: string, on: boolean): Outcome {
  const w = clone(w0);
  if (on) w.blocklisted[account] = true;
  else delete w.blocklisted[account];
  return done(w, emptyEffects());
}

export function setTokenPaused(w0: World, on: boolean): Outcome {
  if (w0.tokenPaused === on) return fail(on ? "EnforcedPause" : "ExpectedPause");
  const w = clone(w0);
  w.tokenPaused = on;
  return done(w, emptyEffects());
}

export function timeJump(w0: World, to: number): World {
  if (to <= w0.now) return w0;
  const w = clone(w0);
  w.now = to;
  return w;
}

/** The factory's admin grants or revokes COACH_ROLE (a coach who lost it cannot propose, nor have a plan accepted). */
export function setCoachRole(w0: World, account: string, on: boolean): Outcome {
  const w = clone(w0);
  const coaches = w.config.coaches.filter((c) => c !== account);
  w.config.coaches = on ? [...coaches, account] : coaches;
  return done(w, emptyEffects());
}
