/**
 * Plan changes: comparing and validating a plan, matching its buckets to the current ones, and
 * applying an accepted plan (what it frees is split again as Source.PlanChange).
 */
import { LIVING_MONEY_HORIZON, MAX_AMOUNT, MAX_BUCKETS, MAX_MONTHLY_AMOUNT, Source } from "./constants";
import {
  dueMonths,
  newBucket,
  vaultNextDueAt,
  weeksElapsed,
  type Bucket,
  type BucketPlan,
  type Effects,
  type Plan,
  type VaultState,
  type World,
} from "./state";
import { waterfall } from "./waterfall";

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

/** The errors the plan itself gives (limits, due days, approved creditors), or []. */
export function validatePlan(w: World, plan: Plan): string[] {
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
export function applyPlan(w: World, plan: Plan, fx: Effects): string | null {
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
