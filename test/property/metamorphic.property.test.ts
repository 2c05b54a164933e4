/**
 * Metamorphic properties: each compares two runs of the CONTRACT that should agree, instead of
 * trusting the reference model. Every run starts from the same snapshot (loadFixture), creates a
 * vault with a drawn household plan, and replays a schedule of transactions at exact timestamps;
 * the two runs differ only in the one thing the property varies.
 *
 *   M1 keeper outage: a keeper that runs every day, and one that misses k days and then catches up,
 *      pay every creditor the same total, and the resident the same living money, by the end.
 *   M2 reordered plan: a plan that only reorders buckets leaves every creditor's bucket (balance,
 *      arrears, paidThroughMonth) as re-accepting the same plan would, and for a solvent household
 *      the creditor totals at the end are the same.
 *   M3 plan change around settle: accepting a plan just before or just after the keeper's settle on
 *      a due day leads to the same acceptance outcome and the same creditor totals.
 *   M4 settle/release order: on a due day, settle() then release() and release() then settle()
 *      give the same CreditorPaid/PaymentMissed outcomes and creditor totals (fixed costs have the
 *      first claim on the buffer whichever call comes first).
 *
 * Households are drawn from Dutch figures (docs: /work/shared/FIGURES.md): rent 450-900, energy
 * 80-250, health insurance 120-180, water 15-30 a month, living money 40-150 a week; income from
 * W&I (bijstand: last day, the 15th or the 10th) or SVB (AOW: 22nd-24th), often with Toeslagen on
 * the 20th. Environment: METAMORPHIC_RUNS (default 6 per property), PROPERTY_SEED.
 */
import fc from "fast-check";
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse, LogDescription } from "ethers";
import { Category, DAY, System, deploySystem } from "../helpers/fixtures";
import { expectConserved, findRevertData } from "../helpers/vault";
import type { HouseholdVault } from "../../typechain-types";

const RUNS = Number(process.env.METAMORPHIC_RUNS ?? 6);
const SEED = Number(process.env.PROPERTY_SEED ?? 20270110);
const GAS = 15_000_000n;
const HOUR = 3600;

const fixture = () => deploySystem(6);

type CreditorName = "landlord" | "energy" | "insurer" | "water";
const CREDITORS: CreditorName[] = ["landlord", "energy", "insurer", "water"];

// ---------------------------------------------------------------------------------------------
// Households
// ---------------------------------------------------------------------------------------------

interface DrawnBucket {
  creditor: CreditorName;
  category: number;
  dueDay: number;
  cents: number;
}

interface Household {
  buckets: DrawnBucket[];
  weeklyCents: number;
  bufferCents: number;
  /** Monthly income as a share of the plan's monthly cost, in permille. */
  coverPermille: number;
  /** Income streams: payer, day of the month (31 = last day), share in permille. */
  streams: { payer: "wi" | "svb" | "toeslagen"; day: number; sharePermille: number }[];
  /**
   * Income cut to this share in one month (a reclaim withheld, a payment missed) or, when
   * `lasting`, from that month on (benefits stopped), or no shock.
   */
  shock: { month: number; permille: number; lasting: boolean } | null;
}

const bucketArb = (creditor: CreditorName, category: number, min: number, max: number) =>
  fc.record({
    creditor: fc.constant(creditor),
    category: fc.constant(category),
    dueDay: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(1, 28, 29, 30, 31)),
    cents: fc.integer({ min: min * 100, max: max * 100 }),
  });

