/**
 * The forecast held against the chain. A forecast is taken on the family scenario's first day (the
 * vault read as of the day's last block), then the scenario runs on the in-process chain with the
 * keeper daily, and every projected day, due date and week is compared with what the chain did.
 */
import fs from "fs";
import path from "path";
import { expect } from "chai";
import hre from "hardhat";
import { isoDate, DAY, Money, ScenarioFailure } from "../../src/core";
import { CATEGORY_NAMES } from "../../src/chain";
import type { Report, Sample } from "../../src/book";
import { runScenario, type Scenario } from "../../src/scenario";
import {
  forecastVault,
  loadIncomeCalendar,
  type DaySample,
  type HouseholdForecast,
  type IncomeCalendar,
} from "../../src/forecast";
import { family, familyWith, removeTempDirs, tempDir } from "../scenario/helpers";

const CALENDAR = path.resolve(__dirname, "../../scenarios/family-income.json");
const money = new Money(6);

/** Runs `scenario` for `months`, then forecasts it as of the end of its first day. */
async function runAndForecast(scenario: Scenario, calendar: IncomeCalendar, months = 3) {
  const report = await runToReport(scenario, months);
  const firstDayEnd = report.samples[0].t;
  const provider = hre.ethers.provider;
  let block = await provider.getBlockNumber();
  while ((await provider.getBlock(block))!.timestamp > firstDayEnd) block--;
  const options = { months, samples: 40, seed: 7, recommend: true };
  const { forecast } = await forecastVault(provider, report.vault, calendar, options, block);
  return { report, forecast };
}

/** The run's report, also when the household fell short (the runner still writes the report then). */
async function runToReport(scenario: Scenario, months: number): Promise<Report> {
  try {
    return (await runScenario(hre, scenario, { reportsDir: tempDir("forecast"), months, log: () => undefined })).report;
  } catch (error) {
    if (!(error instanceof ScenarioFailure) || !error.reportPath) throw error;
    return JSON.parse(fs.readFileSync(error.reportPath, "utf8")) as Report;
  }
}

/** A forecast day in the report's own form (token units as strings, buckets by category). */
function asSample(f: HouseholdForecast, s: DaySample): Omit<Sample, "t" | "tokenBalance"> {
  const codes = f.snapshot.buckets.map((b) => CATEGORY_NAMES[b.category]);
  const byCode = (xs: bigint[]) => Object.fromEntries(xs.map((x, i) => [codes[i], x.toString()]));
  return {
    date: isoDate(s.day),
    buckets: byCode(s.buckets),
    arrears: byCode(s.arrears),
    livingMoney: s.livingMoney.toString(),
    buffer: s.buffer.toString(),
    savings: s.savings.toString(),
    repaymentHeld: s.repaymentHeld.toString(),
    advanceOutstanding: s.advanceOutstanding.toString(),
    claimable: s.claimable.toString(),
    unallocated: s.unallocated.toString(),
  };
}

function chainSample(s: Sample): Omit<Sample, "t" | "tokenBalance"> {
  const { t: _t, tokenBalance: _b, ...rest } = s;
  void _t;
  void _b;
  return rest;
}

/** The plan in force (amounts in token units): the forecast assumes the plan it read stays. */
function forecastPlan(f: HouseholdForecast) {
  const s = f.snapshot;
  return {
    buckets: s.buckets.map((b) => `${CATEGORY_NAMES[b.category]}:${b.dueDay}:${b.amountPerMonth}`),
    weekly: s.weeklyLivingMoney.toString(),
    bufferTarget: s.bufferTarget.toString(),
  };
}

function chainPlan(report: Report, date: string) {
  const changes = report.plan.changes.filter((c) => c.from.slice(0, 10) <= date);
  const plan = changes.length > 0 ? changes[changes.length - 1].plan : report.plan.initial;
  return {
    buckets: plan.buckets.map((b) => `${b.code}:${b.dueDay}:${money.units(b.amount)}`),
    weekly: money.units(plan.weeklyLivingMoney).toString(),
    bufferTarget: money.units(plan.bufferTarget).toString(),
  };
}

