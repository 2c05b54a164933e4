/**
 * What a proposal changes, per fixed cost and in total, for the side-by-side comparison the
 * resident reads before consenting. Pure (the unit tests import it).
 *
 * Lines are paired as the vault pairs them when a plan is accepted (HouseholdVault._matchBuckets):
 * first the same creditor and category, then the same creditor alone. A proposed line with no
 * partner is new; a current line with no partner is dropped.
 */
import type { PlanLine, PlanValue } from "./plan";

export type LineChange = "same" | "changed" | "added" | "removed";

export interface LineDiff {
  change: LineChange;
  /** The line in the plan in force (absent for an added line). */
  current?: PlanLine;
  /** The line in the proposal (absent for a removed line). */
  proposed?: PlanLine;
  /** Proposed minus current per month (an added line counts from 0, a removed one to 0). */
  delta: bigint;
  /** Which terms differ (a changed line). */
  amountChanged: boolean;
  dueDayChanged: boolean;
  categoryChanged: boolean;
  creditorChanged: boolean;
}

export interface AmountDiff {
  current: bigint;
  proposed: bigint;
  delta: bigint;
}

export interface PlanDiff {
  /** In the proposal's order, then the lines it drops in their current order. */
  lines: LineDiff[];
  /** The fixed costs per month. */
  total: AmountDiff;
  weeklyLivingMoney: AmountDiff;
  bufferTarget: AmountDiff;
  /** False when the proposal is the plan in force. */
  changed: boolean;
}

export function planDiff(current: PlanValue, proposed: PlanValue): PlanDiff {
  const partner = pairLines(current.buckets, proposed.buckets);
  const lines: LineDiff[] = proposed.buckets.map((p, i) => {
    const j = partner[i];
    return j === undefined ? addedLine(p) : lineDiff(current.buckets[j], p);
  });
  const paired = new Set(partner.filter((j) => j !== undefined));
  current.buckets.forEach((c, j) => {
    if (!paired.has(j)) lines.push(removedLine(c));
  });
  const total = amountDiff(sumOf(current.buckets), sumOf(proposed.buckets));
  const weeklyLivingMoney = amountDiff(current.weeklyLivingMoney, proposed.weeklyLivingMoney);
  const bufferTarget = amountDiff(current.bufferTarget, proposed.bufferTarget);
  const changed = lines.some((l) => l.change !== "same") || weeklyLivingMoney.delta !== 0n || bufferTarget.delta !== 0n;
  return { lines, total, weeklyLivingMoney, bufferTarget, changed };
}

/** One line of the comparison's summary: what changes, in the order the resident reads it. */
export type SummaryItem =
  | { kind: "costs"; count: number }
  | { kind: "total"; delta: bigint }
  | { kind: "weekly"; delta: bigint }
  | { kind: "bufferTarget"; delta: bigint };

/**
 * The summary above the comparison's tables. Every change the diff counts (`changed`) has a line
 * here, so a changed proposal never shows an empty summary; an empty list means no change.
 */
export function summaryOf(diff: PlanDiff): SummaryItem[] {
  const items: SummaryItem[] = [];
  const count = diff.lines.filter((l) => l.change !== "same").length;
  if (count > 0) items.push({ kind: "costs", count });
  if (diff.total.delta !== 0n) items.push({ kind: "total", delta: diff.total.delta });
  if (diff.weeklyLivingMoney.delta !== 0n) items.push({ kind: "weekly", delta: diff.weeklyLivingMoney.delta });
  if (diff.bufferTarget.delta !== 0n) items.push({ kind: "bufferTarget", delta: diff.bufferTarget.delta });
  return items;
}

/** For each proposed line, the index of the current line it continues (undefined: a new line). */
export function pairLines(current: PlanLine[], proposed: PlanLine[]): (number | undefined)[] {
  const taken = new Set<number>();
  const partner: (number | undefined)[] = proposed.map(() => undefined);
  for (const sameCategory of [true, false]) {
    proposed.forEach((p, i) => {
      if (partner[i] !== undefined) return;
      const j = current.findIndex(
        (c, k) => !taken.has(k) && sameAddress(c.creditor, p.creditor) && (!sameCategory || c.category === p.category),
      );
      if (j === -1) return;
      partner[i] = j;
      taken.add(j);
    });
  }
  return partner;
}

function lineDiff(current: PlanLine, proposed: PlanLine): LineDiff {
  const amountChanged = current.amountPerMonth !== proposed.amountPerMonth;
  const dueDayChanged = current.dueDay !== proposed.dueDay;
  const categoryChanged = current.category !== proposed.category;
  const creditorChanged = !sameAddress(current.creditor, proposed.creditor);
  const changed = amountChanged || dueDayChanged || categoryChanged || creditorChanged;
  return {
    change: changed ? "changed" : "same",
    current,
    proposed,
    delta: proposed.amountPerMonth - current.amountPerMonth,
    amountChanged,
    dueDayChanged,
    categoryChanged,
    creditorChanged,
  };
}

const NO_TERMS_CHANGED = { amountChanged: false, dueDayChanged: false, categoryChanged: false, creditorChanged: false };

function addedLine(proposed: PlanLine): LineDiff {
  return { change: "added", proposed, delta: proposed.amountPerMonth, ...NO_TERMS_CHANGED };
}

function removedLine(current: PlanLine): LineDiff {
  return { change: "removed", current, delta: -current.amountPerMonth, ...NO_TERMS_CHANGED };
}

function amountDiff(current: bigint, proposed: bigint): AmountDiff {
  return { current, proposed, delta: proposed - current };
}

function sumOf(lines: PlanLine[]): bigint {
  return lines.reduce((s, l) => s + l.amountPerMonth, 0n);
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
