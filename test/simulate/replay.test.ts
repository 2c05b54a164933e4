/**
 * The chain replay of the vault arm (src/simulate/replay.ts): hand-made households replayed on the
 * in-process network match the model to the unit, a model run changed by one unit gives exactly
 * the mismatch expected, and the replay year keeps the simulated year's calendar.
 */
import { expect } from "chai";
import hre from "hardhat";
import { DEFAULT_ADVANCE_CAP } from "../../deploy/modules/core";
import {
  advance,
  deposit,
  acceptPlan,
  currentPlan,
  initialWorld,
  nextKeeperCallAt,
  proposePlan,
  release,
  settle,
  totalClaimable,
  unallocated,
  withdrawSavings,
  DAY,
  type Config,
  type Outcome,
  type Plan,
  type World,
} from "../../src/rules";
import { replayOnChain, replayYear, type ReplayResult } from "../../src/simulate/replay";
import { runVaultArm } from "../../src/simulate/vault-arm";
import {
  CATEGORY,
  SOURCE,
  type HouseholdYear,
  type Payment,
  type VaultAccounts,
  type VaultAction,
  type VaultArmRun,
} from "../../src/simulate/types";

/** 6 decimals, as the local deployment's token. */
const EURO = 1_000_000n;
const eur = (euros: number) => BigInt(euros) * EURO;
const at = (y: number, m: number, d: number, hour = 0, minute = 0) => Date.UTC(y, m - 1, d, hour, minute) / 1000;
const iso = (t: number) => new Date(t * 1000).toISOString().replace(".000Z", "Z");
const BUFFER = eur(100);

/** Three hand-made households over December to February of the replay year `y` (start 1 Dec of y − 1). */
function households(y: number): HouseholdYear[] {
  const base = (index: number) => ({
    index,
    type: "hand-made",
    municipality: "test",
    start: at(y - 1, 12, 1),
    measureFrom: at(y, 1, 1),
    lastDay: at(y, 2, 28),
    shocks: [],
    budgetDay: 1,
    mainIncome: "bijstand" as const,
    euro: EURO,
  });
  const paid = (source: number, amount: bigint, ...days: number[]): Payment[] =>
    days.map((day) => ({ day, source, amount, kind: "bijstand" as const }));
  const byDay = (payments: Payment[]) => payments.sort((a, b) => a.day - b.day);
  const households: Omit<HouseholdYear, "expected">[] = [
    {
      ...base(0),
      incomes: byDay([
        ...paid(SOURCE.wi, eur(1300), at(y - 1, 12, 1), at(y - 1, 12, 23), at(y, 1, 23), at(y, 2, 23)),
        ...paid(SOURCE.toeslagen, eur(450), at(y - 1, 12, 20), at(y, 1, 20), at(y, 2, 20)),
      ]),
      costs: [
        { category: CATEGORY.rent, dueDay: 1, amountPerMonth: eur(650) },
        { category: CATEGORY.energy, dueDay: 15, amountPerMonth: eur(110) },
        { category: CATEGORY.insurance, dueDay: 1, amountPerMonth: eur(135) },
        { category: CATEGORY.water, dueDay: 20, amountPerMonth: eur(22) },
      ],
      costChanges: [{ day: at(y, 1, 10), category: CATEGORY.energy, amountPerMonth: eur(130), fromMonth: y * 12 + 1 }],
      oneOffs: [{ day: at(y, 1, 18), amount: eur(45) }],
      weekly: eur(70),
    },
    {
      ...base(1),
      incomes: paid(SOURCE.svb, eur(1100), at(y - 1, 12, 1), at(y - 1, 12, 24), at(y, 1, 24), at(y, 2, 24)),
      costs: [
        { category: CATEGORY.rent, dueDay: 1, amountPerMonth: eur(800) },
        { category: CATEGORY.insurance, dueDay: 28, amountPerMonth: eur(140) },
      ],
      costChanges: [],
      oneOffs: [],
      weekly: eur(60),
    },
    {
      ...base(2),
      incomes: byDay([
        ...paid(SOURCE.wi, eur(1150), at(y - 1, 12, 1), at(y - 1, 12, 29), at(y, 1, 29), at(y, 2, 26)),
        ...paid(SOURCE.toeslagen, eur(380), at(y - 1, 12, 20), at(y, 1, 20), at(y, 2, 20)),
      ]),
      costs: [
        { category: CATEGORY.rent, dueDay: 28, amountPerMonth: eur(575) },
        { category: CATEGORY.energy, dueDay: 5, amountPerMonth: eur(95) },
      ],
      costChanges: [{ day: at(y - 1, 12, 20), category: CATEGORY.energy, amountPerMonth: eur(105), fromMonth: y * 12 }],
      oneOffs: [{ day: at(y, 2, 10), amount: eur(30) }],
      weekly: eur(55),
    },
  ];
  // No surprises: every payment comes as expected.
  return households.map((h) => ({ ...h, expected: h.incomes }));
}

