/**
 * The "bank" arm: a plain bank account. Income lands on it; each creditor collects its month by
 * direct debit at 00:05 on the due date, all or nothing; a debit that bounces becomes arrears,
 * which the creditor presents again (everything it is owed, with any collection costs) every
 * retryEveryDays days; the resident pays one-off costs and takes her weekly spending money at 14:00
 * as far as the balance goes. No overdraft, no advances. docs/baseline.md gives the rules and why.
 */
import { DAY, WEEK } from "../rules";
import { COLLECT_AT, CreditorBook, weekCount } from "./creditors";
import type { ArmResult, CreditorRules, HouseholdYear, OneOffCost, Payment } from "./types";

export function runBankAccount(h: HouseholdYear, rules: CreditorRules): ArmResult {
  const run = new BankAccountRun(h, rules);
  for (let day = h.start; day <= h.lastDay; day += DAY) run.runDay(day);
  return run.result();
}

class BankAccountRun {
  private balance = 0n;
  private readonly book: CreditorBook;
  /** Per creditor (index in h.costs): the due-date indices of its bounced months, oldest first. */
  private readonly arrears: number[][];
  /** Per creditor: 00:00 of the day it presents its arrears again; 0 while it has none. */
  private readonly representOn: number[];
  private readonly retryEvery: number;
  /** Due dates before this index have been collected (or bounced). */
  private dueReached = 0;
  private readonly incomes: Payment[];
  private nextIncome = 0;
  private income = 0n;
  private readonly oneOffs: OneOffCost[];
  private nextOneOff = 0;
  private oneOffOwed = 0n;
  private oneOffsPaid = 0n;
  private toResident = 0n;
  private readonly weeks: bigint[];

  constructor(
    private readonly h: HouseholdYear,
    rules: CreditorRules,
  ) {
    this.book = new CreditorBook(h, rules);
    this.arrears = h.costs.map(() => []);
    this.representOn = h.costs.map(() => 0);
    this.retryEvery = rules.retryEveryDays * DAY;
    this.incomes = h.incomes;
    this.oneOffs = [...h.oneOffs].sort((a, b) => a.day - b.day);
    this.weeks = new Array<bigint>(weekCount(h)).fill(0n);
  }

  /** One day: collection costs at 00:00, debits at 00:05, income at 09:00, the resident at 14:00. */
  runDay(day: number): void {
    this.book.addCollectionCostsUntil(day);
    this.collect(day);
    this.receiveIncome(day);
    this.payOneOffs(day);
    this.spendWeekly(day);
  }

  /** Creditors in plan order: each presents its arrears if today is its retry day, then today's month. */
  private collect(day: number): void {
    const from = this.dueReached;
    const dueDates = this.book.dueDates;
    while (this.dueReached < dueDates.length && dueDates[this.dueReached].dueAt <= day) this.dueReached++;
    const t = day + COLLECT_AT;
    for (let c = 0; c < this.arrears.length; c++) {
      if (this.representOn[c] === day) this.represent(c, day, t);
      for (let i = from; i < this.dueReached; i++) if (this.book.creditorOf[i] === c) this.debitMonth(c, i, day, t);
    }
  }

  /** Creditor `c` presents all its arrears and their collection costs as one debit. */
  private represent(c: number, day: number, t: number): void {
    const months = this.arrears[c];
    let owed = 0n;
    for (const i of months) owed += this.book.owed(i);
    if (owed > this.balance) {
      this.representOn[c] = day + this.retryEvery;
      return;
    }
    for (const i of months) this.balance -= this.book.pay(i, t);
    months.length = 0;
    this.representOn[c] = 0;
  }

  /** The direct debit of due date `i` on its due day; a bounce joins creditor `c`'s arrears. */
  private debitMonth(c: number, i: number, day: number, t: number): void {
    const owed = this.book.owed(i);
    if (owed <= this.balance) {
      this.balance -= this.book.pay(i, t);
      return;
    }
    this.arrears[c].push(i);
    if (this.representOn[c] === 0) this.representOn[c] = day + this.retryEvery;
  }

  private receiveIncome(day: number): void {
    for (; this.nextIncome < this.incomes.length && this.incomes[this.nextIncome].day <= day; this.nextIncome++) {
      const amount = this.incomes[this.nextIncome].amount;
      this.balance += amount;
      this.income += amount;
    }
  }

  /** New and still unpaid one-off costs, as far as the balance goes (before the weekly spending). */
  private payOneOffs(day: number): void {
    for (; this.nextOneOff < this.oneOffs.length && this.oneOffs[this.nextOneOff].day <= day; this.nextOneOff++) {
      this.oneOffOwed += this.oneOffs[this.nextOneOff].amount;
    }
    const paid = this.oneOffOwed < this.balance ? this.oneOffOwed : this.balance;
    this.oneOffOwed -= paid;
    this.oneOffsPaid += paid;
    this.balance -= paid;
  }

  /** On week k's day she takes the weekly amount, or all there is when that is less; short weeks stay short. */
  private spendWeekly(day: number): void {
    const since = day - this.h.start;
    if (since === 0 || since % WEEK !== 0) return;
    const k = since / WEEK - 1;
    const taken = this.h.weekly < this.balance ? this.h.weekly : this.balance;
    this.weeks[k] = taken;
    this.balance -= taken;
    this.toResident += taken;
  }

  result(): ArmResult {
    return this.book.baselineResult("bank", {
      weeks: this.weeks,
      income: this.income,
      oneOffsPaid: this.oneOffsPaid,
      oneOffsOwed: this.oneOffOwed,
      toResident: this.toResident,
      held: this.balance,
    });
  }
}
