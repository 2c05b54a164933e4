/**
 * The "budget" arm: budget management by hand (budgetbeheer). All income goes to an account the
 * manager keeps. On the budget day of each month (the first day after the main income; a weekend
 * moves it to Monday) the manager takes up every fixed-cost month due before the next budget day
 * and pays each in full if the account holds it, in plan order; what could not be paid is paid on
 * the next day income arrives. The weekly allowance and one-off costs come only from what is left
 * after the bills due before the next budget day are set aside. docs/baseline.md gives the rules.
 */
import { DAY, WEEK, dueAt, monthIndexAt } from "../rules";
import { COLLECT_AT, CreditorBook, INCOME_AT, weekCount } from "./creditors";
import type { ArmResult, CreditorRules, HouseholdYear, OneOffCost, Payment } from "./types";

/** A main income at most this long before a budget day is that budget day's money. */
const RESERVE_WINDOW = 10 * DAY;

export function runBudgetManagement(h: HouseholdYear, rules: CreditorRules): ArmResult {
  const run = new BudgetManagementRun(h, rules);
  for (let day = h.start; day <= h.lastDay; day += DAY) run.runDay(day);
  return run.result();
}

/** 00:00 of every budget day from `h.start` on, up to and including the first one after `h.lastDay`. */
export function budgetDays(h: HouseholdYear): number[] {
  const days: number[] = [];
  // From the month before: its budget day may move past a weekend into the first days run.
  for (let month = monthIndexAt(h.start) - 1; month <= monthIndexAt(h.lastDay) + 1; month++) {
    const day = nextWorkingDay(dueAt(month, h.budgetDay));
    if (day >= h.start) days.push(day);
  }
  return days;
}

/** The day itself, or the Monday after a Saturday or Sunday (public holidays are not modelled). */
function nextWorkingDay(day: number): number {
  const weekday = new Date(day * 1000).getUTCDay();
  return weekday === 6 ? day + 2 * DAY : weekday === 0 ? day + DAY : day;
}

class BudgetManagementRun {
  private balance = 0n;
  private readonly book: CreditorBook;
  private readonly budgetDays: number[];
  /** Index in budgetDays of the next budget day to come (after today's, once it is done). */
  private nextBudgetDay = 0;
  /** Due dates before this index have been taken up on a budget day. */
  private takenUp = 0;
  /** Taken up and not yet paid: due-date indices in plan order (creditor, then month). */
  private open: number[] = [];
  private readonly incomes: Payment[];
  private nextIncome = 0;
  private income = 0n;
  private readonly oneOffs: OneOffCost[];
  private nextOneOff = 0;
  private oneOffOwed = 0n;
  private oneOffsPaid = 0n;
  /**
   * Once the main income for the coming budget day has arrived, the bills that day will take up are
   * set aside too: that money is theirs, not the allowance's. 0 until then.
   */
  private reserveUntil = 0;
  /** Weeks whose allowance is due and not yet handed out. */
  private missedWeeks = 0;
  private toResident = 0n;
  private readonly weeks: bigint[];

  constructor(
    private readonly h: HouseholdYear,
    rules: CreditorRules,
  ) {
    this.book = new CreditorBook(h, rules);
    this.budgetDays = budgetDays(h);
    this.incomes = h.incomes;
    this.oneOffs = [...h.oneOffs].sort((a, b) => a.day - b.day);
    this.weeks = new Array<bigint>(weekCount(h)).fill(0n);
  }

  /** One day: collection costs at 00:00, the budget day's bills at 00:05, income (and late bills) at 09:00, the resident at 14:00. */
  runDay(day: number): void {
    this.book.addCollectionCostsUntil(day);
    if (this.budgetDays[this.nextBudgetDay] === day) {
      this.nextBudgetDay++;
      this.takeUpBills();
      this.payBills(day + COLLECT_AT);
    }
    if (this.receiveIncome(day) && this.open.length > 0) this.payBills(day + INCOME_AT);
    this.payOneOffs(day);
    this.handOutAllowance(day);
  }

