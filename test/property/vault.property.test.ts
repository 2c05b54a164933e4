/**
 * Stateful property tests: random sequences of deposits, plain transfers, allocations, settles,
 * releases, advances, plan proposals and acceptances, pauses, exits, blocklisted creditors, claims
 * and time jumps (due days, month and year ends, 29 February 2028, long gaps) are run against the
 * contract and against the reference model in src/rules/. After every step the
 * whole observable state must match and the invariants I1..I9 (docs/testing.md) must hold; every
 * run ends by driving the vault empty (I7).
 *
 * The income path: a deposit only emits IncomeReceived (compared with the model) and its money
 * waits; the next keeper call splits everything waiting as one Allocated(Income). Before every
 * transaction, previewAllocation() in that very block is compared with the model's, and a split
 * the transaction makes must equal that preview; after every step previewAllocation() and
 * nextKeeperCallAt() are compared with the model at the model's clock (Hardhat runs an eth_call on
 * the "pending" block at the timestamp set for the next block).
 *
 * Defaults are sized for CI. Environment variables:
 *   PROPERTY_RUNS   sequences for the 6-decimal run (default 30; the 2- and 18-decimal runs use a fifth)
 *   PROPERTY_STEPS  maximum commands per sequence (default 45)
 *   PROPERTY_SEED   fast-check seed (default 20270110); fast-check prints seed and path on failure
 * A large run:
 *   PROPERTY_RUNS=500 PROPERTY_STEPS=100 npx hardhat test test/property/vault.property.test.ts
 */
import fc from "fast-check";
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, reset, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionReceipt, ContractTransactionResponse, Interface, LogDescription } from "ethers";
import { deploySystem, System } from "../helpers/fixtures";
import { findRevertData } from "../helpers/vault";
import * as M from "../../src/rules";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 30);
const STEPS = Number(process.env.PROPERTY_STEPS ?? 45);
const SEED = Number(process.env.PROPERTY_SEED ?? 20270110);
const GAS = 15_000_000n;

// ---------------------------------------------------------------------------------------------
// Fixtures (one per decimal setting so loadFixture can snapshot each)
// ---------------------------------------------------------------------------------------------

const fixture2 = () => deploySystem(2);
const fixture6 = () => deploySystem(6);
const fixture18 = () => deploySystem(18);

const WHO = [
  "admin",
  "resident",
  "coach",
  "svb",
  "toeslagen",
  "wi",
  "landlord",
  "energy",
  "insurer",
  "water",
  "treasury",
  "keeper",
  "stranger",
] as const;
type Who = (typeof WHO)[number];
const CREDITORS = ["landlord", "energy", "insurer", "water"] as const;

// ---------------------------------------------------------------------------------------------
// The real side: contracts plus what the invariants accumulate over a run
// ---------------------------------------------------------------------------------------------

interface Real {
  sys: System;
  vaultAddress: string;
  addr: Record<Who, string>;
  signer: Record<Who, HardhatEthersSigner>;
  ifaces: Interface[];
  startBalances: Record<string, bigint>;
  /** Everything that ever entered the vault (deposits, advances, plain transfers). */
  totalIn: bigint;
  /** I4: "uid:month" of every CreditorPaid seen. */
  paidOnce: Set<string>;
  /** I5: weeks of living money released, and short weeks reported. */
  weeksPaid: number;
  shortReported: number;
  lastNonce: bigint;
  household: Household;
}

// ---------------------------------------------------------------------------------------------
// Households: each sequence draws one, so most sequences pay their creditors (see FIGURES.md)
// ---------------------------------------------------------------------------------------------

type HouseholdKind = "solvent" | "short" | "shock";

/** One monthly income: who pays, on which day of the month (31 = the last day), and its share. */
interface Stream {
  payer: Who;
  day: number;
  sharePermille: number;
}

/**
 * A household's income. `solvent`: monthly income covers the plan with a margin; `short`: it
 * covers only part of it; `shock`: solvent, but some months arrive cut (a Toeslagen reclaim
 * withheld, a late or missed payment).
 */
interface Household {
  kind: HouseholdKind;
  coverPermille: number;
  streams: Stream[];
}

/** Dutch pay days: bijstand on the last working day, mid-month or the 10th; AOW around the 23rd; toeslagen on the 20th. */
const mainStreamArb: fc.Arbitrary<Stream> = fc.oneof(
  fc.constantFrom(28, 29, 30, 31, 15, 10).map((day) => ({ payer: "wi" as Who, day, sharePermille: 0 })),
  fc.constantFrom(22, 23, 24).map((day) => ({ payer: "svb" as Who, day, sharePermille: 0 })),
);

const householdArb: fc.Arbitrary<Household> = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constant<HouseholdKind>("solvent") },
      { weight: 2, arbitrary: fc.constant<HouseholdKind>("short") },
      { weight: 2, arbitrary: fc.constant<HouseholdKind>("shock") },
    ),
    mainStreamArb,
    fc.option(fc.integer({ min: 80, max: 350 }), { freq: 2 }),
    fc.integer({ min: 0, max: 1000 }),
  )
  .map(([kind, main, toeslagenShare, u]) => {
    const coverPermille = kind === "short" ? 550 + Math.floor((u * 400) / 1000) : 1030 + Math.floor((u * 470) / 1000);
    const streams: Stream[] = [{ ...main, sharePermille: 1000 - (toeslagenShare ?? 0) }];
    if (toeslagenShare !== null) streams.push({ payer: "toeslagen", day: 20, sharePermille: toeslagenShare });
    return { kind, coverPermille, streams };
  });

/** What the plan in force costs a month: fixed costs plus 52/12 weeks of living money. */
function monthlyNeed(v: M.VaultState): bigint {
  return v.buckets.reduce((a, b) => a + b.amountPerMonth, 0n) + (v.weekly * 52n) / 12n;
}

interface Box {
  w: M.World;
}

const stats = {
  sequences: 0,
  steps: 0,
  txs: 0,
  reverts: 0,
  byCommand: {} as Record<string, number>,
  creditorPaid: 0,
  missed: 0,
  deferred: 0,
  plansApplied: 0,
  arrearsRefusals: 0,
  droppedDueRefusals: 0,
  notCaughtUp: 0,
  closes: 0,
  weeksPaid: 0,
  shortWeeks: 0,
  savingsWithdrawals: 0,
  claimsPushed: 0,
  incomes: 0,
  /** IncomeReceived events (deposits that wait), Allocated(Income) splits of waiting income. */
  incomeReceived: 0,
  incomeSplits: 0,
  /** previewAllocation() compared with the model; of those with income waiting; splits that matched the preview. */
  previews: 0,
  previewsWaiting: 0,
  splitsAsPreviewed: 0,
  households: { solvent: 0, short: 0, shock: 0 } as Record<HouseholdKind, number>,
};

const lower = (a: string) => a.toLowerCase();
/** PROPERTY_DEBUG=1: which command's transaction found each missed month. */
const missedBy: Record<string, number> = {};

function revertName(r: Real, e: unknown): string {
  const data = findRevertData(e);
  if (data) {
    for (const iface of r.ifaces) {
      try {
        const parsed = iface.parseError(data);
        if (parsed) return parsed.name;
      } catch {
        // not this interface
      }
    }
    return `unknown error data ${data.slice(0, 10)}`;
  }
  return `no revert data (${e instanceof Error ? e.message.slice(0, 200) : String(e)})`;
}

function fmtPlan(p: M.Plan): string {
  const b = p.buckets.map((x) => `${x.category}/${x.dueDay}/${x.amountPerMonth}/${x.creditor.slice(0, 6)}`).join(",");
  return `[${b}] weekly=${p.weeklyLivingMoney} buffer=${p.bufferTarget}`;
}

function toChainPlan(p: M.Plan) {
  return {
    buckets: p.buckets.map((b) => ({
      category: b.category,
      dueDay: b.dueDay,
      amountPerMonth: b.amountPerMonth,
      creditor: ethers.getAddress(b.creditor),
    })),
    weeklyLivingMoney: p.weeklyLivingMoney,
    bufferTarget: p.bufferTarget,
  };
}

function planHash(vault: string, nonce: bigint, p: M.Plan): string {
  const coder = ethers.AbiCoder.defaultAbiCoder();
  const encoded = coder.encode(
    [
      "address",
      "uint256",
      "tuple(tuple(uint8 category,uint8 dueDay,uint96 amountPerMonth,address creditor)[] buckets,uint128 weeklyLivingMoney,uint128 bufferTarget)",
    ],
    [
      vault,
      nonce,
      [
        p.buckets.map((b) => [b.category, b.dueDay, b.amountPerMonth, ethers.getAddress(b.creditor)]),
        p.weeklyLivingMoney,
        p.bufferTarget,
      ],
    ],
  );
  return ethers.keccak256(encoded);
}

// ---------------------------------------------------------------------------------------------
// previewAllocation(): the chain's view against the model's
// ---------------------------------------------------------------------------------------------

function allocationParts(a: M.Preview): bigint {
  return a.toBuckets.reduce((x, y) => x + y, 0n) + a.toLivingMoney + a.toAdvanceRepayment + a.toBuffer + a.toSavings;
}

/**
 * previewAllocation() in the pending block, whose timestamp the caller has just set to `w.now`
 * (Hardhat's eth_call on "pending" runs at the next block's timestamp), against the model's
 * preview at the same time: amount and every part.
 */
