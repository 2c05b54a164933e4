/**
 * How one fixed cost stands this month, decided from the vault's state and its payments. Pure (the
 * unit tests import it); the resident's view only puts the result into words.
 *
 * Two rules it keeps: "paid" only when a CreditorPaid event of this month names this line (never
 * when the payments could not be read), and nothing promises a payment while the vault is paused.
 */
import type { BucketState } from "../../../src/chain/vault-state";
import type { PlanLine } from "./plan";
import { pairLines } from "./plan-diff";

export type CostStatus =
  | { kind: "paid" }
  /** The month counts as done but the vault paid nothing (it started, or the line came, after the due day). */
  | { kind: "notThisMonth"; from: number }
  | { kind: "dueOn"; date: number; saved: bigint }
  /** Due already: the next keeper call pays it, and there is enough to pay it. */
  | { kind: "dueNow"; saved: bigint }
  /** Due already, but what the vault can use for it falls short by `missing`. */
  | { kind: "shortNow"; missing: bigint; saved: bigint }
  | { kind: "late"; arrears: bigint }
  /** The vault is paused: nothing goes out; arrears (0 when none) stay visible. */
  | { kind: "paused"; arrears: bigint }
  /** The payments are still being read. */
  | { kind: "checking" }
  /** The payments could not be read: whether it was paid cannot be told. */
  | { kind: "unknown" };

/** This month's payments: keys from paidKey(), undefined while read, "failed" when the read failed. */
export type PaidThisMonth = Set<string> | undefined | "failed";

export interface CostInput {
  bucket: Pick<BucketState, "category" | "amountPerMonth" | "balance" | "arrears" | "paidThroughMonth" | "nextDueAt">;
  /** The line's place in the plan (the vault's bucket index). */
  index: number;
  /** The vault's month at `now` (year * 12 + month - 1, UTC). */
  thisMonth: number;
  /** The chain's time (seconds). */
  now: number;
  paid: PaidThisMonth;
  paused: boolean;
  /** What else the vault can pay a due month from: the buffer, the resident's savings, and income not yet split. */
  buffer: bigint;
  savings: bigint;
  unallocated: bigint;
}

/** The key of a payment: the bucket's index and its category (both indexed in CreditorPaid). */
export function paidKey(bucketIndex: number, category: number): string {
  return `${bucketIndex}:${category}`;
}

/** Where a log stands on the chain: its block and its transaction's place in the block. */
export interface ChainPosition {
  block: number;
  tx: number;
}

/** One CreditorPaid event. */
export interface Payment {
  bucketIndex: number;
  category: number;
  monthIndex: number;
  at: ChainPosition;
}

/** One accepted plan: the vault's lines before and after it (PlanAccepted, and the plans around it). */
export interface PlanChange {
  at: ChainPosition;
  before: PlanLine[];
  after: PlanLine[];
}

/**
 * The keys (paidKey) of the lines paid for `monthIndex`, as the lines stand after the last change.
 * `changes`: every plan accepted since the first payment, in chain order.
 *
 * The key is the bucket's index with its category, not the category alone: two lines of the same
 * kind (two debts) must not share one status. An accepted plan can reorder the lines (the vault
 * continues each old line under the index _matchBuckets gives it), so a payment made before a
 * change is carried through each later change to the index its line has now, with that line's
 * category, and is dropped when its line left the plan. acceptPlan settles due months before it
 * applies the new plan: a payment in the acceptance's own transaction came before the change.
 *
 * Keying on the index alone would not make errors go the safe way: a line added after its due day
 * (month counted as done, nothing paid) can take the index of a paid line of the same kind, and
 * would read "paid". Carried through the changes, a key names exactly the line that was paid. So
 * the reader must see every acceptance in its range, or fail (the view then says it cannot tell).
 */
export function paidKeys(payments: Payment[], changes: PlanChange[], monthIndex: number): Set<string> {
  const keys = new Set<string>();
  for (const p of payments) {
    if (p.monthIndex !== monthIndex) continue;
    let index: number | undefined = p.bucketIndex;
    let category = p.category;
    for (const c of changes) {
      if (index === undefined || !cameBefore(p.at, c.at)) continue;
      const found = pairLines(c.before, c.after).indexOf(index);
      index = found === -1 ? undefined : found;
      if (index !== undefined) category = c.after[index].category;
    }
    if (index !== undefined) keys.add(paidKey(index, category));
  }
  return keys;
}

/** Whether a payment at `payment` was made under the plan that the change at `change` replaced. */
export function cameBefore(payment: ChainPosition, change: ChainPosition): boolean {
  return payment.block < change.block || (payment.block === change.block && payment.tx <= change.tx);
}

export function costStatus(input: CostInput): CostStatus {
  const { bucket, paused } = input;
  if (bucket.arrears > 0n) return paused ? { kind: "paused", arrears: bucket.arrears } : late(bucket.arrears);
  if (bucket.paidThroughMonth >= input.thisMonth) return doneThisMonth(input);
  if (paused) return { kind: "paused", arrears: 0n };
  if (bucket.nextDueAt > input.now) return { kind: "dueOn", date: bucket.nextDueAt, saved: bucket.balance };
  return dueNow(input);
}

function late(arrears: bigint): CostStatus {
  return { kind: "late", arrears };
}

/**
 * The vault counts this month as done: paid, or skipped because the line started after its due
 * day. Only this line's own payment event says "paid"; an unread or failed read never does.
 */
function doneThisMonth({ bucket, index, paid, paused }: CostInput): CostStatus {
  if (paid === undefined) return { kind: "checking" };
  if (paid === "failed") return { kind: "unknown" };
  if (paid.has(paidKey(index, bucket.category))) return { kind: "paid" };
  // "The vault pays this from <date>" would be a promise a paused vault does not keep.
  return paused ? { kind: "paused", arrears: 0n } : { kind: "notThisMonth", from: bucket.nextDueAt };
}

/**
 * Due now, and the next keeper call settles it: from the bucket, then the buffer, then savings (the
 * vault uses savings only when they complete the payment, so counting them whole is right here),
 * and income still waiting is split into the buckets first. Kept simple: other lines due at the same
 * time draw on the same buffer and savings, and waiting income is not all for this line, so both
 * answers are a "probably" (the text says "perhaps too little").
 */
function dueNow({ bucket, buffer, savings, unallocated }: CostInput): CostStatus {
  const available = bucket.balance + buffer + savings + unallocated;
  if (available < bucket.amountPerMonth) {
    return { kind: "shortNow", missing: bucket.amountPerMonth - available, saved: bucket.balance };
  }
  return { kind: "dueNow", saved: bucket.balance };
}