/**
 * A small stand-in for the vault arm, driving src/rules directly: the keeper (settle, then
 * release) at 00:05 when nextKeeperCallAt() says it has work, income at 09:00, an advance at 10:00
 * on the days given, plan changes at 11:00 and 12:00, a withdrawal of savings for a one-off cost at
 * 14:00; a checkpoint after the last action of every month.
 */
function smallModel(advances: Record<number, { day: number; amount: bigint }>) {
  return (h: HouseholdYear, accounts: VaultAccounts): VaultArmRun => {
    const run = emptyRun();
    let w = startWorld(h, accounts);
    const act = (action: VaultAction, call: (x: World) => Outcome) => {
      const o = call({ ...w, now: action.t });
      if (!o.ok) return;
      w = o.world;
      run.actions.push(action);
      for (const x of o.fx.transfers) if (!x.deferred) run.transfers.push({ t: action.t, to: x.to, amount: x.amount });
    };
    for (let day = h.start; day <= h.lastDay; day += DAY) {
      const k = day + 5 * 60;
      const next = nextKeeperCallAt({ ...w, now: k });
      if (next === 0n || (typeof next === "number" && next <= k)) act({ t: k, kind: "keeper" }, keeperCall);
      for (const p of h.incomes.filter((x) => x.day === day)) {
        const payer = accounts.payers[p.source];
        act({ t: day + 9 * 3600, kind: "deposit", source: p.source, amount: p.amount }, (x) =>
          deposit(x, payer, p.amount),
        );
      }
      const a = advances[h.index];
      if (a?.day === day)
        act({ t: day + 10 * 3600, kind: "advance", amount: a.amount }, (x) => advance(x, accounts.treasury, a.amount));
      for (const c of h.costChanges.filter((x) => x.day === day)) {
        const now = currentPlan(w.vault);
        const plan: Plan = {
          ...now,
          buckets: now.buckets.map((b) => (b.category === c.category ? { ...b, amountPerMonth: c.amountPerMonth } : b)),
        };
        act({ t: day + 11 * 3600, kind: "propose", plan }, (x) => proposePlan(x, accounts.coach, plan));
        act({ t: day + 12 * 3600, kind: "accept", plan }, (x) => acceptPlan(x, accounts.resident, plan));
      }
      for (const o of h.oneOffs.filter((x) => x.day === day)) {
        const amount = o.amount < w.vault.savings ? o.amount : w.vault.savings;
        act({ t: day + 14 * 3600, kind: "withdraw", amount }, (x) => withdrawSavings(x, accounts.resident, amount));
      }
      if (new Date((day + DAY) * 1000).getUTCDate() === 1 || day === h.lastDay) checkpoint(run, w);
    }
    return run;
  };
}

function keeperCall(w: World): Outcome {
  const settled = settle(w);
  if (!settled.ok) return settled;
  const released = release(settled.world);
  if (!released.ok) return settled;
  return {
    ok: true,
    world: released.world,
    fx: { ...released.fx, transfers: [...settled.fx.transfers, ...released.fx.transfers] },
  };
}