  /** On a budget day: every month due before the next budget day joins the bills to pay. */
  private takeUpBills(): void {
    const until = this.budgetDays[this.nextBudgetDay];
    const dueDates = this.book.dueDates;
    while (this.takenUp < dueDates.length && dueDates[this.takenUp].dueAt < until) this.open.push(this.takenUp++);
    const creditorOf = this.book.creditorOf;
    this.open.sort((a, b) => creditorOf[a] - creditorOf[b] || a - b);
  }

  /** Pays, in plan order, each open bill (with its collection costs) the account holds in full. */
  private payBills(t: number): void {
    let kept = 0;
    for (const i of this.open) {
      if (this.book.owed(i) <= this.balance) this.balance -= this.book.pay(i, t);
      else this.open[kept++] = i;
    }
    this.open.length = kept;
  }

  /** Today's income; true if any arrived. */
  private receiveIncome(day: number): boolean {
    const before = this.nextIncome;
    for (; this.nextIncome < this.incomes.length && this.incomes[this.nextIncome].day <= day; this.nextIncome++) {
      const payment = this.incomes[this.nextIncome];
      this.balance += payment.amount;
      this.income += payment.amount;
      if (payment.kind === this.h.mainIncome) this.reserveForComingBudgetDay(day);
    }
    return this.nextIncome > before;
  }

  /**
   * The main income shortly before a budget day is that day's money: the manager keeps the bills it
   * will pay from it before handing out any allowance. (A main income that comes late, after its
   * budget day, pays the bills still open; the next ones wait for the next main income.)
   */
  private reserveForComingBudgetDay(day: number): void {
    const coming = this.budgetDays[this.nextBudgetDay];
    if (coming === undefined || coming - day > RESERVE_WINDOW) return;
    this.reserveUntil = this.budgetDays[this.nextBudgetDay + 1] ?? Number.POSITIVE_INFINITY;
  }

  /**
   * What the account holds beyond the bills to be paid before the next budget day: the open ones,
   * before the first budget day run those due before it, and once the main income for the coming
   * budget day is in, those that day will take up.
   */
  private free(): bigint {
    let setAside = 0n;
    for (const i of this.open) setAside += this.book.owed(i);
    const until = Math.max(this.budgetDays[this.nextBudgetDay] ?? 0, this.reserveUntil);
    const dueDates = this.book.dueDates;
    for (let i = this.takenUp; i < dueDates.length && dueDates[i].dueAt < until; i++) setAside += this.book.owed(i);
    return this.balance - setAside;
  }

  /** New and still unpaid one-off costs, from what is free, as far as it goes (before the allowance). */
  private payOneOffs(day: number): void {
    for (; this.nextOneOff < this.oneOffs.length && this.oneOffs[this.nextOneOff].day <= day; this.nextOneOff++) {
      this.oneOffOwed += this.oneOffs[this.nextOneOff].amount;
    }
    if (this.oneOffOwed === 0n) return;
    const free = this.free();
    if (free <= 0n) return;
    const paid = this.oneOffOwed < free ? this.oneOffOwed : free;
    this.oneOffOwed -= paid;
    this.oneOffsPaid += paid;
    this.balance -= paid;
  }

  /**
   * On week k's day one more week's allowance is due. Any day, the manager hands out as many whole
   * weeks due as what is free covers; they count in the week the resident receives them.
   */
  private handOutAllowance(day: number): void {
    const since = day - this.h.start;
    const week = Math.floor(since / WEEK) - 1;
    if (since > 0 && since % WEEK === 0) this.missedWeeks++;
    if (this.missedWeeks === 0 || this.h.weekly === 0n) return;
    const free = this.free();
    if (free < this.h.weekly) return;
    const affordable = free / this.h.weekly;
    const weeks = affordable < BigInt(this.missedWeeks) ? Number(affordable) : this.missedWeeks;
    const amount = BigInt(weeks) * this.h.weekly;
    this.missedWeeks -= weeks;
    this.weeks[week] += amount;
    this.toResident += amount;
    this.balance -= amount;
  }

  result(): ArmResult {
    return this.book.baselineResult("budget", {
      weeks: this.weeks,
      income: this.income,
      oneOffsPaid: this.oneOffsPaid,
      oneOffsOwed: this.oneOffOwed,
      toResident: this.toResident,
      held: this.balance,
    });
  }
}