/** The days both cover, forecast and chain side by side: the vault's accounts and its plan in force. */
function pairedDays(f: HouseholdForecast, report: Report) {
  const chain = new Map(report.samples.map((s) => [s.date, s]));
  return f.projection.samples
    .filter((s) => chain.has(isoDate(s.day)))
    .map((s) => {
      const date = isoDate(s.day);
      return {
        date,
        forecast: { ...asSample(f, s), plan: forecastPlan(f) },
        chain: { ...chainSample(chain.get(date)!), plan: chainPlan(report, date) },
      };
    });
}

const STATUS = { paid: "on-time", late: "late", short: "missed" } as const;

function forecastPayments(f: HouseholdForecast) {
  return f.projection.dueDates
    .map((d) => ({
      bucket: CATEGORY_NAMES[d.category],
      month: d.month,
      dueAt: d.dueAt,
      amount: d.amount.toString(),
      status: STATUS[d.status],
      paidOn: d.paidAt === undefined ? undefined : isoDate(d.paidAt),
    }))
    .sort((a, b) => a.dueAt - b.dueAt || a.bucket.localeCompare(b.bucket));
}

function chainPayments(report: Report, through: number) {
  return report.fixedCostPayments
    .filter((p) => p.dueAt <= through + DAY - 1 && p.dueAt >= report.samples[0].t)
    .map((p) => ({
      bucket: p.bucket,
      month: p.monthIndex,
      dueAt: p.dueAt,
      amount: (p.status === "missed" ? p.owed! : p.amount).toString(),
      status: p.status,
      paidOn: p.paidAt === undefined ? undefined : isoDate(p.paidAt),
    }))
    .sort((a, b) => a.dueAt - b.dueAt || a.bucket.localeCompare(b.bucket));
}

describe("forecast against the chain", function () {
  this.timeout(600_000);
  after(removeTempDirs);

  it("with income as the calendar says, every projected day, due date and week matches the chain", async function () {
    const { report, forecast } = await runAndForecast({ ...family(), events: [] }, loadIncomeCalendar(CALENDAR));
    const days = pairedDays(forecast, report);
    expect(days.length).to.be.greaterThan(85);
    for (const d of days) expect(d.forecast, d.date).to.deep.equal(d.chain);

    const payments = forecastPayments(forecast);
    expect(payments).to.have.length(12);
    expect(payments).to.deep.equal(chainPayments(report, forecast.lastDay));

    const weeks = forecast.projection.weeks.map((w) => ({
      week: w.week + 1,
      releasedOn: isoDate(w.paidAt!),
      amount: w.amount.toString(),
    }));
    const chainWeeks = report.livingMoneyWeeks
      .filter((w) => w.releasedAt <= forecast.lastDay + DAY)
      .map((w) => ({ week: w.week, releasedOn: isoDate(w.releasedAt), amount: w.amount }));
    expect(weeks).to.have.length(12);
    expect(weeks).to.deep.equal(chainWeeks);
    expect(forecast.projection.firstFailure).to.equal(undefined);
  });

  it("with the scenario's shocks, forecast and chain first part on the day of the first shock", async function () {
    const scenario = family();
    const { report, forecast } = await runAndForecast(scenario, loadIncomeCalendar(CALENDAR));
    const firstShock = firstMoneyShock(scenario, report);
    const days = pairedDays(forecast, report);
    const firstDiff = days.find((d) => JSON.stringify(d.forecast) !== JSON.stringify(d.chain));
    expect(firstDiff, "the shocks change the vault within the forecast").to.not.equal(undefined);
    expect(firstDiff!.date).to.equal(firstShock);
    for (const d of days.filter((x) => x.date < firstShock)) expect(d.forecast, d.date).to.deep.equal(d.chain);
  });

  it("a shortfall the forecast sees happens on chain on that day and for that amount; the recommended buffer prevents it", async function () {
    // Without the child budget the household's monthly income falls short of its costs; a
    // back-payment of allowances in January would carry the gap until April, but Sanne takes out all
    // her savings each month after payday and the plan keeps no buffer: by March it is gone.
    const full = loadIncomeCalendar(CALENDAR);
    const calendar: IncomeCalendar = {
      payments: [
        ...full.payments.filter((p) => p.id !== "kindgebonden-budget"),
        {
          id: "nabetaling",
          payer: "toeslagen",
          amount: "2000.00",
          schedule: { yearly: { month: 1, day: 12 } },
          uncertainty: { lateDays: 0 },
        },
      ],
      withdrawals: [{ amount: "all", schedule: { monthly: 26 } }],
    };
    const tight = (bufferTarget: string) =>
      familyWith((raw) => {
        raw.income = raw.income.filter((i) => i.id !== "kindgebonden-budget");
        raw.plan.bufferTarget = bufferTarget;
        raw.events = [
          {
            type: "oneOffIncome",
            date: "2027-01-12",
            payer: "toeslagen",
            id: "nabetaling",
            label: "back-payment of allowances",
            amount: "2000.00",
            note: "Toeslagen pays last year's allowances it owed",
          },
          ...monthlyWithdrawals(raw.start, 4),
        ] as never;
      });
    const { report, forecast } = await runAndForecast(tight("0.00"), calendar);
    const failure = forecast.projection.firstFailure;
    expect(failure, "the forecast sees a shortfall").to.not.equal(undefined);
    const onChain = firstChainShortfall(report);
    expect(onChain).to.deep.equal({
      date: isoDate(failure!.at),
      kind: failure!.kind,
      missing: failure!.missing.toString(),
    });

    const target = forecast.recommendations!.bufferTarget.target;
    expect(target !== undefined, "a buffer target keeps every payment on time").to.equal(true);
    const fixed = await runAndForecast(tight(money.exact(target!)), calendar);
    expect(fixed.forecast.projection.firstFailure).to.equal(undefined);
    expect(firstChainShortfall(fixed.report, fixed.forecast.lastDay)).to.equal(undefined);
  });
});