function startWorld(h: HouseholdYear, a: VaultAccounts): World {
  const payers = Object.fromEntries(Object.entries(a.payers).map(([source, payer]) => [payer, Number(source)]));
  const config: Config = {
    vault: a.vault,
    treasury: a.treasury,
    registrars: [],
    guardians: [],
    treasurers: [a.treasury],
    coaches: [a.coach],
    approvedCreditors: Object.values(a.creditors),
    payers,
    advanceCap: DEFAULT_ADVANCE_CAP,
    exitNotice: 0,
  };
  const plan: Plan = {
    buckets: h.costs.map((c) => ({ ...c, creditor: a.creditors[c.category] })),
    weeklyLivingMoney: h.weekly,
    bufferTarget: BUFFER,
  };
  const funds = Object.fromEntries([...Object.keys(payers), a.treasury].map((x) => [x, eur(1_000_000)]));
  return initialWorld(config, h.start, a.resident, a.coach, plan, funds);
}

function emptyRun(): VaultArmRun {
  const flows = {
    income: 0n,
    advances: 0n,
    toCreditors: 0n,
    collectionCosts: 0n,
    oneOffs: 0n,
    toResident: 0n,
    repaid: 0n,
    held: 0n,
  };
  return {
    arm: "vault",
    dueDates: [],
    weeks: [],
    collectionCosts: [],
    advances: [],
    flows,
    residentOwes: 0n,
    startBufferTarget: BUFFER,
    bufferTarget: BUFFER,
    actions: [],
    transfers: [],
    checkpoints: [],
  };
}

function checkpoint(run: VaultArmRun, w: World): void {
  const last = run.actions[run.actions.length - 1];
  if (!last || run.checkpoints.some((c) => c.t === last.t)) return;
  const v = w.vault;
  run.checkpoints.push({
    t: last.t,
    buckets: v.buckets.map((b) => ({
      balance: b.balance,
      arrears: b.arrears,
      paidThroughMonth: b.paidThroughMonth,
      amountPerMonth: b.amountPerMonth,
    })),
    livingMoney: v.livingMoney,
    buffer: v.buffer,
    savings: v.savings,
    repaymentHeld: v.repaymentHeld,
    advanceOutstanding: v.advanceOutstanding,
    claimable: totalClaimable(v),
    unallocated: unallocated(w),
    weeksReleased: v.weeksReleased,
    balance: w.balances[w.config.vault] ?? 0n,
  });
}

/**
 * The replay moves the chain's clock decades ahead, and a chain's clock cannot go back: each replay
 * starts from the chain as it was (rewind), and the shared in-process chain is left as it was.
 */
function isolatedChain(): () => Promise<void> {
  let snapshot: string;
  before(async () => {
    snapshot = await hre.network.provider.send("evm_snapshot", []);
  });
  after(async () => {
    await hre.network.provider.send("evm_revert", [snapshot]);
  });
  return async () => {
    await hre.network.provider.send("evm_revert", [snapshot]);
    snapshot = await hre.network.provider.send("evm_snapshot", []);
  };
}

