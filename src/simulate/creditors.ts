/**
 * What every arm of the simulation shares about creditors: which months of which fixed cost fall
 * due in a household-year (exactly the vault's buckets' due dates), when a creditor adds statutory
 * collection costs to a month still unpaid and how much, the hours of the day every arm keeps, and
 * the money-conservation identity of `Flows`. `CreditorBook` keeps one run's due dates, the
 * collection costs added to them and what was paid, for arms that pay creditors month by month.
 */
import { DAY, WEEK, dueAt, monthIndexAt } from "../rules";
import type { ArmResult, CollectionCost, CreditorRules, DueDate, FixedCost, Flows, HouseholdYear } from "./types";

/** Within a day, every arm's hours (seconds after 00:00 UTC): creditors collect / the keeper calls. */
export const COLLECT_AT = 5 * 60;
/** Income arrives. */
export const INCOME_AT = 9 * 3600;
/** The resident's own spending and one-off costs. */
export const SPEND_AT = 14 * 3600;

const BASIS_POINTS = 10_000n;

/** Every month of every fixed cost due strictly after `h.start` up to the end of `h.lastDay`, in due order (plan order on one day). */
export function costDueDates(h: HouseholdYear): DueDate[] {
  return indexedDueDates(h).dueDates;
}

/** The due dates and, for each, its creditor: the index of its cost in `h.costs`. */
function indexedDueDates(h: HouseholdYear): { dueDates: DueDate[]; creditorOf: number[] } {
  const rows: { due: DueDate; creditor: number }[] = [];
  const first = monthIndexAt(h.start);
  const last = monthIndexAt(h.lastDay);
  h.costs.forEach((cost, creditor) => {
    for (let month = first; month <= last; month++) {
      const at = dueAt(month, cost.dueDay);
      // dueAt is 00:00 of its day, so "up to the end of lastDay" is at <= lastDay.
      if (at <= h.start || at > h.lastDay) continue;
      rows.push({ due: { category: cost.category, month, dueAt: at, amount: amountFor(h, cost, month) }, creditor });
    }
  });
  rows.sort((a, b) => a.due.dueAt - b.due.dueAt || a.creditor - b.creditor);
  return { dueDates: rows.map((r) => r.due), creditorOf: rows.map((r) => r.creditor) };
}

/** A cost's amount for `month`: the change agreed last (by day, then list order) among those from that month on. */
function amountFor(h: HouseholdYear, cost: FixedCost, month: number): bigint {
  let amount = cost.amountPerMonth;
  let agreedOn = -Infinity;
  for (const change of h.costChanges) {
    if (change.category !== cost.category || change.fromMonth > month || change.day < agreedOn) continue;
    amount = change.amountPerMonth;
    agreedOn = change.day;
  }
  return amount;
}

/** Statutory collection costs on `unpaid`: rules.rate of it (rounded down to a unit), at least rules.minimum. */
export function collectionCostsFor(unpaid: bigint, rules: CreditorRules): bigint {
  const rate = BigInt(Math.round(rules.rate * Number(BASIS_POINTS)));
  const costs = (unpaid * rate) / BASIS_POINTS;
  return costs > rules.minimum ? costs : rules.minimum;
}

/**
 * When a creditor adds collection costs to a month due at `dueAt` that is still unpaid: its
 * reminder goes out reminderAfterDays after the due date and gives reminderPeriodDays to pay.
 * 00:00 of that day, so before that day's collections: a month paid the day before costs nothing.
 */
export function collectionCostsDueAt(dueAt: number, rules: CreditorRules): number {
  return dueAt + (rules.reminderAfterDays + rules.reminderPeriodDays) * DAY;
}

/** income + advances − everything paid out or held: 0 when every unit is accounted for. */
export function checkFlows(f: Flows): bigint {
  return f.income + f.advances - (f.toCreditors + f.collectionCosts + f.oneOffs + f.toResident + f.repaid + f.held);
}

