/**
 * The state: what one vault and the world around it hold, what an action returns, how a vault
 * starts, and the values read off the state.
 */
import { MAX_CATCH_UP_MONTHS, WEEK } from "./constants";
import { dueAt, monthIndexAt } from "./calendar";

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

// What every action builds on: no effects yet, a copy of the world to change, and its two endings
// (a revert with the error names, or the new world with its effects).

export function emptyEffects(): Effects {
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

/** bigint min, and max(a, 0). */
export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
export const pos = (a: bigint): bigint => (a > 0n ? a : 0n);

/**
 * A copy of the world that an action may change: the vault and the balances are copied field by
 * field; `config` and `blocklisted` are shared, because no action changes them in place (the two
 * that change them, setCoachRole and setBlocklisted, put new objects in their copy). Written out
 * rather than structuredClone because the simulation runs hundreds of actions per household-year
 * and this is several times faster; test/model/clone.test.ts holds it equal to structuredClone.
 */
export function clone(w: World): World {
  return {
    now: w.now,
    config: w.config,
    vault: cloneVault(w.vault),
    balances: { ...w.balances },
    blocklisted: w.blocklisted,
    tokenPaused: w.tokenPaused,
  };
}

function cloneVault(v: VaultState): VaultState {
  return {
    ...v,
    buckets: v.buckets.map((b) => ({ ...b })),
    claimable: { ...v.claimable },
    pending: v.pending && { ...v.pending, buckets: v.pending.buckets.map((b) => ({ ...b })) },
  };
}

export function fail(...errors: string[]): Outcome {
  return { ok: false, errors };
}

export function done(world: World, fx: Effects, either = false): Outcome {
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

/** The token balance of `a` (0 for an account the world has not seen). */
export function bal(w: World, a: string): bigint {
  return w.balances[a] ?? 0n;
}

// ---------------------------------------------------------------------------------------------
// Creation
// ---------------------------------------------------------------------------------------------

export function newBucket(v: VaultState, p: BucketPlan, now: number): Bucket {
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