describe("chain replay of the vault arm", function () {
  const rewind = isolatedChain();
  let year: number;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  before(async () => {
    year = replayYear((await hre.ethers.provider.getBlock("latest"))!.timestamp, 2026);
  });

  describe("replayYear", () => {
    it("replays 2026 in 2054 (28 years on: the same calendar) when the chain is in 2026 to September 2053", () => {
      expect(replayYear(at(2026, 1, 1), 2026)).to.equal(2054);
      expect(replayYear(at(2026, 11, 29, 23, 47), 2026)).to.equal(2054);
      expect(replayYear(at(2053, 9, 30), 2026)).to.equal(2054);
      expect(new Date(at(2054, 1, 1) * 1000).getUTCDay()).to.equal(new Date(at(2026, 1, 1) * 1000).getUTCDay());
    });

    it("keeps the year itself while its start is still ahead, and goes 28 more years once 2054's has passed", () => {
      expect(replayYear(at(2025, 6, 1), 2026)).to.equal(2026);
      expect(replayYear(at(2053, 10, 15), 2026)).to.equal(2082);
      expect(() => replayYear(at(2090, 1, 1), 2026)).to.throw("no year up to 2099");
    });
  });

  describe("with a small stand-in model", () => {
    const advances = () => ({ 1: { day: at(year, 1, 2), amount: eur(200) } });
    let model: ReturnType<typeof smallModel>;
    let result: ReplayResult;

    before(async () => {
      model = smallModel(advances());
      result = await replayOnChain(hre, households(year), model, { log });
    });

    it("sends every kind of action", () => {
      const kinds = new Set(households(year).flatMap((h) => model(h, fakeAccounts()).actions.map((a) => a.kind)));
      expect([...kinds].sort()).to.deep.equal(["accept", "advance", "deposit", "keeper", "propose", "withdraw"]);
    });

    it("matches the model to the unit: 0 mismatches, and reports its throughput", () => {
      expect(result.mismatches).to.deep.equal([]);
      expect(result.households).to.equal(3);
      expect(result.householdYearsPerMinute).to.be.closeTo((3 * 60) / result.seconds, 1e-9);
      expect(lines[lines.length - 1]).to.match(/^replay: 3 household-year\(s\), \d+ blocks, 0 mismatch\(es\)/);
    });

    it("names exactly the transfer, checkpoint field and reverted call a wrong model run gets wrong", async () => {
      const first = model(households(year)[0], fakeAccounts()).transfers[0];
      // Hand-computed: the first money out is week 0's living money, released a week after the start.
      expect(first).to.deep.equal({ t: at(year - 1, 12, 8, 0, 5), to: fakeAccounts().resident, amount: eur(70) });
      const bogusWithdrawal = at(year, 1, 5, 14);
      const wrong = (h: HouseholdYear, accounts: VaultAccounts) => {
        const run = model(h, accounts);
        if (h.index === 0) run.transfers[0] = { ...run.transfers[0], amount: run.transfers[0].amount + 1n };
        if (h.index === 1)
          run.checkpoints[0] = { ...run.checkpoints[0], weeksReleased: run.checkpoints[0].weeksReleased + 1 };
        if (h.index === 2) {
          const k = run.actions.findIndex((a) => a.t > bogusWithdrawal);
          run.actions.splice(k, 0, { t: bogusWithdrawal, kind: "withdraw", amount: eur(100_000) });
        }
        return run;
      };
      const december = model(households(year)[1], fakeAccounts()).checkpoints[0].t;
      await rewind();
      const r = await replayOnChain(hre, households(year), wrong);
      expect(r.mismatches).to.have.members([
        `household 0 ${year - 1}-12-08T00:05:00Z transfer 0 amount: model 70000001, chain 70000000`,
        // Weeks 0 to 3 were released on 8, 15, 22 and 29 December.
        `household 1 ${iso(december)} weeksReleased: model 5, chain 4`,
        `household 2 ${year}-01-05T14:00:00Z withdraw: model succeeds, chain reverted`,
      ]);
      expect(r.mismatches).to.have.length(3);
    });
  });

  describe("with the vault arm (src/simulate/vault-arm.ts)", () => {
    it("matches runVaultArm to the unit, for households enough to split the keeper's batch", async () => {
      const sample = Array.from({ length: 24 }, (_, i) => variant(households(year)[i % 3], i));
      const options = {
        advances: true,
        advanceCap: DEFAULT_ADVANCE_CAP,
        bufferTarget: BUFFER,
        reviewBuffer: false,
        toeslagenLateDays: 0,
        rules: { reminderAfterDays: 7, reminderPeriodDays: 14, rate: 0.15, minimum: eur(40), retryEveryDays: 7 },
      };
      await rewind();
      const r = await replayOnChain(hre, sample, (h, accounts) => runVaultArm(h, accounts, options), { log });
      expect(r.mismatches).to.deep.equal([]);
      expect(r.households).to.equal(24);
      console.log(`      ${lines[lines.length - 1]}`);
    });
  });
});

/** Household `i`: the template with its own index and rent raised by i euros (so no two are alike). */
function variant(h: HouseholdYear, i: number): HouseholdYear {
  return {
    ...h,
    index: i,
    costs: h.costs.map((c) => (c.category === CATEGORY.rent ? { ...c, amountPerMonth: c.amountPerMonth + eur(i) } : c)),
  };
}

/** Stand-in addresses, for looking at the model's run without a chain. */
function fakeAccounts(): VaultAccounts {
  return {
    vault: "vault",
    resident: "resident",
    coach: "coach",
    treasury: "treasury",
    payers: { [SOURCE.svb]: "svb", [SOURCE.toeslagen]: "toeslagen", [SOURCE.wi]: "wi" },
    creditors: { 0: "landlord", 1: "energy", 2: "insurer", 3: "water" },
  };
}