async function checkPreview(w: M.World, r: Real, label: string): Promise<M.Preview> {
  const p = await r.sys.vault.previewAllocation({ blockTag: "pending" });
  const got: M.Preview = {
    amount: p.amount,
    toBuckets: [...p.toBuckets],
    toLivingMoney: p.toLivingMoney,
    toAdvanceRepayment: p.toAdvanceRepayment,
    toBuffer: p.toBuffer,
    toSavings: p.toSavings,
  };
  const at = new Date(w.now * 1000).toISOString();
  expect(allocationParts(got), `I2 exact split: ${label}: previewAllocation() at ${at}: parts ≠ amount`).to.equal(
    got.amount,
  );
  expect(got, `${label}: previewAllocation() at ${at} differs from the model`).to.deep.equal(M.previewAllocation(w));
  stats.previews++;
  if (got.amount > 0n) stats.previewsWaiting++;
  return got;
}

// ---------------------------------------------------------------------------------------------
// Running one transaction against both sides
// ---------------------------------------------------------------------------------------------

type Send = (overrides: { gasLimit: bigint }) => Promise<ContractTransactionResponse>;

/**
 * Sends one transaction at exactly `m.w.now` (an explicit gas limit skips estimation, so a revert
 * is mined too and time is deterministic), checks it against the model's outcome, and moves the
 * model on. Returns the vault's parsed logs when the call succeeded.
 */
async function exec(m: Box, r: Real, label: string, expected: M.Outcome, send: Send): Promise<LogDescription[] | null> {
  const pre = m.w;
  await time.setNextBlockTimestamp(pre.now);
  // What a keeper call in this very block would split: the model's, and (below) the call's own.
  const preview = await checkPreview(pre, r, `${label} (before)`);
  let receipt: ContractTransactionReceipt | null = null;
  let error: unknown = undefined;
  try {
    const tx = await send({ gasLimit: GAS });
    receipt = await tx.wait();
  } catch (e) {
    error = e;
  }
  stats.txs++;
  const latest = await ethers.provider.getBlock("latest");
  expect(latest?.timestamp, `${label}: the transaction was not mined at the model's time`).to.equal(pre.now);

  if (!expected.ok) {
    stats.reverts++;
    if (error === undefined) {
      throw new Error(`${label}: expected a revert with one of [${expected.errors.join(", ")}], but it succeeded`);
    }
    const name = revertName(r, error);
    if (!expected.errors.includes("*") && !expected.errors.includes(name)) {
      throw new Error(`${label}: expected a revert with one of [${expected.errors.join(", ")}], got ${name}`);
    }
    m.w = { ...pre, now: pre.now + 1 };
    return null;
  }
  if (error !== undefined) {
    if (expected.either) {
      stats.reverts++;
      m.w = { ...pre, now: pre.now + 1 };
      return null;
    }
    throw new Error(`${label}: expected success, reverted with ${revertName(r, error)}`);
  }
  const logs = (receipt?.logs ?? [])
    .filter((l) => lower(l.address) === lower(r.vaultAddress))
    .map((l) => r.sys.vault.interface.parseLog(l))
    .filter((l): l is LogDescription => l !== null);
  checkEvents(pre, r, label, expected.fx, logs);
  // The chain against itself: a split of waiting income is what previewAllocation() showed for this block.
  const split = logs.find((l) => l.name === "Allocated" && Number(l.args.source) === M.Source.Income);
  if (split) {
    expect(
      {
        amount: split.args.amount as bigint,
        toBuckets: [...(split.args.toBuckets as bigint[])],
        toLivingMoney: split.args.toLivingMoney as bigint,
        toAdvanceRepayment: split.args.toAdvanceRepayment as bigint,
        toBuffer: split.args.toBuffer as bigint,
        toSavings: split.args.toSavings as bigint,
      },
      `${label}: the split of waiting income differs from previewAllocation() in the same block`,
    ).to.deep.equal(preview);
    stats.splitsAsPreviewed++;
  }
  m.w = { ...expected.world, now: pre.now + 1 };
  return logs;
}

function checkEvents(pre: M.World, r: Real, label: string, fx: M.Effects, logs: LogDescription[]): void {
  const now = pre.now;
  // A deposit only tags the income (IncomeReceived); the split comes with the next keeper call.
  const received = logs
    .filter((l) => l.name === "IncomeReceived")
    .map((l) => ({ source: Number(l.args.source), amount: l.args.amount as bigint }));
  expect(received, `${label}: IncomeReceived events differ from the model`).to.deep.equal(fx.incomeReceived);
  stats.incomeReceived += received.length;
  // I2: every Allocated event's parts add up exactly; and they are the model's split.
  const allocated = logs.filter((l) => l.name === "Allocated");
  for (const l of allocated) {
    const parts =
      (l.args.toBuckets as bigint[]).reduce((a, b) => a + b, 0n) +
      l.args.toLivingMoney +
      l.args.toAdvanceRepayment +
      l.args.toBuffer +
      l.args.toSavings;
    expect(parts, `I2 exact split: ${label}: Allocated parts ≠ amount`).to.equal(l.args.amount);
  }
  const got = allocated.map((l) => ({
    source: Number(l.args.source),
    amount: l.args.amount as bigint,
    toBuckets: [...(l.args.toBuckets as bigint[])],
    toLivingMoney: l.args.toLivingMoney as bigint,
    toAdvanceRepayment: l.args.toAdvanceRepayment as bigint,
    toBuffer: l.args.toBuffer as bigint,
    toSavings: l.args.toSavings as bigint,
  }));
  expect(got, `${label}: Allocated events differ from the model's waterfall`).to.deep.equal(fx.allocations);
  stats.incomeSplits += got.filter((a) => a.source === M.Source.Income).length;

  // I4: each bucket pays each month at most once, and never before its due date.
  const paid = logs.filter((l) => l.name === "CreditorPaid");
  expect(
    paid.map((l) => [Number(l.args.bucketIndex), Number(l.args.monthIndex), l.args.amount as bigint]),
    `${label}: CreditorPaid events differ from the model`,
  ).to.deep.equal(fx.creditorPaid.map((p) => [p.bucket, p.month, p.amount]));
  for (const p of fx.creditorPaid) {
    const key = `${p.uid}:${p.month}`;
    expect(r.paidOnce.has(key), `I4 at most once: ${label}: bucket ${p.bucket} paid month ${p.month} twice`).to.be
      .false;
    r.paidOnce.add(key);
    const dueDay = pre.vault.buckets[p.bucket].dueDay;
    expect(M.dueAt(p.month, dueDay) <= now, `I4 never early: ${label}: month ${p.month} paid before its due date`).to.be
      .true;
  }
  stats.creditorPaid += paid.length;

  const missed = logs.filter((l) => l.name === "PaymentMissed");
  expect(
    missed.map((l) => [Number(l.args.bucketIndex), Number(l.args.monthIndex), l.args.missing as bigint]),
    `${label}: PaymentMissed events differ from the model`,
  ).to.deep.equal(fx.missed.map((x) => [x.bucket, x.month, x.missing]));
  stats.missed += missed.length;
  if (process.env.PROPERTY_DEBUG && missed.length) {
    const k = label.split("(")[0];
    missedBy[k] = (missedBy[k] ?? 0) + missed.length;
  }

  const deferred = logs.filter((l) => l.name === "PaymentDeferred");
  expect(
    deferred.map((l) => [lower(l.args.payee as string), l.args.amount as bigint]),
    `${label}: PaymentDeferred events differ from the model`,
  ).to.deep.equal(fx.transfers.filter((t) => t.deferred).map((t) => [t.to, t.amount]));
  stats.deferred += deferred.length;

  const arrearsPaid = logs.filter((l) => l.name === "ArrearsPaid");
  expect(
    arrearsPaid.map((l) => [Number(l.args.bucketIndex), l.args.amount as bigint]),
    `${label}: ArrearsPaid events differ from the model`,
  ).to.deep.equal(fx.arrearsPaid.map((x) => [x.bucket, x.amount]));

  // I5: each release pays whole weeks at the weekly amount in force; savings never leave by release.
  const releases = logs.filter((l) => l.name === "LivingMoneyReleased");
  expect(
    releases.map((l) => [Number(l.args.weekCount), l.args.amount as bigint]),
    `${label}: LivingMoneyReleased events differ from the model`,
  ).to.deep.equal(fx.releases.map((x) => [x.weeks, x.amount]));
  for (const l of releases) {
    expect(
      l.args.amount,
      `I5 living money: ${label}: released ${l.args.amount} for ${l.args.weekCount} weeks at ${pre.vault.weekly}/week`,
    ).to.equal(BigInt(l.args.weekCount) * pre.vault.weekly);
    r.weeksPaid += Number(l.args.weekCount);
    stats.weeksPaid += Number(l.args.weekCount);
  }
  // Each short week is reported once (I5): the reports never count more weeks than have elapsed unpaid.
  const short = logs.filter((l) => l.name === "LivingMoneyShort").map((l) => Number(l.args.weekCount));
  expect(short, `${label}: LivingMoneyShort events differ from the model`).to.deep.equal(fx.shortWeeks);
  for (const k of short) {
    r.shortReported += k;
    stats.shortWeeks += k;
  }
  expect(
    r.shortReported <= M.weeksElapsed(pre.vault, now),
    `I5 short weeks once: ${label}: ${r.shortReported} short weeks reported, only ${M.weeksElapsed(pre.vault, now)} elapsed`,
  ).to.be.true;
  expect(
    logs.filter((l) => l.name === "SavingsUsed").map((l) => l.args.amount as bigint),
    `${label}: SavingsUsed events differ from the model`,
  ).to.deep.equal(fx.savingsUsed);
  expect(
    logs.filter((l) => l.name === "SavingsWithdrawn").map((l) => l.args.amount as bigint),
    `${label}: SavingsWithdrawn events differ from the model`,
  ).to.deep.equal(fx.savingsWithdrawn);
}

