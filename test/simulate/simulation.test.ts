/**
 * A population run end to end in the model: the same seed gives the same figures however the work
 * is split; the same households 28 years on or in 18-decimal units end the same; every arm
 * accounts for every unit; a population whose income always comes after its due dates falls behind
 * in a bank account and not in the vault; a sample replays on the EVM without a mismatch.
 */
import path from "path";
import { expect } from "chai";
import hre from "hardhat";
import {
  checkFlows,
  DEFAULT_POPULATION_FILE,
  generateHousehold,
  loadPopulation,
  replaySample,
  runArms,
  runSimulation,
  runVaultArm,
  simulateHousehold,
  vaultOptions,
  type ArmResult,
  type HouseholdFigures,
  type RunSettings,
  type SimulationOptions,
  type VaultArmRun,
} from "../../src/simulate";
import { SIM_ACCOUNTS } from "../../src/simulate/vault-world";

const LATE_INCOME = path.join(__dirname, "fixtures", "late-income.json");
const SETTINGS: RunSettings = { seed: 7, year: 2026, decimals: 6, advanceCapEuros: 1500n };
const RUN: SimulationOptions = {
  households: 24,
  seed: 7,
  year: 2026,
  populationFile: DEFAULT_POPULATION_FILE,
  chainSample: 0,
  workers: 0,
  decimals: 6,
  advanceCapEuros: 1500n,
};

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe("simulate: a population run", function () {
  this.timeout(120_000);

  it("gives the same figures for the same seed, in this thread or in two workers; another seed differs", async function () {
    const here = await runSimulation(RUN, undefined);
    const workers = await runSimulation({ ...RUN, workers: 2 }, undefined);
    expect(workers.figures).to.deep.equal(here.figures);
    expect(workers.report.arms).to.deep.equal(here.report.arms);
    expect(workers.report.population).to.deep.equal(here.report.population);
    const other = await runSimulation({ ...RUN, seed: 8 }, undefined);
    expect(other.figures).to.not.deep.equal(here.figures);
  });

  it("ends the same for the same households 28 years later and in 18-decimal units (metamorphic)", function () {
    const pop = loadPopulation(DEFAULT_POPULATION_FILE);
    for (let i = 0; i < 12; i++) {
      const base = simulateHousehold(pop, SETTINGS, i);
      // The calendar repeats every 28 years: same weekdays, same leap days, so the same days late.
      expect(simulateHousehold(pop, { ...SETTINGS, year: 2054 }, i), `household ${i}, 2054`).to.deep.equal(base);
      // Every rule is linear in the amounts: 10^12 times the units, the same euros.
      expect(simulateHousehold(pop, { ...SETTINGS, decimals: 18 }, i), `household ${i}, 18 decimals`).to.deep.equal(
        base,
      );
    }
  });

  it("ends the same with a keeper that calls every day as with one that calls only when there is work (metamorphic)", function () {
    const pop = loadPopulation(DEFAULT_POPULATION_FILE);
    for (let i = 0; i < 12; i++) {
      const h = generateHousehold(pop, SETTINGS.seed, i, { year: SETTINGS.year, decimals: SETTINGS.decimals });
      const options = vaultOptions(h, pop, SETTINGS);
      const lazy = runVaultArm(h, SIM_ACCOUNTS, options);
      const daily = runVaultArm(h, SIM_ACCOUNTS, { ...options, keeperEveryDay: true });
      const what = `household ${i}`;
      // The daily keeper makes more calls, most of which do nothing; what they move and leave is the same.
      expect(daily.actions.length, what).to.be.greaterThan(lazy.actions.length);
      expect(daily.transfers, what).to.deep.equal(lazy.transfers);
      expect(daily.dueDates, what).to.deep.equal(lazy.dueDates);
      expect(daily.weeks, what).to.deep.equal(lazy.weeks);
      expect(daily.flows, what).to.deep.equal(lazy.flows);
      expect(daily.advances, what).to.deep.equal(lazy.advances);
      expect(daily.bufferTarget, what).to.equal(lazy.bufferTarget);
      expect(daily.checkpoints.at(-1)).to.deep.include({ ...lazy.checkpoints.at(-1), t: daily.checkpoints.at(-1)!.t });
    }
  });

  it("accounts for every unit in every arm, and each arm's records add up to its flows", function () {
    const pop = loadPopulation(DEFAULT_POPULATION_FILE);
    for (let i = 0; i < 24; i++) {
      const h = generateHousehold(pop, SETTINGS.seed, i, { year: SETTINGS.year, decimals: SETTINGS.decimals });
      const arms = runArms(h, pop, SETTINGS);
      for (const arm of arms) {
        const what = `household ${i}, ${arm.arm}`;
        expect(checkFlows(arm.flows), what).to.equal(0n);
        expect(arm.flows.income, what).to.equal(sum(h.incomes.map((p) => p.amount)));
        expect(paidDueDates(arm), what).to.equal(arm.flows.toCreditors);
        expect(sum(arm.weeks), what).to.equal(arm.flows.toResident);
        expect(sum(arm.collectionCosts.filter((c) => c.paidAt !== undefined).map((c) => c.amount))).to.equal(
          arm.flows.collectionCosts,
        );
      }
      expectVaultTransfersAddUp(arms[2], `household ${i}, vault`);
    }
  });

  it("a population whose income always comes after the due dates: arrears in the bank account, none in the vault", async function () {
    // Income on the 15th (Monday after a weekend), rent on the 14th and insurance on the 13th: in a
    // bank account the weekly spending since the last income leaves too little on those days every
    // month, the debits bounce and are paid when the creditor presents them again, 7 days later.
    const { report } = await runSimulation({ ...RUN, households: 20, populationFile: LATE_INCOME }, undefined);
    expect(report.population.notCovered).to.equal(0);
    const bank = report.arms.bank.covered;
    const vault = report.arms.vault.covered;
    expect(bank.lateMonthShare).to.equal(1);
    expect(bank.lateShareByCategory.rent).to.equal(1);
    expect(bank.daysLate.p50).to.equal(7);
    expect(bank.arrears.meanPeak).to.be.greaterThan(0);
    expect(vault.lateMonthShare).to.equal(0);
    expect(vault.daysLate.payments).to.equal(0);
    expect(vault.arrears.meanPeak).to.equal(0);
    expect(vault.collectionCosts.total).to.equal(0);
  });

  describe("on the EVM", function () {
    let snapshot: string;
    // The replay moves the shared in-process chain's clock 28 years on: put it back afterwards.
    before(async function () {
      snapshot = await hre.network.provider.send("evm_snapshot", []);
    });
    after(async function () {
      await hre.network.provider.send("evm_revert", [snapshot]);
    });

    it("replays households that make every kind of call (advance, plan changes, buffer target, withdrawals)", async function () {
      const pop = loadPopulation(DEFAULT_POPULATION_FILE);
      const wanted: ((h: HouseholdFigures, run: VaultArmRun) => boolean)[] = [
        (_, run) => run.bufferTarget > 0n,
        (_, run) => run.actions.some((a) => a.kind === "accept") && run.bufferTarget === 0n,
        (_, run) => run.actions.some((a) => a.kind === "withdraw"),
        (_, run) => run.actions.some((a) => a.kind === "advance"),
      ];
      const chosen: number[] = [];
      for (let i = 0; i < 200 && wanted.length > 0; i++) {
        const h = generateHousehold(pop, SETTINGS.seed, i, { year: SETTINGS.year, decimals: SETTINGS.decimals });
        const run = runArms(h, pop, SETTINGS)[2];
        const figures = simulateHousehold(pop, SETTINGS, i);
        const found = wanted.findIndex((w) => w(figures, run));
        if (found < 0) continue;
        wanted.splice(found, 1);
        chosen.push(i);
      }
      expect(wanted, "a household for every kind of call among the first 200").to.have.length(0);
      const check = await replaySample(hre, chosen, pop, SETTINGS);
      expect(check.mismatches).to.deep.equal([]);
    });

    it("replays a seeded sample of the run's household-years with no mismatch", async function () {
      const run = await runSimulation({ ...RUN, households: 12, chainSample: 3 }, (indices, pop, settings) =>
        replaySample(hre, indices, pop, settings),
      );
      expect(run.report.chain.households).to.have.length(3);
      expect(run.report.chain.firstMismatches).to.deep.equal([]);
      expect(run.report.chain.mismatches).to.equal(0);
      expect(run.report.chain.householdYearsPerMinute).to.be.greaterThan(0);
    });
  });
});

function paidDueDates(arm: ArmResult): bigint {
  return sum(arm.dueDates.filter((d) => d.paidAt !== undefined).map((d) => d.amount));
}

/** The vault's own transfers, from the rules' effects, against the flows the arm booked. */
function expectVaultTransfersAddUp(vault: VaultArmRun, what: string): void {
  const to = (addresses: string[]) => sum(vault.transfers.filter((t) => addresses.includes(t.to)).map((t) => t.amount));
  expect(to(Object.values(SIM_ACCOUNTS.creditors)), what).to.equal(vault.flows.toCreditors);
  expect(to([SIM_ACCOUNTS.treasury]), what).to.equal(vault.flows.repaid);
  expect(to([SIM_ACCOUNTS.resident]), what).to.equal(
    vault.flows.toResident + vault.flows.oneOffs + vault.flows.collectionCosts,
  );
  expect(sum(vault.transfers.map((t) => t.amount)), what).to.equal(
    vault.flows.toCreditors +
      vault.flows.repaid +
      vault.flows.toResident +
      vault.flows.oneOffs +
      vault.flows.collectionCosts,
  );
}