/** The withdrawal events of the calendar's "all savings on the 26th" for `months` months. */
function monthlyWithdrawals(start: string, months: number) {
  const [y, m] = start.split("-").map(Number);
  return Array.from({ length: months }, (_, i) => ({
    type: "withdrawSavings",
    date: new Date(Date.UTC(y, m - 1 + i, 26)).toISOString().slice(0, 10),
    amount: "all",
    note: "Sanne takes out her savings",
  }));
}

/**
 * The first day a shock changes the vault: an accepted plan, a payment that comes late (on the day
 * it should have come) or changed, income out of the calendar, a withdrawal, an outage...
 * A proposal alone changes nothing.
 */
function firstMoneyShock(scenario: Scenario, report: Report): string {
  // The run moves every date whole years later when the chain's clock is past the scenario's start.
  const shift = report.scenario.yearsShifted;
  const payday = (income: string, month: string) => {
    const inc = scenario.income.find((i) => i.id === income)!;
    const [y, m] = month.split("-").map(Number);
    return isoDate(previousWorkday(Date.UTC(y + shift, m - 1, inc.day) / 1000));
  };
  const days: string[] = [];
  for (const e of scenario.events) {
    if (e.type === "proposePlan") continue;
    if (e.type === "delayIncome") days.push(payday(e.income, e.month));
    else if (e.type === "changeIncome") days.push(payday(e.income, e.from));
    else if ("date" in e) days.push(`${Number(e.date.slice(0, 4)) + shift}${e.date.slice(4)}`);
  }
  const within = days.filter((d) => d >= report.samples[0].date).sort();
  return within[0];
}

function previousWorkday(t: number): number {
  const weekday = new Date(t * 1000).getUTCDay();
  return weekday === 6 ? t - DAY : weekday === 0 ? t - 2 * DAY : t;
}

/** The chain's first missed due date or short week (from the report's book). */
function firstChainShortfall(report: Report, through = Infinity) {
  const missed = report.shortfalls
    .filter((s) => s.kind === "PaymentMissed" || s.kind === "LivingMoneyShort")
    .filter((s) => s.timestamp <= through + DAY);
  if (missed.length === 0) return undefined;
  const first = missed[0];
  const date = isoDate(first.timestamp);
  if (first.kind === "PaymentMissed") return { date, kind: "payment-short", missing: first.amount! };
  // LivingMoneyShort names no amount: what was missing is a week less what was left that day.
  const day = report.samples.find((s) => s.date === date)!;
  const left = BigInt(day.livingMoney) + BigInt(day.savings) + BigInt(day.buffer);
  const weekly = money.units(report.plan.initial.weeklyLivingMoney);
  return { date, kind: "week-short", missing: (weekly - left).toString() };
}