// ---------------------------------------------------------------------------------------------
// Comparing every observable value after each step
// ---------------------------------------------------------------------------------------------

async function compareAll(m: Box, r: Real, label: string): Promise<void> {
  const { vault, token } = r.sys;
  const w = m.w;
  const v = w.vault;
  const claimants: Who[] = [...CREDITORS, "resident", "treasury", "stranger"];
  const holders: Who[] = [...CREDITORS, "resident", "treasury", "admin", "svb", "toeslagen", "wi", "stranger"];
  const [buckets, accounts, schedule, paused, closed, exitAt, plan, pending, coach, claims, balances, vaultBalance] =
    await Promise.all([
      vault.buckets(),
      vault.accounts(),
      vault.livingMoneySchedule(),
      vault.paused(),
      vault.closed(),
      vault.exitAvailableAt(),
      vault.plan(),
      vault.pendingPlan(),
      vault.coach(),
      Promise.all(claimants.map((c) => vault.claimable(r.addr[c]))),
      Promise.all(holders.map((h) => token.balanceOf(r.addr[h]))),
      token.balanceOf(r.vaultAddress),
    ]);
  const at = `${label} (t=${new Date((w.now - 1) * 1000).toISOString()})`;

  expect(buckets.length, `${at}: bucket count`).to.equal(v.buckets.length);
  v.buckets.forEach((b, i) => {
    const c = buckets[i];
    const view = {
      category: Number(c.category),
      dueDay: Number(c.dueDay),
      amountPerMonth: c.amountPerMonth,
      creditor: lower(c.creditor),
      balance: c.balance,
      arrears: c.arrears,
      paidThroughMonth: Number(c.paidThroughMonth),
      nextDueAt: Number(c.nextDueAt),
    };
    const want = {
      category: b.category,
      dueDay: b.dueDay,
      amountPerMonth: b.amountPerMonth,
      creditor: b.creditor,
      balance: b.balance,
      arrears: b.arrears,
      paidThroughMonth: b.paidThroughMonth,
      nextDueAt: M.nextDueAt(b),
    };
    expect(view, `${at}: bucket ${i}`).to.deep.equal(want);
  });
  const gotAccounts = {
    livingMoney: accounts.livingMoney,
    buffer: accounts.buffer,
    savings: accounts.savings,
    repaymentHeld: accounts.repaymentHeld,
    advanceOutstanding: accounts.advanceOutstanding,
    claimable: accounts.claimable,
    unallocated: accounts.unallocated,
  };
  expect(gotAccounts, `${at}: accounts()`).to.deep.equal({
    livingMoney: v.livingMoney,
    buffer: v.buffer,
    savings: v.savings,
    repaymentHeld: v.repaymentHeld,
    advanceOutstanding: v.advanceOutstanding,
    claimable: M.totalClaimable(v),
    unallocated: M.unallocated(w),
  });
  expect(Number(schedule.weeksReleased), `${at}: weeksReleased`).to.equal(v.weeksReleased);
  expect(Number(schedule.nextReleaseAt), `${at}: nextReleaseAt`).to.equal(v.start + (v.weeksReleased + 1) * M.WEEK);
  expect(paused, `${at}: paused`).to.equal(v.paused);
  expect(closed, `${at}: closed`).to.equal(v.closed);
  expect(Number(exitAt), `${at}: exitAvailableAt`).to.equal(v.exitAvailableAt);
  expect(lower(coach), `${at}: coach`).to.equal(v.coach);
  const chainPlan: M.Plan = {
    buckets: plan.buckets.map((b) => ({
      category: Number(b.category),
      dueDay: Number(b.dueDay),
      amountPerMonth: b.amountPerMonth,
      creditor: lower(b.creditor),
    })),
    weeklyLivingMoney: plan.weeklyLivingMoney,
    bufferTarget: plan.bufferTarget,
  };
  expect(M.plansEqual(chainPlan, M.currentPlan(v)), `${at}: plan() ${fmtPlan(chainPlan)} vs model`).to.be.true;
  if (v.pending === null) {
    expect(pending.planHash, `${at}: a pending plan is left`).to.equal(ethers.ZeroHash);
  } else {
    expect(pending.planHash, `${at}: pending plan hash`).to.equal(planHash(r.vaultAddress, pending.nonce, v.pending));
  }
  claimants.forEach((c, i) => expect(claims[i], `${at}: claimable(${c})`).to.equal(v.claimable[r.addr[c]] ?? 0n));
  holders.forEach((h, i) => expect(balances[i], `${at}: balanceOf(${h})`).to.equal(w.balances[r.addr[h]] ?? 0n));
  expect(vaultBalance, `${at}: balanceOf(vault)`).to.equal(w.balances[r.vaultAddress] ?? 0n);

  // I1 conservation, measured on the chain's own views.
  const trackedOnChain =
    buckets.reduce((a, b) => a + b.balance, 0n) +
    accounts.livingMoney +
    accounts.buffer +
    accounts.savings +
    accounts.repaymentHeld +
    accounts.claimable;
  expect(vaultBalance >= trackedOnChain, `I1 conservation: ${at}: balance ${vaultBalance} < tracked ${trackedOnChain}`)
    .to.be.true;
  expect(accounts.unallocated, `I1 conservation: ${at}: unallocated ≠ balance − tracked`).to.equal(
    vaultBalance - trackedOnChain,
  );

  // I3 ledger: in = creditors + resident + treasury + held (held includes claimables).
  const received = (who: Who, i: number) => balances[i] - r.startBalances[r.addr[who]];
  let out = 0n;
  holders.forEach((h, i) => {
    if ((CREDITORS as readonly string[]).includes(h) || h === "resident" || h === "treasury") out += received(h, i);
  });
  expect(r.totalIn, `I3 ledger: ${at}: in ≠ paid out + held`).to.equal(out + vaultBalance);
  expect(vaultBalance >= accounts.claimable, `I3 ledger: ${at}: claimables not held`).to.be.true;

  // I5: whole weeks released never run ahead of the calendar.
  expect(v.weeksReleased <= M.weeksElapsed(v, w.now - 1), `I5 living money: ${at}: weeks released ahead of time`).to.be
    .true;
  expect(r.weeksPaid, `I5 living money: ${at}: weeks in LivingMoneyReleased ≠ weeksReleased`).to.equal(
    Number(schedule.weeksReleased),
  );

  // How the waiting income would be split by a keeper call now (the model's clock, after any time
  // jump): the view against the model.
  await time.setNextBlockTimestamp(w.now);
  await checkPreview(w, r, at);
  // When a keeper call has work (the stored nextDueAt, release's next work, waiting income), read
  // at the same time: any time at or before now means now.
  const keeperAt = await vault.nextKeeperCallAt({ blockTag: "pending" });
  expect(M.keeperCallKey(keeperAt, w.now), `${at}: nextKeeperCallAt() = ${keeperAt}`).to.equal(
    M.keeperCallKey(M.nextKeeperCallAt(w), w.now),
  );
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

type AmountSpec =
  | { kind: "cents"; cents: number }
  | { kind: "raw"; raw: bigint }
  | { kind: "zero" }
  | { kind: "huge" }
  /** exactly what the buckets' arrears still lack (step 1 of the waterfall), or that plus the next payments */
  | { kind: "arrearsGap" }
  | { kind: "bucketsNeed" };

const amountArb: fc.Arbitrary<AmountSpec> = fc.oneof(
  { weight: 14, arbitrary: fc.integer({ min: 1, max: 300_000 }).map((cents) => ({ kind: "cents" as const, cents })) },
  { weight: 2, arbitrary: fc.bigInt({ min: 1n, max: 100_000n }).map((raw) => ({ kind: "raw" as const, raw })) },
  { weight: 1, arbitrary: fc.constant({ kind: "zero" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "huge" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "arrearsGap" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "bucketsNeed" as const }) },
);

function units(r: Real, cents: number): bigint {
  return BigInt(cents) * 10n ** BigInt(r.sys.decimals - 2);
}

function toAmount(r: Real, a: AmountSpec, w?: M.World): bigint {
  switch (a.kind) {
    case "arrearsGap":
      return w ? w.vault.buckets.reduce((t, b) => t + (b.arrears > b.balance ? b.arrears - b.balance : 0n), 0n) : 1n;
    case "bucketsNeed":
      return w ? M.bucketsNeed(w.vault, w.now) : 1n;
    case "cents":
      return units(r, a.cents);
    case "raw":
      return a.raw;
    case "zero":
      return 0n;
    case "huge":
      return M.MAX_AMOUNT + 1n;
  }
}

function amountLabel(a: AmountSpec): string {
  return a.kind === "cents" ? `€${(a.cents / 100).toFixed(2)}` : a.kind === "raw" ? `${a.raw}u` : a.kind;
}

interface Slot {
  same: boolean;
  creditor: number;
  category: number;
  dueDay: number;
  cents: number;
  keepAmount: boolean;
  keepDueDay: boolean;
}

interface PlanRecipe {
  count: "same" | "minus" | "plus" | number;
  slots: Slot[];
  weeklyCents: number | null;
  bufferCents: number | null;
  invalid: null | Invalid;
  /** Rotate the buckets by this many places (0: keep the order): creditors are matched wherever they sit. */
  rotate: number;
}

type Invalid =
  | "tooMany"
  | "dueDay0"
  | "dueDay32"
  | "zeroAmount"
  | "unapproved"
  | "amountTooLarge"
  | "weeklyTooLarge"
  | "bufferTooLarge";

const slotArb: fc.Arbitrary<Slot> = fc.record({
  same: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  creditor: fc.integer({ min: 0, max: 3 }),
  category: fc.integer({ min: 0, max: 7 }),
  dueDay: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(1, 28, 29, 30, 31)),
  cents: fc.oneof(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 999 })),
  keepAmount: fc.boolean(),
  keepDueDay: fc.boolean(),
});

