import fs from "fs";
import path from "path";
import { expect } from "chai";
import hre from "hardhat";
import { runScenario, RunResult } from "../../scripts/lib/runner";
import { ScenarioFailure } from "../../scripts/lib/errors";
import type { Report } from "../../scripts/lib/report";
import { family, familyWith, removeTempDirs, tempDir } from "./helpers";

/** The scenario moves the chain's clock a year ahead: leave the shared in-process chain as it was. */
function isolatedChain() {
  let snapshot: string;
  before(async () => {
    snapshot = await hre.network.provider.send("evm_snapshot", []);
  });
  after(async () => {
    await hre.network.provider.send("evm_revert", [snapshot]);
    removeTempDirs();
  });
}

const quiet = () => undefined;

describe("family scenario (in-process Hardhat network)", function () {
  isolatedChain();
  let result: RunResult;
  let report: Report;
  let fromFile: Report;
  const lines: string[] = [];

  before(async () => {
    result = await runScenario(hre, family(), { reportsDir: tempDir("reports"), log: (l) => lines.push(l) });
    report = result.report;
    fromFile = JSON.parse(fs.readFileSync(result.reportPath, "utf8"));
    console.log(`      (full year: ${result.transactions} transactions, ${result.wallSeconds.toFixed(1)} s)`);
  });

  it("runs the full year and passes its own checks", () => {
    expect(report.checks.map((c) => [c.name, c.ok])).to.deep.equal([
      ["rent-on-time-when-money-available", true],
      ["money-conserved", true],
      ["living-money-as-planned", true],
    ]);
    expect(report.months.map((m) => m.month)).to.have.length(13); // the lead-in month and 12 months
    expect(result.transactions).to.be.greaterThan(365);
  });

  it("conserves money, checkable from the JSON file alone", () => {
    const inKinds = ["income", "advance", "transfer-in"];
    let inflow = 0n;
    let outflow = 0n;
    for (const m of fromFile.movements) {
      if (inKinds.includes(m.kind)) inflow += BigInt(m.amount);
      else outflow += BigInt(m.amount);
    }
    const held = BigInt(fromFile.finalBalances.vaultTokenBalance);
    expect(inflow - outflow).to.equal(held);
    expect(inflow).to.equal(BigInt(fromFile.conservation.in.total));
    const v = fromFile.finalBalances.vault;
    const buckets = fromFile.finalBalances.buckets.reduce((s, b) => s + BigInt(b.balance), 0n);
    const parts = ["livingMoney", "buffer", "surplus", "repaymentHeld", "claimable", "unallocated"];
    expect(buckets + parts.reduce((s, k) => s + BigInt(v[k]), 0n)).to.equal(held);
  });

  it("builds every movement from the chain: payees' token balances match the book", () => {
    const to = (role: string, kinds: string[]) =>
      fromFile.movements
        .filter((m) => m.toRole === role && kinds.includes(m.kind))
        .reduce((s, m) => s + BigInt(m.amount), 0n);
    const balances = fromFile.finalBalances.accounts;
    // A fresh token per in-process deployment: these accounts received nothing else.
    expect(BigInt(balances.resident)).to.equal(to("resident", ["living-money"]));
    for (const creditor of ["landlord", "energy", "insurer", "water"]) {
      expect(BigInt(balances[creditor]), creditor).to.equal(to(creditor, ["fixed-cost", "claim"]));
    }
    for (const m of fromFile.movements) {
      expect(m.txHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(m.kind).to.not.equal("other");
      if (m.kind === "fixed-cost" || m.kind === "claim") expect(m.bucket).to.be.a("string");
    }
  });

  it("pays every fixed cost on its due date, rent included, despite the late allowance", () => {
    expect(report.fixedCostPayments.filter((p) => p.status !== "on-time")).to.deep.equal([]);
    const rent = report.fixedCostPayments.filter((p) => p.bucket === "RENT");
    expect(rent).to.have.length(12);
    const march = report.months.find((m) => m.month.endsWith("-03"))!;
    expect(march.income.items.some((i) => i.label?.includes("huurtoeslag") && i.date.endsWith("-03-04"))).to.equal(
      true,
    );
  });

  it("releases the same weekly living money every week of the year", () => {
    expect(report.livingMoneyWeeks).to.have.length(52);
    const weekly = report.livingMoneyWeeks.map((w) => w.amount);
    expect(new Set(weekly).size).to.equal(1);
    expect(report.livingMoneyWeeks.every((w) => w.daysLate === 0)).to.equal(true);
  });

  it("shows the shocks: new energy price, blocklisted creditor, advance repaid", () => {
    expect(report.plan.changes).to.have.length(1);
    const energy = report.fixedCostPayments.filter((p) => p.bucket === "ENERGY");
    expect(energy.filter((p) => p.amount === energy[energy.length - 1].amount).length).to.be.greaterThan(8);
    const deferred = energy.filter((p) => p.deferred);
    expect(deferred).to.have.length(1);
    expect(deferred[0].claimedAt).to.be.a("number");
    expect(report.movements.filter((m) => m.kind === "claim")).to.have.length(1);

    const advanced = report.movements.filter((m) => m.kind === "advance").reduce((s, m) => s + BigInt(m.amount), 0n);
    const repaid = report.movements
      .filter((m) => m.kind === "advance-repayment")
      .reduce((s, m) => s + BigInt(m.amount), 0n);
    expect(advanced).to.be.greaterThan(0n);
    expect(repaid).to.equal(advanced);
    expect(report.finalBalances.vault.advanceOutstanding).to.equal("0");
    const special = report.movements.filter((m) => m.label?.includes("bijzondere bijstand"));
    expect(special).to.have.length(1);
    expect(special[0].source).to.equal("WorkAndIncome");
  });

  it("prints month by month and writes the HTML chart", () => {
    const text = lines.join("\n");
    for (const word of ["income", "fixed costs", "living money", "buffer", "advance", "shortfalls"]) {
      expect(text).to.include(`  ${word}`);
    }
    expect(text).to.match(/ENERGY €189\.00 5 Jul on time, held as claimable/);
    expect(text).to.match(/energy claims €189\.00/);
    const html = fs.readFileSync(result.htmlPath, "utf8");
    expect(html).to.include("<svg").and.include("<polygon").and.include("Living money paid to");
    expect(path.dirname(result.htmlPath)).to.equal(path.dirname(result.reportPath));
  });

  it("keeps names off chain: only the random household id and amounts are sent", async () => {
    const names = ["Sanne", "Noor", "Daan"].map((n) => Buffer.from(n).toString("hex").toLowerCase());
    const hashes = [...new Set(report.movements.map((m) => m.txHash))].slice(0, 40);
    for (const hash of hashes) {
      const tx = await hre.ethers.provider.getTransaction(hash);
      for (const hex of names) expect(tx!.data.toLowerCase()).to.not.include(hex);
    }
  });
});

describe("family scenario: loud failures", function () {
  isolatedChain();

  async function failure(scenario: ReturnType<typeof family>, months: number): Promise<ScenarioFailure> {
    try {
      await runScenario(hre, scenario, { reportsDir: tempDir("fail"), months, log: quiet });
    } catch (error) {
      if (error instanceof ScenarioFailure) return error;
      throw error;
    }
    throw new Error("the scenario should have failed");
  }

  it("reports rent paid late while the money was there (the keeper did not run on the 1st)", async () => {
    const scenario = familyWith((s) => {
      s.events.push({ type: "keeperOutage", date: "2027-04-01", note: "keeper down" });
    });
    const error = await failure(scenario, 4);
    const problem = error.problems.find((p) => p.startsWith("rent-on-time-when-money-available"));
    expect(problem).to.match(/rent for April 20\d\d was paid 1 day\(s\) late although €[\d,.]+ was available/);
    expect(fs.existsSync(error.reportPath!)).to.equal(true);
    const report = JSON.parse(fs.readFileSync(error.reportPath!, "utf8")) as Report;
    expect(report.checks.find((c) => c.name === "money-conserved")!.ok).to.equal(true);
  });

  it("reports living money that differs from the plan", async () => {
    const scenario = familyWith((s) => {
      s.plan.weeklyLivingMoney = "450.00";
    });
    const error = await failure(scenario, 2);
    expect(
      error.problems.some((p) => p.startsWith("living-money-as-planned") && /could not be paid|late/.test(p)),
    ).to.equal(true);
  });
});
