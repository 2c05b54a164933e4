import fs from "fs";
import path from "path";
import { expect } from "chai";
import hre from "hardhat";
import { runScenario, RunResult } from "../../src/scenario";
import { ScenarioFailure } from "../../src/core";
import { livingMoneyCheck, Report } from "../../src/book";
import { emptyLedger, type Ledger, type Movement } from "../../src/chain";
import { Money } from "../../src/core";
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

/**
 * Runs a scenario and returns its report even when its checks fail (the failure is kept, so the
 * first test can show it while the others still examine the year).
 */
async function runKeepingReport(
  scenario: ReturnType<typeof family>,
  lines: string[],
): Promise<{ result: Pick<RunResult, "reportPath" | "htmlPath">; report: Report; failure?: ScenarioFailure }> {
  try {
    const result = await runScenario(hre, scenario, { reportsDir: tempDir("reports"), log: (l) => lines.push(l) });
    return { result, report: result.report };
  } catch (error) {
    if (!(error instanceof ScenarioFailure) || !error.reportPath) throw error;
    const report = JSON.parse(fs.readFileSync(error.reportPath, "utf8")) as Report;
    return {
      result: { reportPath: error.reportPath, htmlPath: error.reportPath.replace(/\.json$/, ".html") },
      report,
      failure: error,
    };
  }
}