const recipeArb: fc.Arbitrary<PlanRecipe> = fc.record({
  count: fc.oneof(
    { weight: 4, arbitrary: fc.constant("same" as const) },
    { weight: 2, arbitrary: fc.constant("minus" as const) },
    { weight: 2, arbitrary: fc.constant("plus" as const) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 8 }) },
  ),
  slots: fc.array(slotArb, { minLength: 9, maxLength: 9 }),
  weeklyCents: fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 25_000 }) },
    { weight: 1, arbitrary: fc.constant(0) },
  ),
  bufferCents: fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 60_000 }) },
  ),
  invalid: fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Invalid>(
        "tooMany",
        "dueDay0",
        "dueDay32",
        "zeroAmount",
        "unapproved",
        "amountTooLarge",
        "weeklyTooLarge",
        "bufferTooLarge",
      ),
    },
  ),
  rotate: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 7 }) }),
});

/** A short, replayable description of a plan recipe for counterexamples. */
function recipeLabel(rc: PlanRecipe): string {
  const slots = rc.slots
    .slice(0, 6)
    .map(
      (x) =>
        `${x.same ? "=" : `c${x.creditor}`}:k${x.category}:d${x.keepDueDay ? "=" : x.dueDay}:${x.keepAmount ? "=" : x.cents}`,
    )
    .join(" ");
  const extra = [
    rc.weeklyCents === null ? "" : ` weekly=${rc.weeklyCents}`,
    rc.bufferCents === null ? "" : ` buffer=${rc.bufferCents}`,
    rc.invalid === null ? "" : ` invalid=${rc.invalid}`,
    rc.rotate === 0 ? "" : ` rotate=${rc.rotate}`,
  ].join("");
  return `count=${rc.count}${extra} [${slots}]`;
}

function buildPlan(r: Real, v: M.VaultState, rc: PlanRecipe): M.Plan {
  const cur = M.currentPlan(v);
  const n0 = cur.buckets.length;
  let n =
    rc.count === "same" ? n0 : rc.count === "minus" ? Math.max(0, n0 - 1) : rc.count === "plus" ? n0 + 1 : rc.count;
  n = Math.min(n, M.MAX_BUCKETS);
  if (rc.invalid === "tooMany") n = M.MAX_BUCKETS + 1;
  if (rc.invalid !== null && n === 0) n = 1;
  const buckets: M.BucketPlan[] = [];
  for (let i = 0; i < n; i++) {
    const s = rc.slots[i];
    const old = cur.buckets[i];
    if (s.same && old) {
      buckets.push({
        category: s.keepAmount ? old.category : s.category,
        dueDay: s.keepDueDay ? old.dueDay : s.dueDay,
        amountPerMonth: s.keepAmount ? old.amountPerMonth : units(r, s.cents),
        creditor: old.creditor,
      });
    } else {
      buckets.push({
        category: s.category,
        dueDay: s.dueDay,
        amountPerMonth: units(r, s.cents),
        creditor: r.addr[CREDITORS[s.creditor]],
      });
    }
  }
  if (rc.invalid === "dueDay0") buckets[0].dueDay = 0;
  if (rc.invalid === "dueDay32") buckets[n - 1].dueDay = 32;
  if (rc.invalid === "zeroAmount") buckets[n - 1].amountPerMonth = 0n;
  if (rc.invalid === "unapproved") buckets[0].creditor = r.addr.stranger;
  if (rc.invalid === "amountTooLarge") buckets[n - 1].amountPerMonth = M.MAX_MONTHLY_AMOUNT + 1n;
  const k = buckets.length ? rc.rotate % buckets.length : 0;
  return {
    buckets: [...buckets.slice(k), ...buckets.slice(0, k)],
    weeklyLivingMoney:
      rc.invalid === "weeklyTooLarge"
        ? M.MAX_MONTHLY_AMOUNT + 1n
        : rc.weeklyCents === null
          ? cur.weeklyLivingMoney
          : units(r, rc.weeklyCents),
    bufferTarget:
      rc.invalid === "bufferTooLarge"
        ? M.MAX_AMOUNT + 1n
        : rc.bufferCents === null
          ? cur.bufferTarget
          : units(r, rc.bufferCents),
  };
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

abstract class Cmd implements fc.AsyncCommand<Box, Real> {
  abstract readonly name: string;
  /** Whether the command makes sense in this state (a closed vault allows only a few). */
  check(m: Readonly<Box>): boolean {
    return !m.w.vault.closed || this.afterClose;
  }
  protected afterClose = false;
  async run(m: Box, r: Real): Promise<void> {
    stats.steps++;
    stats.byCommand[this.name] = (stats.byCommand[this.name] ?? 0) + 1;
    await this.act(m, r);
    await compareAll(m, r, this.toString());
  }
  protected abstract act(m: Box, r: Real): Promise<void>;
  abstract toString(): string;
}

/** I9: a paused vault lets nothing out; a closed vault takes nothing in. */
function expectI9(m: Box, outcome: M.Outcome, kind: "outflow" | "inflow", label: string): void {
  const v = m.w.vault;
  if (kind === "outflow" && v.paused) {
    expect(!outcome.ok && outcome.errors.includes("HouseholdVaultIsPaused"), `I9 pause: ${label}`).to.be.true;
  }
  if (kind === "inflow" && v.closed) {
    expect(!outcome.ok && outcome.errors.includes("HouseholdVaultIsClosed"), `I9 close: ${label}`).to.be.true;
  }
}

class Deposit extends Cmd {
  readonly name = "deposit";
  protected afterClose = true;
  constructor(
    readonly payer: Who,
    readonly amount: AmountSpec,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const amount = toAmount(r, this.amount, m.w);
    const out = M.deposit(m.w, r.addr[this.payer], amount);
    expectI9(m, out, "inflow", this.toString());
    const logs = await exec(m, r, this.toString(), out, (o) =>
      r.sys.vault.connect(r.signer[this.payer]).deposit(amount, o),
    );
    if (logs) r.totalIn += amount;
  }
  toString() {
    return `deposit(${this.payer}, ${amountLabel(this.amount)})`;
  }
}

class PlainTransfer extends Cmd {
  readonly name = "plainTransfer";
  protected afterClose = true;
  constructor(readonly amount: AmountSpec) {
    super();
  }
  async act(m: Box, r: Real) {
    const amount =
      this.amount.kind === "huge" || this.amount.kind === "zero" ? 1n : toAmount(r, this.amount, m.w) || 1n;
    const out = M.plainTransfer(m.w, r.addr.admin, amount);
    const logs = await exec(m, r, this.toString(), out, (o) =>
      r.sys.token.connect(r.signer.admin).transfer(r.vaultAddress, amount, o),
    );
    if (logs) r.totalIn += amount;
  }
  toString() {
    return `transfer(admin → vault, ${amountLabel(this.amount)})`;
  }
}

class Allocate extends Cmd {
  readonly name = "allocate";
  protected afterClose = true;
  async act(m: Box, r: Real) {
    const out = M.allocate(m.w);
    expectI9(m, out, "inflow", this.toString());
    await exec(m, r, this.toString(), out, (o) => r.sys.vault.connect(r.signer.keeper).allocate(o));
  }
  toString() {
    return "allocate()";
  }
}

class Advance extends Cmd {
  readonly name = "advance";
  protected afterClose = true;
  constructor(
    readonly caller: Who,
    readonly mode: "fraction" | "need" | "needPlus1" | "capPlus1" | "spec",
    readonly permille: number,
    readonly amount: AmountSpec,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const v = m.w.vault;
    const need = M.bucketsNeed(v, m.w.now);
    const capLeft = m.w.config.advanceCap - v.advanceOutstanding;
    let amount: bigint;
    if (this.mode === "fraction") amount = ((need < capLeft ? need : capLeft) * BigInt(this.permille)) / 1000n;
    else if (this.mode === "need") amount = need;
    else if (this.mode === "needPlus1") amount = need + 1n;
    else if (this.mode === "capPlus1") amount = capLeft + 1n;
    else amount = toAmount(r, this.amount);
    const out = M.advance(m.w, r.addr[this.caller], amount);
    expectI9(m, out, "inflow", this.toString());
    const logs = await exec(m, r, `${this}=${amount}`, out, (o) =>
      r.sys.vault.connect(r.signer[this.caller]).advance(amount, o),
    );
    if (logs) r.totalIn += amount;
  }
  toString() {
    return `advance(${this.caller}, ${this.mode}${this.mode === "fraction" ? ` ${this.permille}‰` : this.mode === "spec" ? ` ${amountLabel(this.amount)}` : ""})`;
  }
}

class Settle extends Cmd {
  readonly name = "settle";
  protected afterClose = true;
  async act(m: Box, r: Real) {
    const out = M.settle(m.w);
    expectI9(m, out, "outflow", this.toString());
    await exec(m, r, this.toString(), out, (o) => r.sys.vault.connect(r.signer.keeper).settle(o));
  }
  toString() {
    return "settle()";
  }
}

class Release extends Cmd {
  readonly name = "release";
  protected afterClose = true;
  async act(m: Box, r: Real) {
    const out = M.release(m.w);
    expectI9(m, out, "outflow", this.toString());
    await exec(m, r, this.toString(), out, (o) => r.sys.vault.connect(r.signer.keeper).release(o));
  }
  toString() {
    return "release()";
  }
}

class Claim extends Cmd {
  readonly name = "claim";
  protected afterClose = true;
  constructor(readonly who: Who) {
    super();
  }
  async act(m: Box, r: Real) {
    const out = M.claim(m.w, r.addr[this.who]);
    expectI9(m, out, "outflow", this.toString());
    await exec(m, r, this.toString(), out, (o) => r.sys.vault.connect(r.signer[this.who]).claim(o));
  }
  toString() {
    return `claim(${this.who})`;
  }
}

class Sweep extends Cmd {
  readonly name = "sweep";
  protected afterClose = true;
  async act(m: Box, r: Real) {
    const out = M.sweep(m.w);
    await exec(m, r, this.toString(), out, (o) => r.sys.vault.connect(r.signer.keeper).sweep(o));
  }
  toString() {
    return "sweep()";
  }
}

type JumpKind =
  "seconds" | "days" | "dueDay" | "beforeDueDay" | "week" | "monthStart" | "leapDay" | "yearEnd" | "long" | "veryLong";

class TimeJump extends Cmd {
  readonly name = "timeJump";
  protected afterClose = true;
  constructor(
    readonly kind: JumpKind,
    readonly n: number,
  ) {
    super();
  }
  target(w: M.World): number {
    const now = w.now;
    const d = new Date(now * 1000);
    switch (this.kind) {
      case "seconds":
        return now + this.n;
      case "days":
        return now + (1 + (this.n % 45)) * M.DAY;
      case "long":
        return now + (60 + (this.n % 150)) * M.DAY;
      case "veryLong": // beyond the 12-month catch-up bound of settle()
        return now + (390 + (this.n % 90)) * M.DAY;
      case "dueDay":
      case "beforeDueDay": {
        const bs = w.vault.buckets;
        const dueDay = bs.length ? bs[this.n % bs.length].dueDay : 1 + (this.n % 31);
        let month = M.monthIndexAt(now);
        while (M.dueAt(month, dueDay) - (this.kind === "beforeDueDay" ? 1 : 0) < now) month++;
        return M.dueAt(month, dueDay) - (this.kind === "beforeDueDay" ? 1 : 0);
      }
      case "week": {
        const k = Math.ceil((now - w.vault.start) / M.WEEK) + (this.n % 3);
        return w.vault.start + k * M.WEEK;
      }
      case "monthStart":
        return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1 + (this.n % 2), 1) / 1000;
      case "leapDay": {
        // 29 February 2028 at 00:00 (or a second before it) while it lies ahead; later, 28 February or 1 March.
        const leap = Date.UTC(2028, 1, 29) / 1000 - (this.n % 2);
        if (leap >= now) return leap;
        let y = d.getUTCFullYear() + 1;
        if (this.n % 3 === 2) y = d.getUTCFullYear() + (Date.UTC(d.getUTCFullYear(), 2, 1) / 1000 > now ? 0 : 1);
        return Date.UTC(y, this.n % 2 ? 2 : 1, this.n % 2 ? 1 : 28) / 1000;
      }
      case "yearEnd": {
        const y = d.getUTCFullYear();
        const candidates = [Date.UTC(y, 11, 31, 23, 59, 59) / 1000, Date.UTC(y + 1, 0, 1) / 1000];
        return candidates[this.n % 2] >= now ? candidates[this.n % 2] : Date.UTC(y + 1, 0, 1) / 1000;
      }
    }
  }
  async act(m: Box) {
    m.w = M.timeJump(m.w, this.target(m.w));
  }
  toString() {
    return `timeJump(${this.kind}, ${this.n})`;
  }
}