function householdArb(cover: { min: number; max: number }, shocks = false): fc.Arbitrary<Household> {
  return fc
    .record({
      rent: bucketArb("landlord", Category.Rent, 450, 900),
      energy: fc.option(bucketArb("energy", Category.Energy, 80, 250), { freq: 4 }),
      insurance: fc.option(bucketArb("insurer", Category.Insurance, 120, 180), { freq: 4 }),
      water: fc.option(bucketArb("water", Category.Water, 15, 30), { freq: 3 }),
      // A second bucket for the landlord (a repayment plan for old rent arrears): creditor matching
      // must tell the two apart by category.
      rentDebt: fc.option(bucketArb("landlord", Category.DebtRepayment, 10, 80), { freq: 5 }),
      weeklyCents: fc.integer({ min: 4_000, max: 15_000 }),
      bufferCents: fc.integer({ min: 0, max: 30_000 }),
      coverPermille: fc.integer(cover),
      main: fc.oneof(
        fc.constantFrom(31, 15, 10).map((day) => ({ payer: "wi" as const, day })),
        fc.constantFrom(22, 23, 24).map((day) => ({ payer: "svb" as const, day })),
      ),
      toeslagen: fc.option(fc.integer({ min: 80, max: 350 }), { freq: 2 }),
      shock: shocks
        ? fc.option(
            fc.record({
              month: fc.integer({ min: 1, max: 2 }),
              permille: fc.integer({ min: 0, max: 500 }),
              lasting: fc.boolean(),
            }),
            { freq: 4, nil: null },
          )
        : fc.constant(null),
    })
    .map((r) => ({
      buckets: [r.rent, r.energy, r.insurance, r.water, r.rentDebt].filter((b): b is DrawnBucket => b !== null),
      weeklyCents: r.weeklyCents,
      bufferCents: r.bufferCents,
      coverPermille: r.coverPermille,
      streams: [
        { payer: r.main.payer, day: r.main.day, sharePermille: 1000 - (r.toeslagen ?? 0) },
        ...(r.toeslagen === null ? [] : [{ payer: "toeslagen" as const, day: 20, sharePermille: r.toeslagen }]),
      ],
      shock: r.shock,
    }));
}

const SOLVENT = { min: 1080, max: 1400 };
const ANY = { min: 600, max: 1400 };

// ---------------------------------------------------------------------------------------------
// A run: a vault for the household and a schedule of transactions at exact times
// ---------------------------------------------------------------------------------------------

interface Plan {
  buckets: { category: number; dueDay: number; amountPerMonth: bigint; creditor: string }[];
  weeklyLivingMoney: bigint;
  bufferTarget: bigint;
}

interface Ctx {
  sys: System;
  vault: HouseholdVault;
  signer: Record<string, HardhatEthersSigner>;
  addr: Record<string, string>;
  /** Vault creation time: day 0 of the schedule starts at its UTC midnight. */
  day0: number;
  /** Every vault event of the run, with the timestamp and the step label of its transaction. */
  events: { t: number; label: string; log: LogDescription }[];
  /** Labelled outcomes: "ok" or the custom error name. */
  outcomes: Record<string, string>;
}

function planOf(sys: System, h: Household): Plan {
  const cents = (c: number) => BigInt(c) * 10n ** BigInt(sys.decimals - 2);
  return {
    buckets: h.buckets.map((b) => ({
      category: b.category,
      dueDay: b.dueDay,
      amountPerMonth: cents(b.cents),
      creditor: sys.creditors[b.creditor],
    })),
    weeklyLivingMoney: cents(h.weeklyCents),
    bufferTarget: cents(h.bufferCents),
  };
}

function monthlyCost(p: Plan): bigint {
  return p.buckets.reduce((a, b) => a + b.amountPerMonth, 0n) + (p.weeklyLivingMoney * 52n) / 12n;
}

/** UTC midnight of `day` of the month that contains timestamp `t` (31 = the month's last day). */
function payDayIn(t: number, day: number): number {
  const d = new Date(t * 1000);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), Math.min(day, last)) / 1000;
}

async function newRun(h: Household): Promise<{ ctx: Ctx; plan: Plan }> {
  const sys = await loadFixture(fixture);
  const signer = sys.accounts as unknown as Record<string, HardhatEthersSigner>;
  const addr = Object.fromEntries(Object.entries(signer).map(([k, s]) => [k, s.address]));
  const plan = planOf(sys, h);
  const id = ethers.id("metamorphic-household");
  // Created at a fixed time, so both runs of a pair see the same calendar.
  await time.setNextBlockTimestamp((await time.latest()) + HOUR);
  await (await sys.factory.createVault(id, addr.resident, addr.coach, plan)).wait();
  const vault = (await ethers.getContractAt(
    "HouseholdVault",
    await sys.factory.vaultAddress(id),
  )) as unknown as HouseholdVault;
  for (const p of ["svb", "toeslagen", "wi"]) {
    await (await sys.token.connect(signer[p]).approve(await vault.getAddress(), ethers.MaxUint256)).wait();
  }
  const created = await time.latest();
  return {
    ctx: { sys, vault, signer, addr, day0: Math.floor(created / DAY) * DAY, events: [], outcomes: {} },
    plan,
  };
}

type Step = { t: number; label: string; send: (c: Ctx) => Promise<ContractTransactionResponse> };

