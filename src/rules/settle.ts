/**
 * settle() after its split: each bucket pays the arrears it covers and every month due (topped up
 * from the buffer, then whole from savings), a month it cannot pay becomes arrears; a held advance
 * repayment goes to the treasury.
 */
import { MAX_CATCH_UP_MONTHS } from "./constants";
import { dueAt } from "./calendar";
import { min, vaultNextDueAt, type Bucket, type Effects, type World } from "./state";
import { payOut } from "./token";

/** settle's body after its split: before the stored nextDueAt there is nothing to do (pays 0). */
export function settleIfDue(w: World, fx: Effects): bigint {
  return w.now >= w.vault.nextDueAt ? settleBody(w, fx) : 0n;
}

function settleBody(w: World, fx: Effects): bigint {
  const v = w.vault;
  let paidTotal = 0n;
  v.buckets.forEach((b, i) => {
    paidTotal += settleBucket(w, b, i, fx);
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

/** Settles bucket `b` (index `i`): its arrears if covered, then up to MAX_CATCH_UP_MONTHS months due, paid in one transfer. */
function settleBucket(w: World, b: Bucket, i: number, fx: Effects): bigint {
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
    toCreditor += settleMonth(w, b, i, m, fx);
    b.paidThroughMonth = m;
  }
  if (toCreditor > 0n) payOut(w, b.creditor, toCreditor, fx);
  return toCreditor;
}

/** Month `m` of bucket `b` (index `i`): what it pays the creditor, or 0 when the month becomes arrears. */
function settleMonth(w: World, b: Bucket, i: number, m: number, fx: Effects): bigint {
  topUpMonth(w, b, fx);
  if (b.balance < b.amountPerMonth) {
    b.arrears += b.amountPerMonth;
    fx.missed.push({ bucket: i, month: m, missing: b.amountPerMonth - b.balance });
    return 0n;
  }
  b.balance -= b.amountPerMonth;
  fx.creditorPaid.push({
    bucket: i,
    uid: b.uid,
    creditor: b.creditor,
    category: b.category,
    month: m,
    amount: b.amountPerMonth,
  });
  return b.amountPerMonth;
}

/** A bucket short of one month's payment takes what it can from the buffer, then the rest from savings. */
function topUpMonth(w: World, b: Bucket, fx: Effects): void {
  const v = w.vault;
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
}