/** Weeks in a run: week k's living money is due on start + (k + 1) weeks, and the last such day is at most lastDay. */
export function weekCount(h: HouseholdYear): number {
  return Math.floor((h.lastDay - h.start) / WEEK);
}

/** What a baseline arm booked besides its creditors. */
export interface BaselineBooked {
  weeks: bigint[];
  income: bigint;
  oneOffsPaid: bigint;
  oneOffsOwed: bigint;
  toResident: bigint;
  /** What the account holds at the end. */
  held: bigint;
}

/**
 * One run's creditors: the due dates (their paidAt filled in as months are paid), the collection
 * costs added to months still unpaid, and what has been paid. A month and its collection costs are
 * paid together (creditors want both); `owed` is what that takes.
 */
export class CreditorBook {
  readonly dueDates: DueDate[];
  /** For each due date, its creditor: the index of its cost in h.costs. */
  readonly creditorOf: number[];
  readonly collectionCosts: CollectionCost[] = [];
  paidToCreditors = 0n;
  paidCollectionCosts = 0n;
  /** For each due date, the index of its collection costs in `collectionCosts`, or -1. */
  private readonly costsOf: number[];
  /** Due dates before this index have had their collection-costs moment. */
  private checked = 0;

  constructor(
    h: HouseholdYear,
    private readonly rules: CreditorRules,
  ) {
    const { dueDates, creditorOf } = indexedDueDates(h);
    this.dueDates = dueDates;
    this.creditorOf = creditorOf;
    this.costsOf = new Array<number>(dueDates.length).fill(-1);
  }

  /** Adds collection costs to every month still unpaid whose collectionCostsDueAt is at or before `t`. */
  addCollectionCostsUntil(t: number): void {
    for (; this.checked < this.dueDates.length; this.checked++) {
      const due = this.dueDates[this.checked];
      const at = collectionCostsDueAt(due.dueAt, this.rules);
      if (at > t) return;
      if (due.paidAt !== undefined) continue;
      this.costsOf[this.checked] = this.collectionCosts.length;
      const amount = collectionCostsFor(due.amount, this.rules);
      this.collectionCosts.push({ category: due.category, month: due.month, at, amount });
    }
  }

  /** What paying unpaid due date `i` takes: the month and any collection costs added to it. */
  owed(i: number): bigint {
    const c = this.costsOf[i];
    return c < 0 ? this.dueDates[i].amount : this.dueDates[i].amount + this.collectionCosts[c].amount;
  }

  /** Pays due date `i` and its collection costs at `t`; returns the total (what `owed` said). */
  pay(i: number, t: number): bigint {
    const due = this.dueDates[i];
    due.paidAt = t;
    this.paidToCreditors += due.amount;
    const c = this.costsOf[i];
    if (c < 0) return due.amount;
    const costs = this.collectionCosts[c];
    costs.paidAt = t;
    this.paidCollectionCosts += costs.amount;
    return due.amount + costs.amount;
  }

  /** Collection costs added and not paid. */
  unpaidCollectionCosts(): bigint {
    let sum = 0n;
    for (const c of this.collectionCosts) if (c.paidAt === undefined) sum += c.amount;
    return sum;
  }

  /** A baseline arm's result: this book's creditors, and what the arm booked besides (no advances in either). */
  baselineResult(arm: "bank" | "budget", booked: BaselineBooked): ArmResult {
    return {
      arm,
      dueDates: this.dueDates,
      weeks: booked.weeks,
      collectionCosts: this.collectionCosts,
      advances: [],
      flows: {
        income: booked.income,
        advances: 0n,
        toCreditors: this.paidToCreditors,
        collectionCosts: this.paidCollectionCosts,
        oneOffs: booked.oneOffsPaid,
        toResident: booked.toResident,
        repaid: 0n,
        held: booked.held,
      },
      residentOwes: booked.oneOffsOwed + this.unpaidCollectionCosts(),
    };
  }
}
