/**
 * The waterfall (architecture.md): how money arriving in the vault is split over the buckets,
 * living money, the advance repayment, the buffer and savings, in that order of need.
 */
import { LIVING_MONEY_HORIZON, MAX_AMOUNT, Source } from "./constants";
import { dueMonths, min, pos, unallocated, weeksElapsed, type Allocation, type Effects, type World } from "./state";

/** One split under way: the allocation it builds and what is still to give. */
interface Split {
  w: World;
  a: Allocation;
  remaining: bigint;
  /** Months due per bucket, counted once before any money moves (the waterfall does not settle). */
  due: bigint[];
}

/**
 * Splits `amount` at `w.now` (changing `w`) and returns the Allocated event's parts. An advance
 * (`bucketsOnly`) fills the buckets only, steps 1, 3 and 5, and never exceeds what they need.
 */
export function waterfall(w: World, amount: bigint, source: number, bucketsOnly: boolean): Allocation {
  const v = w.vault;
  const s = startSplit(w, amount, source);
  // 1. fixed costs already due: arrears, and every month that fell due but is not settled yet
  v.buckets.forEach((b, i) => fillBucket(s, i, b.arrears + s.due[i] * b.amountPerMonth));
  // 2. living money for weeks already elapsed
  if (!bucketsOnly) fillLivingMoney(s, w.now);
  // 3. next payments of the buckets that have no month due (arrears and their next month)
  v.buckets.forEach((b, i) => {
    if (s.due[i] === 0n) fillBucket(s, i, b.arrears + b.amountPerMonth);
  });
  // 4. living money ahead, over the rolling horizon (livingMoney already includes step 2)
  if (!bucketsOnly) fillLivingMoney(s, w.now + LIVING_MONEY_HORIZON);
  // 5 (also for an advance). the month after, for the buckets that had a month due: its due date
  // is a month away, after the other bills and the weeks that fall due before it
  v.buckets.forEach((b, i) => {
    if (s.due[i] !== 0n) fillBucket(s, i, b.arrears + (s.due[i] + 1n) * b.amountPerMonth);
  });
  markArrearsPayable(s);
  if (bucketsOnly) {
    if (s.remaining !== 0n) throw new Error("model: an advance larger than the need reached the waterfall");
    return s.a;
  }
  holdRepayment(s);
  // 7. buffer
  s.a.toBuffer = min(s.remaining, pos(v.bufferTarget - v.buffer));
  v.buffer += s.a.toBuffer;
  s.remaining -= s.a.toBuffer;
  // 8. savings: the rest, the resident's own money kept in the vault
  s.a.toSavings = s.remaining;
  v.savings += s.remaining;
  return s.a;
}

function startSplit(w: World, amount: bigint, source: number): Split {
  const v = w.vault;
  const a: Allocation = {
    source,
    amount,
    toBuckets: v.buckets.map(() => 0n),
    toLivingMoney: 0n,
    toAdvanceRepayment: 0n,
    toBuffer: 0n,
    toSavings: 0n,
  };
  return { w, a, remaining: amount, due: v.buckets.map((b) => BigInt(dueMonths(b, w.now))) };
}

/** Tops bucket `i` up towards holding `need`, as far as the money left goes. */
function fillBucket(s: Split, i: number, need: bigint): void {
  const b = s.w.vault.buckets[i];
  const give = min(s.remaining, pos(need - b.balance));
  b.balance += give;
  s.a.toBuckets[i] += give;
  s.remaining -= give;
}

/** Tops living money up to the weeks elapsed by `t` and not yet released. */
function fillLivingMoney(s: Split, t: number): void {
  const v = s.w.vault;
  const weeks = Math.max(0, weeksElapsed(v, t) - v.weeksReleased);
  const give = min(s.remaining, pos(v.weekly * BigInt(weeks) - v.livingMoney));
  v.livingMoney += give;
  s.a.toLivingMoney += give;
  s.remaining -= give;
}

/** Money for a bucket with arrears: the next settle may pay them, so it has work from now on. */
function markArrearsPayable(s: Split): void {
  const v = s.w.vault;
  if (v.buckets.some((b, i) => b.arrears > 0n && s.a.toBuckets[i] > 0n)) v.nextDueAt = Math.min(v.nextDueAt, s.w.now);
}

/** 6. advance repayment: held for the next settle, which so has work from now on. */
function holdRepayment(s: Split): void {
  const v = s.w.vault;
  s.a.toAdvanceRepayment = min(s.remaining, v.advanceOutstanding);
  v.advanceOutstanding -= s.a.toAdvanceRepayment;
  v.repaymentHeld += s.a.toAdvanceRepayment;
  s.remaining -= s.a.toAdvanceRepayment;
  if (s.a.toAdvanceRepayment > 0n) v.nextDueAt = Math.min(v.nextDueAt, s.w.now);
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
export function splitWaiting(w: World, fx: Effects): bigint {
  const amount = waitingToSplit(w);
  if (amount > 0n) fx.allocations.push(waterfall(w, amount, Source.Income, false));
  return amount;
}