async function propose(m: Box, r: Real, caller: Who, plan: M.Plan, label: string): Promise<boolean> {
  const out = M.proposePlan(m.w, r.addr[caller], plan);
  const logs = await exec(m, r, label, out, (o) =>
    r.sys.vault.connect(r.signer[caller]).proposePlan(toChainPlan(plan), o),
  );
  if (!logs) return false;
  const proposed = logs.find((l) => l.name === "PlanProposed");
  expect(proposed, `${label}: no PlanProposed event`).to.not.equal(undefined);
  const nonce = proposed!.args.nonce as bigint;
  expect(nonce > r.lastNonce || r.lastNonce === -1n, `${label}: the proposal nonce did not grow`).to.be.true;
  r.lastNonce = nonce;
  expect(proposed!.args.planHash, `${label}: PlanProposed hash`).to.equal(planHash(r.vaultAddress, nonce, plan));
  return true;
}

async function accept(m: Box, r: Real, caller: Who, plan: M.Plan, label: string): Promise<void> {
  const out = M.acceptPlan(m.w, r.addr[caller], plan);
  if (!out.ok && out.errors.includes("HouseholdVaultBucketHasArrears")) stats.arrearsRefusals++;
  if (!out.ok && out.errors.includes("HouseholdVaultBucketPaymentDue")) stats.droppedDueRefusals++;
  const logs = await exec(m, r, label, out, (o) =>
    r.sys.vault.connect(r.signer[caller]).acceptPlan(toChainPlan(plan), o),
  );
  if (logs) stats.plansApplied++;
}

class ProposePlan extends Cmd {
  readonly name = "proposePlan";
  constructor(
    readonly caller: Who,
    readonly recipe: PlanRecipe,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const plan = buildPlan(r, m.w.vault, this.recipe);
    await propose(m, r, this.caller, plan, `${this} ${fmtPlan(plan)}`);
  }
  toString() {
    return `proposePlan(${this.caller}, ${recipeLabel(this.recipe)})`;
  }
}

class AcceptPlan extends Cmd {
  readonly name = "acceptPlan";
  constructor(
    readonly caller: Who,
    readonly mismatch: boolean,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const v = m.w.vault;
    let plan = v.pending ?? M.currentPlan(v);
    if (this.mismatch) plan = { ...plan, weeklyLivingMoney: plan.weeklyLivingMoney + 1n };
    await accept(m, r, this.caller, plan, `${this} ${fmtPlan(plan)}`);
  }
  toString() {
    return `acceptPlan(${this.caller}${this.mismatch ? ", mismatched" : ""})`;
  }
}

/**
 * The usual consent flow in one step: the coach proposes, the resident accepts; with `atDueDay`,
 * the acceptance lands exactly at 00:00 UTC of a due day of the new plan (a new bucket created on
 * its own due date must not pay that month).
 */
class ProposeAndAccept extends Cmd {
  readonly name = "proposeAndAccept";
  constructor(
    readonly recipe: PlanRecipe,
    readonly atDueDay: number | null,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const plan = buildPlan(r, m.w.vault, this.recipe);
    const label = `${this} ${fmtPlan(plan)}`;
    if (!(await propose(m, r, "coach", plan, label))) return;
    if (this.atDueDay !== null && plan.buckets.length > 0) {
      const dueDay = plan.buckets[this.atDueDay % plan.buckets.length].dueDay;
      let month = M.monthIndexAt(m.w.now);
      while (M.dueAt(month, dueDay) < m.w.now) month++;
      m.w = M.timeJump(m.w, M.dueAt(month, dueDay));
    }
    await accept(m, r, "resident", plan, label);
  }
  toString() {
    return `proposeAndAccept(${recipeLabel(this.recipe)}${this.atDueDay === null ? "" : `, atDueDay ${this.atDueDay}`})`;
  }
}

class RejectPlan extends Cmd {
  readonly name = "rejectPlan";
  constructor(readonly caller: Who) {
    super();
  }
  async act(m: Box, r: Real) {
    const out = M.rejectPlan(m.w, r.addr[this.caller]);
    await exec(m, r, this.toString(), out, (o) => r.sys.vault.connect(r.signer[this.caller]).rejectPlan(o));
  }
  toString() {
    return `rejectPlan(${this.caller})`;
  }
}

class SetCoach extends Cmd {
  readonly name = "setCoach";
  constructor(
    readonly caller: Who,
    readonly coach: Who,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const out = M.setCoach(m.w, r.addr[this.caller], r.addr[this.coach]);
    await exec(m, r, this.toString(), out, (o) =>
      r.sys.vault.connect(r.signer[this.caller]).setCoach(r.addr[this.coach], o),
    );
  }
  toString() {
    return `setCoach(${this.caller} → ${this.coach})`;
  }
}