/**
 * Sends each step at its own timestamp (steps are sorted by time; equal times keep their order
 * and are one second apart). A revert is recorded by name, not thrown: both runs must agree on it.
 */
async function play(c: Ctx, steps: Step[]): Promise<void> {
  const sorted = steps.map((s, i) => ({ ...s, i })).sort((a, b) => a.t - b.t || a.i - b.i);
  let last = await time.latest();
  const vaultAddress = (await c.vault.getAddress()).toLowerCase();
  for (const s of sorted) {
    const t = Math.max(s.t, last + 1);
    await time.setNextBlockTimestamp(t);
    last = t;
    try {
      const receipt = await (await s.send(c)).wait();
      c.outcomes[s.label] = "ok";
      for (const l of receipt!.logs) {
        if (l.address.toLowerCase() !== vaultAddress) continue;
        const log = c.vault.interface.parseLog(l);
        if (log) c.events.push({ t, label: s.label, log });
      }
    } catch (e) {
      // An explicit gas limit mines the reverting transaction too, so the clock stays in step.
      const data = findRevertData(e);
      const parsed = data ? c.vault.interface.parseError(data) : null;
      c.outcomes[s.label] = parsed ? parsed.name : `revert ${String(e).slice(0, 120)}`;
    }
  }
}

const o = { gasLimit: GAS };
const settleStep = (t: number, label: string): Step => ({
  t,
  label,
  send: (c) => c.vault.connect(c.signer.keeper).settle(o),
});
const releaseStep = (t: number, label: string): Step => ({
  t,
  label,
  send: (c) => c.vault.connect(c.signer.keeper).release(o),
});
const proposeStep = (t: number, label: string, plan: Plan): Step => ({
  t,
  label,
  send: (c) => c.vault.connect(c.signer.coach).proposePlan(plan, o),
});
const acceptStep = (t: number, label: string, plan: Plan): Step => ({
  t,
  label,
  send: (c) => c.vault.connect(c.signer.resident).acceptPlan(plan, o),
});

/**
 * The household's income over `days` days: each stream's share of the monthly cost times the
 * cover, on its pay day at 09:00 UTC (and a first month's worth at creation, as a household
 * joining the vault brings its current balance). Amounts are fixed up front, so both runs of a
 * pair receive exactly the same stream.
 */
function incomeSteps(c: Ctx, h: Household, plan: Plan, days: number): Step[] {
  const cost = monthlyCost(plan);
  const steps: Step[] = [];
  const first = (cost * BigInt(h.coverPermille)) / 1000n;
  steps.push({ t: c.day0, label: "income start", send: (x) => x.vault.connect(x.signer.wi).deposit(first, o) });
  for (const s of h.streams) {
    const full = (cost * BigInt(h.coverPermille) * BigInt(s.sharePermille)) / 1_000_000n;
    for (let m = 0; m <= Math.ceil(days / 28) + 1; m++) {
      const shocked = h.shock !== null && (h.shock.month === m || (h.shock.lasting && m > h.shock.month));
      const amount = shocked ? (full * BigInt(h.shock!.permille)) / 1000n : full;
      if (amount === 0n) continue;
      const monthStart = new Date(c.day0 * 1000);
      const t =
        payDayIn(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + m, 1) / 1000, s.day) + 9 * HOUR;
      if (t <= c.day0 + HOUR || t >= c.day0 + days * DAY) continue;
      steps.push({
        t,
        label: `income ${s.payer} ${new Date(t * 1000).toISOString().slice(0, 10)}`,
        send: (x) => x.vault.connect(x.signer[s.payer]).deposit(amount, o),
      });
    }
  }
  return steps;
}

/** A keeper on days [from, to) at `hour`:30 UTC, settle then release, except the days in `skip`. */
function keeperSteps(c: Ctx, from: number, to: number, hour: number, skip: (day: number) => boolean): Step[] {
  const steps: Step[] = [];
  for (let d = from; d < to; d++) {
    if (skip(d)) continue;
    const t = c.day0 + d * DAY + hour * HOUR + 30 * 60;
    steps.push(settleStep(t, `settle day ${d}`), releaseStep(t, `release day ${d}`));
  }
  return steps;
}

/** The end of every run: the keeper catches up fully (release pays at most five weeks per call). */
function finalSteps(c: Ctx, day: number): Step[] {
  const t = c.day0 + day * DAY + 23 * HOUR;
  return [settleStep(t, "final settle"), releaseStep(t, "final release 1"), releaseStep(t, "final release 2")];
}

