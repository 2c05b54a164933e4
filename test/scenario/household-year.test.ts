/**
 * The gas measurement of a household-year (scripts/lib/household-year.ts): the family's year for
 * several households at once, with the runner's checks for each, and a figure that adds up.
 */
import { expect } from "chai";
import hre from "hardhat";
import { GAS_KINDS, householdYear, HouseholdYearResult } from "../../scripts/lib/household-year";
import { ScenarioFailure } from "../../scripts/lib/errors";
import { Money } from "../../scripts/lib/money";
import { isoDate, parseDate } from "../../scripts/lib/calendar";
import { buildSchedule } from "../../scripts/lib/schedule";
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