describe("family scenario (in-process Hardhat network)", function () {
  isolatedChain();
  let result: Pick<RunResult, "reportPath" | "htmlPath">;
  let report: Report;
  let fromFile: Report;
  let failure: ScenarioFailure | undefined;
  const lines: string[] = [];

  before(async () => {
    ({ result, report, failure } = await runKeepingReport(family(), lines));
    fromFile = JSON.parse(fs.readFileSync(result.reportPath, "utf8"));
    const { transactions, wallSeconds } = report.stats;
    console.log(`      (full year: ${transactions} transactions, ${wallSeconds.toFixed(1)} s)`);
  });

  it("runs the full year and passes its own checks", () => {
    expect(failure?.problems ?? [], "the scenario's failed checks").to.deep.equal([]);
    expect(report.checks.map((c) => [c.name, c.ok])).to.deep.equal([
      ["rent-on-time-when-money-available", true],
      ["money-conserved", true],
      ["living-money-as-planned", true],
    ]);
    expect(report.months.map((m) => m.month)).to.have.length(13); // the lead-in month and 12 months
    expect(report.stats.transactions).to.be.greaterThan(365);
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
    const parts = ["livingMoney", "buffer", "savings", "repaymentHeld", "claimable", "unallocated"];
    expect(buckets + parts.reduce((s, k) => s + BigInt(v[k]), 0n)).to.equal(held);
    // income = fixed costs + living money + savings withdrawn + advance repaid + still held
    const out = fromFile.conservation.out;
    expect(BigInt(out.other)).to.equal(0n);
    expect(BigInt(out["savings-withdrawal"])).to.be.greaterThan(0n);
    expect(
      BigInt(out["fixed-cost"]) +
        BigInt(out.claim) +
        BigInt(out["living-money"]) +
        BigInt(out["savings-withdrawal"]) +
        BigInt(out["advance-repayment"]) +
        held,
    ).to.equal(inflow);
  });

  it("keeps the vault's accounts equal to its token balance at the end of every day", () => {
    for (const d of fromFile.samples) {
      const inBuckets = Object.values(d.buckets).reduce((s, x) => s + BigInt(x), 0n);
      const parts = [d.livingMoney, d.buffer, d.savings, d.repaymentHeld, d.claimable, d.unallocated];
      expect(inBuckets + parts.reduce((s, x) => s + BigInt(x), 0n), d.date).to.equal(BigInt(d.tokenBalance));
    }
  });

  it("builds every movement from the chain: payees' token balances match the book", () => {
    const to = (role: string, kinds: string[]) =>
      fromFile.movements
        .filter((m) => m.toRole === role && kinds.includes(m.kind))
        .reduce((s, m) => s + BigInt(m.amount), 0n);
    const balances = fromFile.finalBalances.accounts;
    // A fresh token per in-process deployment: these accounts received nothing else.
    expect(BigInt(balances.resident)).to.equal(to("resident", ["living-money", "savings-withdrawal"]));
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

  it("releases the same weekly living money every week of the year, never a lump", () => {
    expect(report.livingMoneyWeeks).to.have.length(52);
    const weekly = report.livingMoneyWeeks.map((w) => w.amount);
    expect([...new Set(weekly)]).to.deep.equal(["260000000"]);
    expect(report.livingMoneyWeeks.every((w) => w.daysLate === 0)).to.equal(true);
    // Every transfer to the resident is whole weeks at €260, or the savings she withdrew herself.
    for (const m of report.movements.filter((x) => x.toRole === "resident")) {
      if (m.kind === "living-money") expect(BigInt(m.amount)).to.equal(BigInt(m.weeks!) * 260_000_000n);
      else expect([m.kind, m.sentBy, m.amount]).to.deep.equal(["savings-withdrawal", "resident", "450000000"]);
    }
  });

  it("keeps the special assistance as savings until Sanne withdraws it herself", () => {
    const june = report.months.find((m) => m.month.endsWith("-06"))!;
    expect(june.savings.withdrawn).to.equal("450000000");
    const withdrawal = report.movements.filter((m) => m.kind === "savings-withdrawal");
    expect(withdrawal.map((m) => [m.time.slice(5, 10), m.sentBy, m.amount])).to.deep.equal([
      ["06-16", "resident", "450000000"],
    ]);
    expect(lines.join("\n")).to.match(/Sanne withdraws €450\.00 of savings/);
  });

  it("lets savings cover the weeks of the late assistance before the buffer", () => {
    const september = report.months.find((m) => m.month.endsWith("-09"))!;
    expect(BigInt(september.savings.used)).to.be.greaterThan(0n);
    expect(september.bufferDrawn).to.equal("0");
    expect(report.shortfalls.filter((s) => s.kind === "LivingMoneyShort")).to.deep.equal([]);
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

  it("tags each deposit by its payer and splits it at the keeper's next daily call", () => {
    const items = report.months.flatMap((m) => m.income.items);
    const opening = items.filter((i) => i.source === "Untagged");
    const deposits = items.filter((i) => i.source !== "Untagged" && i.source !== "MunicipalAdvance");
    // The opening balance is a plain transfer (00:02), split by the keeper's first call (00:05).
    expect(opening.map((i) => [i.date, i.splitOn])).to.deep.equal([
      [report.scenario.start.slice(0, 10), report.scenario.start.slice(0, 10)],
    ]);
    expect([...new Set(deposits.map((i) => i.source))].sort()).to.deep.equal(["SVB", "Toeslagen", "WorkAndIncome"]);
    const DAY_MS = 86_400_000;
    for (const i of deposits) {
      // Paid at 09:00, it waits until the keeper runs at 00:05 the next day.
      expect(i.splitOn, `${i.date} ${i.label}`).to.equal(
        new Date(Date.parse(i.date) + DAY_MS).toISOString().slice(0, 10),
      );
    }
    // Every split in the year was the keeper's, and the splits took exactly what came in, by source.
    const splitBySource: Record<string, bigint> = {};
    for (const m of report.months) {
      expect(Object.keys(m.split.callsBy), m.month).to.satisfy((k: string[]) => k.every((r) => r === "keeper"));
      for (const [k, v] of Object.entries(m.split.bySource)) splitBySource[k] = (splitBySource[k] ?? 0n) + BigInt(v);
    }
    const inBySource: Record<string, bigint> = {};
    for (const i of [...opening, ...deposits]) inBySource[i.source] = (inBySource[i.source] ?? 0n) + BigInt(i.amount);
    expect(report.finalBalances.vault.unallocated).to.equal("0");
    expect(splitBySource).to.deep.equal(inBySource);
    // The days it waited show in the daily samples as income not yet split.
    const waitingDays = report.samples.filter((d) => d.unallocated !== "0").map((d) => d.date);
    expect(waitingDays).to.deep.equal([...new Set(deposits.map((i) => i.date))]);
  });

  it("prints month by month and writes the HTML chart", () => {
    const text = lines.join("\n");
    for (const word of ["income", "split", "fixed costs", "living money", "buffer", "advance", "shortfalls"]) {
      expect(text).to.include(`  ${word}`);
    }
    expect(text).to.match(/ENERGY €189\.00 5 Jul on time, held as claimable/);
    expect(text).to.match(/energy claims €189\.00/);
    const html = fs.readFileSync(result.htmlPath, "utf8");
    expect(html).to.include("<svg").and.include("<polygon").and.include("Living money paid to");
    expect(html).to.include("<title>income waiting for the keeper</title>");
    expect(text).to.match(/ {2}split {9}€[\d,.]+ +in \d+ keeper calls?/);
    expect(path.dirname(result.htmlPath)).to.equal(path.dirname(result.reportPath));
    expect(text).to.match(/ {2}savings {7}€[\d,.]+ at month end/);
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

describe("family scenario: the buffer when the savings are gone", function () {
  isolatedChain();

  it("carries the late assistance alone when Sanne has withdrawn all her savings just before", async () => {
    const scenario = familyWith((s) => {
      s.events.push({
        type: "withdrawSavings",
        date: "2027-09-20",
        amount: "all",
        note: "Sanne spends all her savings on the children's school year",
      });
    });
    const { report, failure } = await runKeepingReport(scenario, []);
    expect(failure?.problems ?? [], "the scenario's failed checks").to.deep.equal([]);
    const withdrawn = report.movements.filter((m) => m.kind === "savings-withdrawal");
    expect(withdrawn.map((m) => m.time.slice(5, 10))).to.deep.equal(["06-16", "09-20"]);
    // From then on the buffer, not the savings, pays the weeks until the late assistance arrives.
    const drawn = ["-09", "-10"].map((k) => BigInt(report.months.find((m) => m.month.endsWith(k))!.bufferDrawn));
    expect(drawn[0] + drawn[1]).to.be.greaterThan(0n);
    // Once full, the buffer never runs dry (the opening months fill it from zero).
    const full = report.samples.findIndex((d) => d.buffer === "800000000");
    expect(full).to.be.greaterThan(0);
    const lowest = report.samples
      .slice(full)
      .reduce((min, d) => (BigInt(d.buffer) < min ? BigInt(d.buffer) : min), 800_000_000n);
    expect(lowest, "the buffer never runs dry").to.be.greaterThan(0n);
    expect(report.livingMoneyWeeks).to.have.length(52);
  });
});

describe("the living-money check", function () {
  const money = new Money(6);
  const start = Date.UTC(2027, 0, 4) / 1000; // a Monday
  const WEEK = 7 * 86_400;
  const plan = { buckets: [], weeklyLivingMoney: "260.00", bufferTarget: "0.00" };

  /** Two weeks released on their day, as the chain would record them, plus `extra` movements. */
  function ledgerWith(extra: Partial<Movement>[], releasedAmount = 260_000_000n): Ledger {
    const weeks = [1, 2].map((week) => ({
      week,
      dueAt: start + week * WEEK,
      releasedAt: start + week * WEEK + 300,
      amount: "260000000",
      daysLate: 0,
    }));
    const movement = (t: number, m: Partial<Movement>): Movement => ({
      timestamp: t,
      time: new Date(t * 1000).toISOString(),
      block: 1,
      txHash: "0x" + "0".repeat(64),
      logIndex: 0,
      from: "vault",
      to: "resident",
      fromRole: "vault",
      toRole: "resident",
      amount: "260000000",
      kind: "living-money",
      weeks: 1,
      sentBy: "keeper",
      ...m,
    });
    return {
      ...emptyLedger(),
      movements: [
        ...weeks.map((w) => movement(w.releasedAt, { amount: releasedAmount.toString() })),
        ...extra.map((m) => movement(start + 2 * WEEK + 3600, m)),
      ],
      weeks,
      releases: weeks.map((w) => ({ timestamp: w.releasedAt, weeks: 1, amount: 260_000_000n })),
    };
  }
  const check = (ledger: Ledger) =>
    livingMoneyCheck(ledger, [{ from: start, plan }], start, start + 2 * WEEK + 300, money);

  it("passes whole weeks at the weekly amount and the resident's own withdrawal", () => {
    const c = check(ledgerWith([{ kind: "savings-withdrawal", amount: "100000000", sentBy: "resident" }]));
    expect(c.ok, c.detail).to.equal(true);
    expect(c.detail).to.include("€100.00 of savings they withdrew themselves");
  });

  it("fails on a lump: a release transfer larger than its weeks", () => {
    const c = check(ledgerWith([], 365_000_000n));
    expect(c.ok).to.equal(false);
    expect(c.detail).to.match(/received €365\.00 with a release of 1 week\(s\) \(a lump\)/);
  });

  it("fails on savings paid out by anyone but the resident, and on any other transfer to the resident", () => {
    const c = check(
      ledgerWith([
        { kind: "savings-withdrawal", amount: "50000000", sentBy: "keeper" },
        { kind: "other", amount: "70000000" },
      ]),
    );
    expect(c.ok).to.equal(false);
    expect(c.detail).to.include("€50.00 of savings left in a transaction sent by keeper");
    expect(c.detail).to.include("received €70.00 as other, not as weekly living money (a lump)");
  });
});