async function totals(c: Ctx): Promise<Record<string, bigint>> {
  const out: Record<string, bigint> = {};
  for (const who of [...CREDITORS, "resident", "treasury"]) out[who] = await c.sys.token.balanceOf(c.addr[who]);
  out.weeksReleased = (await c.vault.livingMoneySchedule()).weeksReleased;
  await expectConserved(c.sys.token, c.vault);
  return out;
}

/** Creditor bucket state keyed by creditor and category (the order may differ between runs). */
async function bucketsByCreditor(c: Ctx): Promise<Record<string, [bigint, bigint, bigint]>> {
  const out: Record<string, [bigint, bigint, bigint]> = {};
  for (const b of await c.vault.buckets()) {
    out[`${b.creditor}/${b.category}`] = [b.balance, b.arrears, b.paidThroughMonth];
  }
  return out;
}

function creditorOutcomes(c: Ctx, onlyLabels?: string[]) {
  return c.events
    .filter((e) => !onlyLabels || onlyLabels.includes(e.label))
    .filter((e) => e.log.name === "CreditorPaid" || e.log.name === "PaymentMissed" || e.log.name === "ArrearsPaid")
    .map((e) => {
      const a = e.log.args;
      return e.log.name === "ArrearsPaid"
        ? `${e.log.name} ${a.bucketIndex} ${a.amount}`
        : `${e.log.name} ${a.bucketIndex} m${a.monthIndex} ${e.log.name === "CreditorPaid" ? a.amount : a.missing}`;
    });
}

const stats = { runs: 0, paid: 0, missed: 0, comparisons: 0, acceptReverted: 0 };
function count(c: Ctx): void {
  stats.runs++;
  stats.paid += c.events.filter((e) => e.log.name === "CreditorPaid").length;
  stats.missed += c.events.filter((e) => e.log.name === "PaymentMissed").length;
}

function describeHousehold(h: Household): string {
  const b = h.buckets.map((x) => `${x.creditor}/${x.category}/d${x.dueDay}/€${x.cents / 100}`).join(", ");
  const shock = h.shock
    ? ` shock ${h.shock.lasting ? "from" : "in"} month ${h.shock.month} at ${h.shock.permille}‰`
    : "";
  return `[${b}]${shock} weekly €${h.weeklyCents / 100} buffer €${h.bufferCents / 100} cover ${h.coverPermille}‰ income ${h.streams.map((s) => `${s.payer}@${s.day}:${s.sharePermille}‰`).join("+")}`;
}