class Pause extends Cmd {
  readonly name = "pause";
  constructor(
    readonly caller: Who,
    readonly on: boolean,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const who = r.addr[this.caller];
    const out = this.on ? M.pause(m.w, who) : M.unpause(m.w, who);
    await exec(m, r, this.toString(), out, (o) =>
      this.on
        ? r.sys.vault.connect(r.signer[this.caller]).pause(o)
        : r.sys.vault.connect(r.signer[this.caller]).unpause(o),
    );
  }
  toString() {
    return `${this.on ? "pause" : "unpause"}(${this.caller})`;
  }
}

class Exit extends Cmd {
  readonly name = "exit";
  constructor(
    readonly caller: Who,
    readonly request: boolean,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const who = r.addr[this.caller];
    const out = this.request ? M.requestExit(m.w, who) : M.cancelExit(m.w, who);
    const vault = r.sys.vault.connect(r.signer[this.caller]);
    await exec(m, r, this.toString(), out, (o) => (this.request ? vault.requestExit(o) : vault.cancelExit(o)));
  }
  toString() {
    return `${this.request ? "requestExit" : "cancelExit"}(${this.caller})`;
  }
}

/**
 * Income as it really arrives: the next pay day of one of the household's streams (some hours into
 * the UTC day), a deposit of that stream's share of what the plan in force costs a month, times the
 * household's cover; a shock cuts one month's payment.
 */
class PayDay extends Cmd {
  readonly name = "payDay";
  constructor(
    readonly stream: number,
    readonly hour: number,
    readonly shockPermille: number | null,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const h = r.household;
    const s = h.streams[this.stream % h.streams.length];
    const now = m.w.now;
    let month = M.monthIndexAt(now);
    while (M.dueAt(month, s.day) + this.hour * 3600 <= now) month++;
    m.w = M.timeJump(m.w, M.dueAt(month, s.day) + this.hour * 3600);
    let amount = (monthlyNeed(m.w.vault) * BigInt(h.coverPermille) * BigInt(s.sharePermille)) / 1_000_000n;
    if (h.kind === "shock" && this.shockPermille !== null) amount = (amount * BigInt(this.shockPermille)) / 1000n;
    if (amount === 0n) return; // a withheld payment: nothing arrives
    stats.incomes++;
    const out = M.deposit(m.w, r.addr[s.payer], amount);
    expectI9(m, out, "inflow", this.toString());
    const logs = await exec(m, r, `${this} ${s.payer} day ${s.day} ${amount}`, out, (o) =>
      r.sys.vault.connect(r.signer[s.payer]).deposit(amount, o),
    );
    if (logs) r.totalIn += amount;
  }
  toString() {
    return `payDay(${this.stream}, ${this.hour}h${this.shockPermille === null ? "" : `, shock ${this.shockPermille}‰`})`;
  }
}

/** A keeper's round some days later: settle and release in one of the orders a keeper might use. */
class KeeperDay extends Cmd {
  readonly name = "keeperDay";
  protected afterClose = true;
  constructor(
    readonly days: number,
    readonly hour: number,
    readonly order: "settleRelease" | "release" | "releaseSettle",
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const dayStart = Math.floor(m.w.now / M.DAY) * M.DAY;
    m.w = M.timeJump(m.w, dayStart + this.days * M.DAY + this.hour * 3600);
    const calls =
      this.order === "settleRelease"
        ? [new Settle(), new Release()]
        : this.order === "release"
          ? [new Release()]
          : [new Release(), new Settle()];
    for (const c of calls) await c.act(m, r);
  }
  toString() {
    return `keeperDay(+${this.days}d ${this.hour}h, ${this.order})`;
  }
}

class WithdrawSavings extends Cmd {
  readonly name = "withdrawSavings";
  protected afterClose = true;
  constructor(
    readonly mode: "part" | "all" | "allPlus1" | "zero",
    readonly permille: number,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const savings = m.w.vault.savings;
    const amount =
      this.mode === "part"
        ? (savings * BigInt(this.permille)) / 1000n
        : this.mode === "all"
          ? savings
          : this.mode === "allPlus1"
            ? savings + 1n
            : 0n;
    const out = M.withdrawSavings(m.w, r.addr.resident, amount);
    expectI9(m, out, "outflow", this.toString());
    const logs = await exec(m, r, `${this}=${amount}`, out, (o) =>
      r.sys.vault.connect(r.signer.resident).withdrawSavings(amount, o),
    );
    if (logs) stats.savingsWithdrawals++;
  }
  toString() {
    return `withdrawSavings(${this.mode}${this.mode === "part" ? ` ${this.permille}‰` : ""})`;
  }
}

/** Anyone pushes a claimable balance to its own payee. */
class PayClaimable extends Cmd {
  readonly name = "payClaimable";
  protected afterClose = true;
  constructor(readonly payee: Who) {
    super();
  }
  async act(m: Box, r: Real) {
    const out = M.payClaimable(m.w, r.addr[this.payee]);
    expectI9(m, out, "outflow", this.toString());
    const logs = await exec(m, r, this.toString(), out, (o) =>
      r.sys.vault.connect(r.signer.keeper).payClaimable(r.addr[this.payee], o),
    );
    if (logs) stats.claimsPushed++;
  }
  toString() {
    return `payClaimable(${this.payee})`;
  }
}

/** The admin revokes or grants the coach's COACH_ROLE: a proposal by a former coach cannot be accepted. */
class CoachRole extends Cmd {
  readonly name = "coachRole";
  constructor(readonly on: boolean) {
    super();
  }
  async act(m: Box, r: Real) {
    const out = M.setCoachRole(m.w, r.addr.coach, this.on);
    const factory = r.sys.factory.connect(r.signer.admin);
    const role = await factory.COACH_ROLE();
    await exec(m, r, this.toString(), out, (o) =>
      this.on ? factory.grantRole(role, r.addr.coach, o) : factory.revokeRole(role, r.addr.coach, o),
    );
  }
  toString() {
    return `${this.on ? "grant" : "revoke"}CoachRole(coach)`;
  }
}

class Close extends Cmd {
  readonly name = "close";
  protected afterClose = true;
  async act(m: Box, r: Real) {
    const out = M.close(m.w);
    expectI9(m, out, "outflow", this.toString());
    if (!out.ok && out.errors.includes("HouseholdVaultNotCaughtUp")) stats.notCaughtUp++;
    const logs = await exec(m, r, this.toString(), out, (o) => r.sys.vault.connect(r.signer.keeper).close(o));
    if (logs) stats.closes++;
  }
  toString() {
    return "close()";
  }
}

class Blocklist extends Cmd {
  readonly name = "blocklist";
  protected afterClose = true;
  constructor(
    readonly who: Who,
    readonly on: boolean,
  ) {
    super();
  }
  async act(m: Box, r: Real) {
    const out = M.setBlocklisted(m.w, r.addr[this.who], this.on);
    const token = r.sys.token.connect(r.signer.admin);
    await exec(m, r, this.toString(), out, (o) =>
      this.on ? token.blocklist(r.addr[this.who], o) : token.unblocklist(r.addr[this.who], o),
    );
  }
  toString() {
    return `${this.on ? "blocklist" : "unblocklist"}(${this.who})`;
  }
}

class TokenPause extends Cmd {
  readonly name = "tokenPause";
  protected afterClose = true;
  constructor(readonly on: boolean) {
    super();
  }
  async act(m: Box, r: Real) {
    const out = M.setTokenPaused(m.w, this.on);
    const token = r.sys.token.connect(r.signer.admin);
    await exec(m, r, this.toString(), out, (o) => (this.on ? token.pause(o) : token.unpause(o)));
  }
  toString() {
    return `token.${this.on ? "pause" : "unpause"}()`;
  }
}

type StrangerAction =
  | "propose"
  | "residentPropose"
  | "accept"
  | "reject"
  | "setCoach"
  | "pause"
  | "unpause"
  | "advance"
  | "deposit"
  | "requestExit"
  | "approveCreditor"
  | "revokeCreditor"
  | "registerPayer"
  | "grantRole"
  | "revokeRole"
  | "setTreasury"
  | "tokenBlocklist"
  | "withdrawSavings";

