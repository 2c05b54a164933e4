/**
 * The gas measurement of a household-year (src/scenario/household-year.ts): the family's year for
 * several households at once, with the runner's checks for each, and a figure that adds up.
 */
import { expect } from "chai";
import hre from "hardhat";
import { endStateDifferences, GAS_KINDS, householdYear, HouseholdYearResult } from "../../src/scenario";
import { ScenarioFailure, UserError } from "../../src/core";
import { Money } from "../../src/core";
import { isoDate, parseDate } from "../../src/core";
import { buildSchedule } from "../../src/scenario";
import { family, familyWith } from "./helpers";

/** The run moves the chain's clock a year ahead: leave the shared in-process chain as it was. */
function isolatedChain() {
  let snapshot: string;
  before(async () => {
    snapshot = await hre.network.provider.send("evm_snapshot", []);
  });
  after(async () => {
    await hre.network.provider.send("evm_revert", [snapshot]);
  });
}

describe("gas per household-year", function () {
  isolatedChain();
  const N = 3;
  const B = 2;
  let r: HouseholdYearResult;

  before(async () => {
    r = await householdYear({ hre, households: N, batchSize: B });
  });

  it("runs the family's year for every household and passes the runner's checks for each", () => {
    expect(r.checks).to.deep.equal(
      [
        "rent-on-time-when-money-available",
        "money-conserved",
        "living-money-as-planned",
        "keeper-calls-never-failed",
        "households-identical",
      ].map((name) => ({ name, households: N })),
    );
    expect([r.households, r.batchSize, r.scenario, r.months]).to.deep.equal([N, B, "family", 12]);
  });

  it("adds up: the total is the sum of its kinds, and the household figure is the total over N", () => {
    const sum = GAS_KINDS.reduce((s, k) => s + r.byKind[k].gas, 0);
    expect(r.gasTotal).to.equal(sum);
    expect(r.gasPerHousehold).to.equal(sum / N);
    expect(r.transactions).to.equal(GAS_KINDS.reduce((s, k) => s + r.byKind[k].transactions, 0));
    for (const k of GAS_KINDS) {
      expect(r.byKind[k].gasPerHousehold, k).to.equal(r.byKind[k].gas / N);
      // Every kind happens in the family's year, and each transaction costs at least its 21,000 base.
      expect(r.byKind[k].gas, k).to.be.greaterThan(21_000 * r.byKind[k].transactions);
    }
    expect(r.baselineGasPerHousehold).to.equal(r.baselineTransfers.reduce((s, b) => s + b.gasPerHousehold, 0));
    expect(r.ratio).to.equal(r.gasPerHousehold / r.baselineGasPerHousehold);
  });

  it("counts one transaction per household for each scheduled action, and the keeper's batches each day", () => {
    // The same schedule the run followed: the family's dates in the year the run started.
    const schedule = buildSchedule(family(), parseDate(r.from) - 2 * 3600, new Money(6));
    expect(isoDate(schedule.startDay)).to.equal(r.from);
    const actions = schedule.days.flatMap((d) => d.actions);
    const count = (phase: string) => actions.filter((a) => a.phase === phase).length;
    expect(r.byKind.deposits.transactions).to.equal(N * count("income"));
    expect(r.byKind.plan.transactions).to.equal(N * count("plan"));
    expect(r.byKind.claims.transactions).to.equal(N * count("claim"));
    expect(r.byKind.resident.transactions).to.equal(N * count("resident"));
    expect(r.byKind.advance.transactions).to.equal(N * count("advance"));
    expect(r.byKind.approvals.transactions).to.equal(N * 4); // SVB, Toeslagen, W&I and the treasury
    expect(r.byKind.opening.transactions).to.equal(N);
    const keeperDays = schedule.days.filter((d) => d.keeperAt !== undefined).length;
    expect(r.byKind.keeper.transactions).to.equal(keeperDays * Math.ceil(N / B) + r.keeper.batchesStopped);
    // The daily keeper (the default): every vault every day it runs, no view read.
    expect(r.keeper).to.include({ mode: "daily", daysRun: keeperDays, daysCalled: keeperDays, viewReads: 0 });
    expect(r.keeper.vaultCalls).to.equal(N * keeperDays);
    expect(r.keeper.gasPerVaultDay).to.equal(r.byKind.keeper.gas / (N * keeperDays));
    expect(r.notCounted.vaultCreation.transactions).to.equal(N);
    expect(r.notCounted.issuer.transactions).to.equal(count("token"));
  });

  it("prices the same money movements as plain transfers, each measured from a receipt", () => {
    const perHousehold = Object.fromEntries(r.baselineTransfers.map((b) => [b.kind, b.perHousehold]));
    const plan = family().plan;
    expect(perHousehold).to.deep.equal({
      income: r.byKind.deposits.transactions / N, // one per deposit the payers made
      creditor: plan.buckets.length * 12, // every bucket, every month (the July energy payment via its claim)
      "living-money": 52,
      "savings-withdrawal": 1,
      advance: 1,
      "advance-repayment": 1,
    });
    for (const b of r.baselineTransfers) {
      // A token transfer between two funded accounts: more than the base, far less than a fresh slot's 20,000 more.
      expect(b.gasPerTransfer, b.kind).to.be.within(21_000 + 5_000, 21_000 + 40_000);
      expect(b.gasPerHousehold, b.kind).to.equal(b.perHousehold * b.gasPerTransfer);
    }
  });
});