/** The first due day of the plan at or after `fromDay` (a day of the schedule), and the bucket. */
function firstDueDay(c: Ctx, h: Household, fromDay: number): number {
  for (let d = fromDay; d < fromDay + 62; d++) {
    const date = new Date((c.day0 + d * DAY) * 1000);
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    if (h.buckets.some((b) => Math.min(b.dueDay, last) === date.getUTCDate())) return d;
  }
  throw new Error("no due day within two months");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe("HouseholdVault metamorphic properties (two runs of the contract that must agree)", function () {
  this.timeout(0);
  const started = Date.now();

  after(function () {
    console.log(
      `      metamorphic: ${stats.comparisons} comparisons of ${stats.runs} runs in ${((Date.now() - started) / 1000).toFixed(1)}s ` +
        `(${RUNS} per property, seed ${SEED}); creditor payments ${stats.paid}, missed ${stats.missed}, ` +
        `plan acceptances refused in both runs ${stats.acceptReverted}.`,
    );
  });

  it(`M1: a keeper that misses k days and catches up pays every creditor what a daily keeper pays (${RUNS} runs)`, async function () {
    const DAYS = 100;
    await fc.assert(
      fc.asyncProperty(
        householdArb(SOLVENT),
        fc.integer({ min: 1, max: 55 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 23 }),
        async (h, outageFrom, k, hour) => {
          const label = `${describeHousehold(h)}; outage days ${outageFrom}..${outageFrom + k - 1}, keeper ${hour}:30`;
          const runs: Record<string, bigint>[] = [];
          for (const skip of [(_d: number) => false, (d: number) => d >= outageFrom && d < outageFrom + k]) {
            const { ctx, plan } = await newRun(h);
            const steps = [
              ...incomeSteps(ctx, h, plan, DAYS),
              ...keeperSteps(ctx, 1, DAYS, hour, skip),
              // Catching up after the outage: release pays at most five weeks per call.
              releaseStep(ctx.day0 + (outageFrom + k) * DAY + hour * HOUR + 31 * 60, "catch-up release"),
              ...finalSteps(ctx, DAYS),
            ];
            await play(ctx, steps);
            count(ctx);
            runs.push(await totals(ctx));
          }
          stats.comparisons++;
          expect(runs[1], `M1 keeper outage: ${label}`).to.deep.equal(runs[0]);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`M2: a plan that only reorders buckets changes nothing for any creditor (${RUNS} runs)`, async function () {
    const DAYS = 90;
    await fc.assert(
      fc.asyncProperty(
        householdArb(ANY, true),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 23 }),
        async (h, changeDay, rotate, hour) => {
          const solvent = h.coverPermille >= SOLVENT.min && h.shock === null;
          const label = `${describeHousehold(h)}; reorder by ${rotate} on day ${changeDay}`;
          const after: Record<string, [bigint, bigint, bigint]>[] = [];
          const accounts: unknown[] = [];
          const ends: Record<string, bigint>[] = [];
          for (const reorder of [false, true]) {
            const { ctx, plan } = await newRun(h);
            const k = rotate % plan.buckets.length;
            const next = reorder ? { ...plan, buckets: [...plan.buckets.slice(k), ...plan.buckets.slice(0, k)] } : plan;
            const t = ctx.day0 + changeDay * DAY + hour * HOUR;
            await play(ctx, [
              ...incomeSteps(ctx, h, plan, DAYS).filter((s) => s.t < t),
              ...keeperSteps(ctx, 1, changeDay, hour, () => false),
              proposeStep(t, "propose", next),
              acceptStep(t, "accept", next),
            ]);
            expect(ctx.outcomes.accept, `M2: ${label}: acceptPlan`).to.equal("ok");
            after.push(await bucketsByCreditor(ctx));
            const a = await ctx.vault.accounts();
            accounts.push([a.livingMoney, a.buffer, a.savings]);
            await play(ctx, [
              ...incomeSteps(ctx, h, plan, DAYS).filter((s) => s.t >= t),
              ...keeperSteps(ctx, changeDay + 1, DAYS, hour, () => false),
              ...finalSteps(ctx, DAYS),
            ]);
            count(ctx);
            ends.push(await totals(ctx));
          }
          stats.comparisons++;
          expect(after[1], `M2 reorder: bucket state right after acceptance: ${label}`).to.deep.equal(after[0]);
          expect(accounts[1], `M2 reorder: living money, buffer, savings: ${label}`).to.deep.equal(accounts[0]);
          if (solvent) expect(ends[1], `M2 reorder: totals at the end: ${label}`).to.deep.equal(ends[0]);
        },
      ),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it(`M3: accepting a plan just before or just after the keeper's settle on a due day pays creditors the same (${RUNS} runs)`, async function () {
    const DAYS = 90;
    const changeArb = fc.record({
      scalePermille: fc.array(fc.integer({ min: 500, max: 1500 }), { minLength: 5, maxLength: 5 }),
      newDueDay: fc.array(fc.option(fc.integer({ min: 1, max: 31 }), { freq: 2 }), { minLength: 5, maxLength: 5 }),
      drop: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 3 }),
      weeklyPermille: fc.integer({ min: 0, max: 1500 }),
    });
    await fc.assert(
      fc.asyncProperty(
        householdArb(ANY, true),
        changeArb,
        fc.integer({ min: 10, max: 50 }),
        fc.integer({ min: 0, max: 22 }),
        async (h, change, fromDay, hour) => {
          const label = `${describeHousehold(h)}; change ${JSON.stringify(change)} from day ${fromDay}`;
          const ends: Record<string, bigint>[] = [];
          const outcomes: string[] = [];
          for (const acceptFirst of [true, false]) {
            const { ctx, plan } = await newRun(h);
            const dueDay = firstDueDay(ctx, h, fromDay);
            const next: Plan = {
              buckets: plan.buckets
                .map((b, i) => ({
                  ...b,
                  amountPerMonth: (b.amountPerMonth * BigInt(change.scalePermille[i])) / 1000n || 1n,
                  dueDay: change.newDueDay[i] ?? b.dueDay,
                }))
                .filter((_b, i) => plan.buckets.length === 1 || change.drop === null || i !== change.drop),
              weeklyLivingMoney: (plan.weeklyLivingMoney * BigInt(change.weeklyPermille)) / 1000n,
              bufferTarget: plan.bufferTarget,
            };
            const t = ctx.day0 + dueDay * DAY + hour * HOUR + 30 * 60;
            const keeper = keeperSteps(ctx, 1, DAYS, hour, () => false).filter((s) => !s.label.endsWith(` ${dueDay}`));
            const accept = acceptStep(t, "accept", next);
            await play(ctx, [
              ...incomeSteps(ctx, h, plan, DAYS),
              ...keeper,
              proposeStep(t - HOUR, "propose", next),
              // The keeper's round on the due day, with the acceptance before or after its settle.
              ...(acceptFirst ? [accept, settleStep(t, "settle due day")] : [settleStep(t, "settle due day"), accept]),
              releaseStep(t, "release due day"),
              ...finalSteps(ctx, DAYS),
            ]);
            outcomes.push(ctx.outcomes.accept);
            count(ctx);
            const end = await totals(ctx);
            // Only what creditors (and the treasury) received is claimed to agree.
            delete end.resident;
            delete end.weeksReleased;
            ends.push(end);
          }
          stats.comparisons++;
          if (outcomes[0] !== "ok") stats.acceptReverted++;
          expect(outcomes[1], `M3: acceptance outcome: ${label}`).to.equal(outcomes[0]);
          expect(ends[1], `M3 accept around settle: totals at the end: ${label}`).to.deep.equal(ends[0]);
        },
      ),
      { numRuns: RUNS, seed: SEED + 2 },
    );
  });

  it(`M4: the order of settle() and release() on a due day never changes what creditors get (${RUNS} runs)`, async function () {
    const DAYS = 100;
    await fc.assert(
      fc.asyncProperty(
        // Mostly households that filled a buffer and then lost income, with the keeper away for
        // weeks before a due day: the buffer is then contested between fixed costs and living money.
        // (Savings cover a short week before the buffer, so the contest needs little savings: a
        // cover near 1 and income cut from the second month on.)
        fc
          .oneof(
            householdArb({ min: 950, max: 1500 }, true),
            householdArb({ min: 1000, max: 1150 }, true).map((h) => ({
              ...h,
              shock: { month: 0, permille: h.coverPermille % 2 ? 0 : 250, lasting: true },
            })),
          )
          .map((h) => ({ ...h, bufferCents: 10_000 + (h.bufferCents % 20_000) })),
        fc.integer({ min: 20, max: 80 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 22 }),
        async (h, fromDay, outage, hour) => {
          const label = `${describeHousehold(h)}; from day ${fromDay}, keeper out ${outage} days before`;
          const ends: Record<string, bigint>[] = [];
          const dueDayOutcomes: string[][] = [];
          for (const settleFirst of [true, false]) {
            const { ctx, plan } = await newRun(h);
            const dueDay = firstDueDay(ctx, h, fromDay);
            // A keeper outage before the due day leaves weeks of living money due: release would
            // take the buffer for them if it did not settle first.
            const skip = (d: number) => d >= dueDay - outage && d <= dueDay;
            const t = ctx.day0 + dueDay * DAY + hour * HOUR + 30 * 60;
            await play(ctx, [
              ...incomeSteps(ctx, h, plan, DAYS),
              ...keeperSteps(ctx, 1, DAYS, hour, skip),
              ...(settleFirst
                ? [settleStep(t, "due day 1"), releaseStep(t, "due day 2")]
                : [releaseStep(t, "due day 1"), settleStep(t, "due day 2")]),
              ...finalSteps(ctx, DAYS),
            ]);
            expect([ctx.outcomes["due day 1"], ctx.outcomes["due day 2"]], label).to.deep.equal(["ok", "ok"]);
            dueDayOutcomes.push(creditorOutcomes(ctx, ["due day 1", "due day 2"]).sort());
            count(ctx);
            const end = await totals(ctx);
            delete end.resident;
            delete end.weeksReleased;
            ends.push(end);
          }
          stats.comparisons++;
          expect(dueDayOutcomes[1], `M4 settle/release order: due-day outcomes: ${label}`).to.deep.equal(
            dueDayOutcomes[0],
          );
          expect(ends[1], `M4 settle/release order: totals at the end: ${label}`).to.deep.equal(ends[0]);
        },
      ),
      { numRuns: RUNS, seed: SEED + 3 },
    );
  });
});