/** I6: calls by accounts without the role change nothing (plan, roles, creditors, payers). */
class Stranger extends Cmd {
  readonly name = "stranger";
  protected afterClose = true;
  constructor(readonly action: StrangerAction) {
    super();
  }
  async governance(r: Real): Promise<string> {
    const { vault, factory, token } = r.sys;
    const roles = await Promise.all([
      factory.DEFAULT_ADMIN_ROLE(),
      factory.REGISTRAR_ROLE(),
      factory.COACH_ROLE(),
      factory.GUARDIAN_ROLE(),
      factory.TREASURER_ROLE(),
    ]);
    const people: Who[] = ["admin", "coach", "resident", "stranger", "keeper"];
    const values = await Promise.all([
      vault.plan(),
      vault.pendingPlan(),
      vault.coach(),
      vault.resident(),
      vault.paused(),
      vault.exitAvailableAt(),
      factory.treasury(),
      ...roles.flatMap((role) => people.map((p) => factory.hasRole(role, r.addr[p]))),
      ...[...CREDITORS, "stranger" as const].map((c) => factory.isApprovedCreditor(r.addr[c])),
      ...(["svb", "toeslagen", "wi", "stranger"] as const).map((p) => factory.payerSource(r.addr[p])),
      ...WHO.map((p) => token.isBlocklisted(r.addr[p])),
    ]);
    return JSON.stringify(values, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  }
  async act(m: Box, r: Real) {
    const before = await this.governance(r);
    const s = r.addr.stranger;
    const w = m.w;
    const vault = r.sys.vault.connect(r.signer.stranger);
    const factory = r.sys.factory.connect(r.signer.stranger);
    const plan = M.currentPlan(w.vault);
    const chainPlan = toChainPlan(plan);
    const factoryDenied: M.Outcome = { ok: false, errors: ["AccessControlUnauthorizedAccount"] };
    let out: M.Outcome;
    let send: Send;
    switch (this.action) {
      case "propose":
        out = M.proposePlan(w, s, plan);
        send = (o) => vault.proposePlan(chainPlan, o);
        break;
      case "residentPropose":
        out = M.proposePlan(w, r.addr.resident, plan);
        send = (o) => r.sys.vault.connect(r.signer.resident).proposePlan(chainPlan, o);
        break;
      case "accept": {
        const p = w.vault.pending ?? plan;
        out = M.acceptPlan(w, s, p);
        send = (o) => vault.acceptPlan(toChainPlan(p), o);
        break;
      }
      case "reject":
        out = M.rejectPlan(w, s);
        send = (o) => vault.rejectPlan(o);
        break;
      case "setCoach":
        out = M.setCoach(w, s, r.addr.coach);
        send = (o) => vault.setCoach(r.addr.coach, o);
        break;
      case "pause":
        out = M.pause(w, s);
        send = (o) => vault.pause(o);
        break;
      case "unpause":
        out = M.unpause(w, s);
        send = (o) => vault.unpause(o);
        break;
      case "advance":
        out = M.advance(w, s, 1n);
        send = (o) => vault.advance(1n, o);
        break;
      case "deposit":
        out = M.deposit(w, s, 1n);
        send = (o) => vault.deposit(1n, o);
        break;
      case "requestExit":
        out = M.requestExit(w, s);
        send = (o) => vault.requestExit(o);
        break;
      case "approveCreditor":
        out = factoryDenied;
        send = (o) => factory.approveCreditor(s, o);
        break;
      case "revokeCreditor":
        out = factoryDenied;
        send = (o) => factory.revokeCreditor(r.addr.landlord, o);
        break;
      case "registerPayer":
        out = factoryDenied;
        send = (o) => factory.registerPayer(s, 1, o);
        break;
      case "grantRole":
        out = factoryDenied;
        send = async (o) => factory.grantRole(await factory.COACH_ROLE(), s, o);
        break;
      case "revokeRole":
        out = factoryDenied;
        send = async (o) => factory.revokeRole(await factory.COACH_ROLE(), r.addr.coach, o);
        break;
      case "setTreasury":
        out = factoryDenied;
        send = (o) => factory.setTreasury(s, o);
        break;
      case "withdrawSavings":
        out = M.withdrawSavings(w, s, 1n);
        send = (o) => vault.withdrawSavings(1n, o);
        break;
      case "tokenBlocklist":
        out = factoryDenied;
        send = (o) => r.sys.token.connect(r.signer.stranger).blocklist(r.addr.landlord, o);
        break;
    }
    expect(out.ok, `I6 roles: the model lets a stranger ${this.action}`).to.be.false;
    await exec(m, r, this.toString(), out, send);
    expect(await this.governance(r), `I6 roles: ${this} changed the plan, roles, creditors or payers`).to.equal(before);
  }
  toString() {
    return `stranger.${this.action}()`;
  }
}

const who = (...names: Who[]) => fc.constantFrom(...names);

const commandArb: fc.Arbitrary<Cmd> = fc.oneof(
  // Weighted toward the paid path: income on the household's pay days and a keeper running.
  {
    weight: 18,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 20 }),
        fc.oneof(
          { weight: 2, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.integer({ min: 0, max: 700 }) },
        ),
      )
      .map(([st, h, shock]) => new PayDay(st, h, shock)),
  },
  {
    weight: 14,
    arbitrary: fc
      .tuple(
        fc.oneof(
          { weight: 5, arbitrary: fc.integer({ min: 1, max: 9 }) },
          { weight: 1, arbitrary: fc.integer({ min: 10, max: 40 }) },
        ),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom("settleRelease" as const, "release" as const, "releaseSettle" as const),
      )
      .map(([d, h, o]) => new KeeperDay(d, h, o)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("part" as const, "part" as const, "all" as const, "allPlus1" as const, "zero" as const),
        fc.integer({ min: 1, max: 1000 }),
      )
      .map(([mode, pm]) => new WithdrawSavings(mode, pm)),
  },
  { weight: 2, arbitrary: who(...CREDITORS, "resident", "treasury", "stranger").map((w) => new PayClaimable(w)) },
  { weight: 1, arbitrary: fc.boolean().map((on) => new CoachRole(on)) },
  {
    weight: 7,
    arbitrary: fc
      .tuple(
        fc.oneof({ weight: 12, arbitrary: who("svb", "toeslagen", "wi") }, { weight: 1, arbitrary: who("stranger") }),
        amountArb,
      )
      .map(([p, a]) => new Deposit(p, a)),
  },
  { weight: 3, arbitrary: amountArb.map((a) => new PlainTransfer(a)) },
  { weight: 3, arbitrary: fc.constant(new Allocate()) },
  { weight: 7, arbitrary: fc.constant(new Settle()) },
  { weight: 5, arbitrary: fc.constant(new Release()) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.oneof({ weight: 8, arbitrary: who("admin") }, { weight: 1, arbitrary: who("stranger") }),
        fc.constantFrom("fraction", "fraction", "need", "needPlus1", "capPlus1", "spec" as const),
        fc.integer({ min: 0, max: 1000 }),
        amountArb,
      )
      .map(([c, mode, pm, a]) => new Advance(c, mode, pm, a)),
  },
  {
    weight: 10,
    arbitrary: fc
      .tuple(
        // Gaps of months (and beyond the 12-month catch-up) stay in, but rarer: each turns a
        // whole run's months into arrears.
        fc.oneof(
          {
            weight: 60,
            arbitrary: fc.constantFrom<JumpKind>(
              "seconds",
              "days",
              "days",
              "dueDay",
              "dueDay",
              "beforeDueDay",
              "week",
              "monthStart",
              "seconds",
              "days",
              "dueDay",
            ),
          },
          { weight: 2, arbitrary: fc.constant<JumpKind>("long") },
          { weight: 1, arbitrary: fc.constant<JumpKind>("veryLong") },
          { weight: 1, arbitrary: fc.constant<JumpKind>("leapDay") },
          { weight: 1, arbitrary: fc.constant<JumpKind>("yearEnd") },
        ),
        fc.integer({ min: 1, max: 3 * 86_400 }),
      )
      .map(([k, n]) => new TimeJump(k, n)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(who("coach", "coach", "coach", "resident", "stranger"), recipeArb)
      .map(([c, rc]) => new ProposePlan(c, rc)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(who("resident", "resident", "resident", "coach"), fc.boolean())
      .map(([c, mm]) => new AcceptPlan(c, mm && c === "resident")),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(recipeArb, fc.option(fc.integer({ min: 0, max: 7 }), { freq: 2 }))
      .map(([rc, at]) => new ProposeAndAccept(rc, at)),
  },
  { weight: 1, arbitrary: who("resident", "coach").map((c) => new RejectPlan(c)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<[Who, Who]>(["admin", "coach"], ["admin", "resident"], ["admin", "stranger"], ["stranger", "coach"])
      .map(([c, n]) => new SetCoach(c, n)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.oneof({ weight: 5, arbitrary: who("admin") }, { weight: 1, arbitrary: who("stranger") }), fc.boolean())
      .map(([c, on]) => new Pause(c, on)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof({ weight: 5, arbitrary: who("resident") }, { weight: 1, arbitrary: who("coach") }), fc.boolean())
      .map(([c, on]) => new Exit(c, on)),
  },
  { weight: 1, arbitrary: fc.constant(new Close()) },
  { weight: 1, arbitrary: fc.constant(new Sweep()) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.oneof({ weight: 6, arbitrary: who(...CREDITORS) }, { weight: 1, arbitrary: who("resident", "treasury") }),
        fc.boolean(),
      )
      .map(([w, on]) => new Blocklist(w, on)),
  },
  { weight: 1, arbitrary: fc.boolean().map((on) => new TokenPause(on)) },
  { weight: 3, arbitrary: who(...CREDITORS, "resident", "treasury", "stranger").map((w) => new Claim(w)) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<StrangerAction>(
        "propose",
        "residentPropose",
        "accept",
        "reject",
        "setCoach",
        "pause",
        "unpause",
        "advance",
        "deposit",
        "requestExit",
        "approveCreditor",
        "revokeCreditor",
        "registerPayer",
        "grantRole",
        "revokeRole",
        "setTreasury",
        "tokenBlocklist",
        "withdrawSavings",
      )
      .map((a) => new Stranger(a)),
  },
);

// ---------------------------------------------------------------------------------------------
// Setup, the drain at the end of each run (I7), and the properties
// ---------------------------------------------------------------------------------------------

async function setup(fixture: () => Promise<System>, household: Household): Promise<{ model: Box; real: Real }> {
  const sys = await loadFixture(fixture);
  const { vault, factory, token, implementation, accounts } = sys;
  const signer = accounts as unknown as Record<Who, HardhatEthersSigner>;
  const addr = Object.fromEntries(WHO.map((w) => [w, lower(signer[w].address)])) as Record<Who, string>;
  const vaultAddress = lower(await vault.getAddress());
  const real: Real = {
    sys,
    vaultAddress,
    addr,
    signer,
    ifaces: [vault.interface, factory.interface, token.interface],
    startBalances: {},
    totalIn: 0n,
    paidOnce: new Set(),
    weeksPaid: 0,
    shortReported: 0,
    lastNonce: -1n,
    household,
  };

  // I8: the vault was initialised by the factory; neither it nor the implementation takes a second initialisation.
  for (const target of [vault, implementation]) {
    let error: unknown = undefined;
    try {
      await (
        await target.connect(signer.admin).initialize(addr.resident, addr.coach, sys.plan, { gasLimit: GAS })
      ).wait();
    } catch (e) {
      error = e;
    }
    expect(error, "I8 initialisation: a second initialize succeeded").to.not.equal(undefined);
    expect(revertName(real, error), "I8 initialisation").to.equal("InvalidInitialization");
  }

  const created = await factory.queryFilter(factory.filters.VaultCreated());
  const start = (await created[0].getBlock()).timestamp;
  const tracked = [...WHO.map((w) => addr[w]), vaultAddress];
  const balances = await Promise.all(tracked.map((a) => token.balanceOf(a)));
  tracked.forEach((a, i) => (real.startBalances[a] = balances[i]));
  expect(real.startBalances[vaultAddress], "the fixture's vault starts empty").to.equal(0n);

  const [coachRole, adminRole, registrarRole, guardianRole, treasurerRole] = await Promise.all([
    factory.COACH_ROLE(),
    factory.DEFAULT_ADMIN_ROLE(),
    factory.REGISTRAR_ROLE(),
    factory.GUARDIAN_ROLE(),
    factory.TREASURER_ROLE(),
  ]);
  const holders = async (role: string) => {
    const has = await Promise.all(WHO.map((w) => factory.hasRole(role, addr[w])));
    return WHO.filter((_w, i) => has[i]).map((w) => addr[w]);
  };
  void adminRole;
  const payers: Record<string, number> = {};
  for (const p of ["svb", "toeslagen", "wi"] as const) payers[addr[p]] = Number(await factory.payerSource(addr[p]));
  const config: M.Config = {
    vault: vaultAddress,
    treasury: lower(await factory.treasury()),
    registrars: await holders(registrarRole),
    guardians: await holders(guardianRole),
    treasurers: await holders(treasurerRole),
    coaches: await holders(coachRole),
    approvedCreditors: CREDITORS.map((c) => addr[c]),
    payers,
    advanceCap: await factory.ADVANCE_CAP(),
    exitNotice: Number(await factory.EXIT_NOTICE_PERIOD()),
  };
  const plan: M.Plan = {
    buckets: (sys.plan.buckets as M.BucketPlan[]).map((b) => ({
      category: Number(b.category),
      dueDay: Number(b.dueDay),
      amountPerMonth: BigInt(b.amountPerMonth),
      creditor: lower(String(b.creditor)),
    })),
    weeklyLivingMoney: BigInt(sys.plan.weeklyLivingMoney),
    bufferTarget: BigInt(sys.plan.bufferTarget),
  };
  const world = M.initialWorld(config, start, addr.resident, addr.coach, plan, real.startBalances);
  const latest = (await ethers.provider.getBlock("latest"))!.timestamp;
  world.now = latest + 1;
  const model: Box = { w: world };
  await compareAll(model, real, "initial state");
  return { model, real };
}

/** I7: from wherever the run ended, a permitted path moves every cent out of the vault. */
async function drain(m: Box, r: Real): Promise<void> {
  const step = async (cmd: Cmd) => {
    await cmd.run(m, r);
  };
  if (m.w.tokenPaused) await step(new TokenPause(false));
  for (const w of WHO) if (m.w.blocklisted[r.addr[w]]) await step(new Blocklist(w, false));
  if (m.w.vault.paused) await step(new Pause("admin", false));
  if (!m.w.vault.closed) {
    if (m.w.vault.exitAvailableAt === 0) await step(new Exit("resident", true));
    // The household's income goes on during the notice period (a short household's stays short).
    while (m.w.vault.exitAvailableAt - m.w.now > 20 * M.DAY) await step(new PayDay(0, 9, null));
    if (m.w.now < m.w.vault.exitAvailableAt) m.w = M.timeJump(m.w, m.w.vault.exitAvailableAt);
    // More than 12 months behind: close reverts HouseholdVaultNotCaughtUp; settle, then try again.
    for (let i = 0; i < 5; i++) {
      const closing = M.close(m.w);
      if (closing.ok || !closing.errors.includes("HouseholdVaultNotCaughtUp")) break;
      await step(new Close());
      await step(new Settle());
    }
    await step(new Close());
  }
  // Tokens that arrive after closing are not income: nothing splits them (allocate and a deposit
  // revert, previewAllocation shows 0) and sweep passes them to the resident.
  await step(new PlainTransfer({ kind: "raw", raw: 12_345n }));
  await step(new Allocate());
  await step(new Deposit("svb", { kind: "raw", raw: 1n }));
  for (const w of WHO) if ((m.w.vault.claimable[r.addr[w]] ?? 0n) > 0n) await step(new Claim(w));
  if ((m.w.balances[r.vaultAddress] ?? 0n) > 0n) await step(new Sweep());
  const left = await r.sys.token.balanceOf(r.vaultAddress);
  expect(left, "I7 nothing stuck: the vault still holds tokens after close, claims and sweep").to.equal(0n);
  expect(m.w.vault.closed, "I7 nothing stuck: the vault did not close").to.be.true;
}

async function runProperty(fixture: () => Promise<System>, runs: number, steps: number): Promise<void> {
  // Each fixture moves the chain to the same start date: begin from a fresh chain.
  await reset();
  await fc.assert(
    fc.asyncProperty(householdArb, fc.commands([commandArb], { maxCommands: steps, size: "max" }), async (h, cmds) => {
      stats.sequences++;
      stats.households[h.kind]++;
      const { model, real } = await setup(fixture, h);
      await fc.asyncModelRun(() => ({ model, real }), cmds);
      await drain(model, real);
    }),
    { numRuns: runs, seed: SEED, endOnFailure: process.env.PROPERTY_SHRINK === "0" },
  );
}

describe("HouseholdVault against the reference model (stateful properties)", function () {
  this.timeout(0);
  // Timed from this file's first test, not from when mocha loaded the files.
  let started = Date.now();
  before(function () {
    started = Date.now();
  });

  after(function () {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `      property runs: ${stats.sequences} sequences, ${stats.steps} steps (${stats.txs} transactions, ` +
        `${stats.reverts} expected reverts) in ${seconds}s; seed ${SEED}, max ${STEPS} steps. ` +
        `Creditor payments ${stats.creditorPaid}, missed ${stats.missed}, deferred ${stats.deferred}, ` +
        `plans applied ${stats.plansApplied}, refused for arrears ${stats.arrearsRefusals}, closes ${stats.closes}.`,
    );
    console.log(
      `      mix: ${stats.sequences} sequences (${stats.households.solvent} solvent, ${stats.households.short} short, ` +
        `${stats.households.shock} shock), ${stats.steps} steps, ${stats.incomes} pay-day incomes, ` +
        `${stats.creditorPaid} creditor payments, ${stats.missed} missed months, ${stats.weeksPaid} weeks paid, ` +
        `${stats.shortWeeks} short weeks, ${stats.plansApplied} plan changes, ${stats.savingsWithdrawals} savings withdrawals, ` +
        `${stats.claimsPushed} claims pushed, ${stats.droppedDueRefusals} drops refused (month due), ` +
        `${stats.notCaughtUp} closes not caught up.`,
    );
    console.log(
      `      income path: ${stats.incomeReceived} deposits waited (IncomeReceived), ${stats.incomeSplits} splits of ` +
        `waiting income (Allocated Income), ${stats.splitsAsPreviewed} of them checked against previewAllocation() in ` +
        `the same block; ${stats.previews} previews compared with the model, ${stats.previewsWaiting} with income waiting.`,
    );
    console.log(`      commands: ${JSON.stringify(stats.byCommand)}`);
    if (process.env.PROPERTY_DEBUG) console.log(`      missed months by command: ${JSON.stringify(missedBy)}`);
  });

  it(`matches the model and keeps I1-I9 at 6 decimals (${RUNS} sequences of up to ${STEPS} steps)`, async function () {
    await runProperty(fixture6, RUNS, STEPS);
  });

  it(`matches the model at 2 decimals (${Math.max(1, Math.floor(RUNS / 5))} sequences)`, async function () {
    await runProperty(fixture2, Math.max(1, Math.floor(RUNS / 5)), STEPS);
  });

  it(`matches the model at 18 decimals (${Math.max(1, Math.floor(RUNS / 5))} sequences)`, async function () {
    await runProperty(fixture18, Math.max(1, Math.floor(RUNS / 5)), STEPS);
  });
});