/**
 * A keeper that reads nextKeeperCallAt() of every vault each day and sends only the vaults whose
 * time has come must end the year exactly where the daily keeper ends, with fewer calls.
 */
describe("gas per household-year: a keeper that calls only when nextKeeperCallAt() says so", function () {
  isolatedChain();
  const N = 2;
  const B = 1; // one vault per call: a day with work sends one transaction per household
  let daily: HouseholdYearResult;
  let whenDue: HouseholdYearResult;

  before(async () => {
    daily = await householdYear({ hre, households: N, batchSize: B, keeper: "daily" });
    whenDue = await householdYear({ hre, households: N, batchSize: B, keeper: "whenDue" });
  });

  it("passes the runner's checks for every household, as the daily run does", () => {
    expect(whenDue.keeper.mode).to.equal("whenDue");
    expect(daily.keeper.mode).to.equal("daily");
    expect(whenDue.checks).to.deep.equal(daily.checks);
    expect(whenDue.checks.map((c) => c.name)).to.include.members([
      "rent-on-time-when-money-available",
      "money-conserved",
      "living-money-as-planned",
      "keeper-calls-never-failed",
      "households-identical",
    ]);
    expect(whenDue.checks.every((c) => c.households === N)).to.equal(true);
  });

  it("ends every household in exactly the daily run's state: buckets, accounts, living money, balances", () => {
    expect(endStateDifferences(whenDue.endState, daily.endState)).to.deep.equal([]);
    expect(whenDue.endState).to.deep.equal(daily.endState);
    // The state compared is the year's real work, not an empty one.
    const scenario = family();
    const money = new Money(6);
    const planned = (code: string) => money.units(scenario.plan.buckets.find((b) => b.code === code)!.amount);
    expect(whenDue.endState.shared.landlord).to.equal((BigInt(N) * 12n * planned("RENT")).toString());
    expect(whenDue.endState.shared.insurer).to.equal((BigInt(N) * 12n * planned("INSURANCE")).toString());
    const withdrawn = scenario.events
      .filter((e) => e.type === "withdrawSavings")
      .reduce((s, e) => s + money.units((e as { amount: string }).amount), 0n);
    for (const h of whenDue.endState.households) {
      expect(h.livingMoney.weeksReleased).to.equal(52);
      expect(h.buckets.map((b) => b.paidThroughMonth)).to.deep.equal([12, 12, 12, 12]); // December's paid
      // Her 52 weeks and the savings she took out, less the opening balance she moved in.
      expect(h.resident).to.equal(
        (
          52n * money.units(scenario.plan.weeklyLivingMoney) +
          withdrawn -
          money.units(scenario.openingBalance.amount)
        ).toString(),
      );
    }
  });

  it("calls only on the days with work, over the vaults with work, and reads the view of every vault each day", () => {
    const k = whenDue.keeper;
    expect(k.daysRun).to.equal(daily.keeper.daysRun);
    expect(k.viewReads).to.equal(N * k.daysRun);
    // Identical households have work on the same days: both vaults each such day, one call each.
    expect(k.vaultCalls).to.equal(N * k.daysCalled);
    expect(k.calls).to.equal(Math.ceil(N / B) * k.daysCalled + k.batchesStopped);
    expect(whenDue.byKind.keeper.transactions).to.equal(k.calls);
    // At least each week of living money's own day; far fewer than every day.
    expect(k.daysCalled).to.be.at.least(52);
    expect(k.daysCalled).to.be.lessThan(k.daysRun / 2);
    expect(daily.keeper.calls).to.equal(N * daily.keeper.daysRun);
  });

  it("changes only the keeper's gas: every other kind costs the same, to the gas, and the baseline too", () => {
    for (const kind of GAS_KINDS.filter((k) => k !== "keeper")) {
      expect(whenDue.byKind[kind], kind).to.deep.equal(daily.byKind[kind]);
    }
    expect(whenDue.baselineTransfers).to.deep.equal(daily.baselineTransfers);
    // The skipped calls did nothing but cost at least their 21,000 base each.
    const skipped = daily.keeper.calls - whenDue.keeper.calls;
    expect(daily.byKind.keeper.gas - whenDue.byKind.keeper.gas).to.be.greaterThan(21_000 * skipped);
    expect(whenDue.gasTotal).to.equal(daily.gasTotal - (daily.byKind.keeper.gas - whenDue.byKind.keeper.gas));
  });

  it("endStateDifferences names each field that differs", () => {
    const changed = structuredClone(daily.endState);
    changed.households[1].buckets[0].arrears = "1";
    changed.shared.water = "0";
    expect(endStateDifferences(changed, daily.endState)).to.deep.equal([
      `endState.households.1.buckets.0.arrears: "1" against "${daily.endState.households[1].buckets[0].arrears}"`,
      `endState.shared.water: "0" against "${daily.endState.shared.water}"`,
    ]);
    expect(endStateDifferences({ ...daily.endState, households: [] }, daily.endState)).to.deep.equal([
      `households: 0 against ${N}`,
    ]);
  });

  it("refuses a keeper it does not know", async () => {
    let error: unknown;
    try {
      await householdYear({ hre, households: 1, batchSize: 1, keeper: "weekly" as "daily" });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(UserError);
    expect((error as Error).message).to.equal('keeper must be one of "daily", "whenDue", got "weekly"');
  });
});

describe("gas per household-year: a year that goes wrong gives no figure", function () {
  isolatedChain();

  it("throws, naming every household, when rent was late while the money was there", async () => {
    const scenario = familyWith((s) => {
      s.events.push({ type: "keeperOutage", date: "2027-04-01", note: "keeper down" });
    });
    let error: unknown;
    try {
      await householdYear({ hre, households: 2, batchSize: 2, scenario, months: 4 });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ScenarioFailure);
    const problems = (error as ScenarioFailure).problems;
    expect(problems).to.have.length(2);
    problems.forEach((p, i) =>
      expect(p).to.match(
        new RegExp(
          `^household ${i} \\(vault 0x[0-9a-fA-F]{40}\\): rent-on-time-when-money-available: rent for April 20\\d\\d was paid 1 day\\(s\\) late`,
        ),
      ),
    );
  });
});
