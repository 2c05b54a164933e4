/**
 * Gas benchmark (`npm run bench`): measures gas from real receipts on the in-process Hardhat
 * network and writes reports/gas-benchmark.md and reports/gas-benchmark.json.
 *
 * Every figure is a whole transaction's gasUsed (21,000 base and calldata included), measured in
 * warm, realistic state: the second month of a household, after a first month of income,
 * settlement and release, so bucket slots, creditor balances and the resident's balance are all
 * nonzero already. Comparisons use the same token, in the same run, under the same conditions.
 *
 * The income path (issue 8): deposit() only pulls the tokens and tags them (IncomeReceived); the
 * next keeper call (settle, release, allocate, ...) splits everything waiting (Allocated with
 * Source.Income). So the deposit is measured alone and together with the settle() that splits it,
 * against 0xSplits v2's fund + distribute, and the monthly settle with and without income waiting.
 * Each measured transaction's events are checked: a bench of the wrong thing fails loudly.
 *
 * Gas per household-year comes from src/scenario/household-year.ts (the family scenario's year for
 * 1, 10 and 100 households), once with a daily keeper and once with a keeper that calls only when
 * nextKeeperCallAt() says so; the two must end every household in the same state (checked, or the
 * bench fails). BENCH_HOUSEHOLD_YEAR=skip leaves those runs out while iterating.
 *
 * The in-process network defaults to the Osaka hardfork, whose EIP-7825 caps one transaction at
 * 2^24 = 16,777,216 gas. To measure keeper batches beyond that cap, this script runs on Prague
 * (same gas schedule for everything measured here; only the cap differs) unless
 * BENCH_HARDFORK=osaka is set. The report gives the batch size that fits 30M gas and the one that
 * fits under the Osaka cap.
 */
import hre from "hardhat";
import fs from "node:fs";
import path from "node:path";

const HARDFORK = process.env.BENCH_HARDFORK ?? "prague";
/** BENCH_HOUSEHOLD_YEAR=skip leaves out the household-year runs (minutes) while iterating on gas. */
const SKIP_HOUSEHOLD_YEAR = process.env.BENCH_HOUSEHOLD_YEAR === "skip";
(hre.network.config as { hardfork?: string }).hardfork = HARDFORK; // before the provider starts

import { ethers } from "hardhat";
import { time, takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionReceipt, ContractTransactionResponse, Result } from "ethers";
import type { EuroToken, HookToken, HostileAccount, HouseholdVault, HouseholdVaultFactory } from "../typechain-types";
import {
  endStateDifferences,
  GAS_KINDS,
  householdYear,
  type HouseholdYearResult,
  type KeeperMode,
} from "../src/scenario";

const DECIMALS = 6;
const EUR = (a: string) => ethers.parseUnits(a, DECIMALS);
const DAY = 86_400;
const BLOCK_BUDGET = 30_000_000n;
const OSAKA_TX_CAP = 16_777_216n;
const BATCH_SIZES = [10, 50, 100, 200];
const MAX_BATCH = 200;
const Category = { Rent: 0, Energy: 1, Insurance: 2, Water: 3, Telecom: 4 };
/** IHouseholdVault.Source: the payer's tag on a deposit, and the waiting income's split. */
const Source = { SVB: 1n, Income: 7n };
// Issue 8's targets.
const DEPOSIT_TARGET = 1.5; // × a plain transferFrom of the same token
const DEPOSIT_AIM = 1.3;
/** 0xSplits v2 on the same kind of network and token: fund plus distribute to 5 recipients (issue 8). */
const SPLITS_FUND_DISTRIBUTE = 136_194n;
const INCOME_PATH_TARGET = 204_000n; // about 1.5 × SPLITS_FUND_DISTRIBUTE
const SETTLE_TARGET = 0.92; // × four plain transfers, with no income waiting
const ONBOARDING_TARGET = 250_000n;
const BATCH_TARGET = 100; // households per keeper batch within 30M gas
/** Household-year runs: households and the keeper's batch size; each with both keepers. */
const HOUSEHOLD_YEAR_RUNS = [
  { households: 1, batchSize: 1 },
  { households: 10, batchSize: 10 },
  { households: 100, batchSize: 100 },
];
/** "daily" sends every vault every day, "whenDue" only the vaults whose nextKeeperCallAt() has come. */
const KEEPERS: readonly KeeperMode[] = ["daily", "whenDue"];
const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) / 1000;

async function gasOf(tx: Promise<ContractTransactionResponse> | ContractTransactionResponse): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("transaction failed");
  return receipt.gasUsed;
}

interface Measured {
  gas: bigint;
  hash: string;
  events: ParsedEvent[];
}

/** A transaction's gasUsed, hash and the events `contract`'s interface can parse. */
async function measure(
  contract: HouseholdVault | HouseholdVaultFactory,
  tx: Promise<ContractTransactionResponse> | ContractTransactionResponse,
): Promise<Measured> {
  const receipt = (await (await tx).wait())!;
  if (receipt.status !== 1) throw new Error("transaction failed");
  return { gas: receipt.gasUsed, hash: receipt.hash, events: eventsOf(contract, receipt) };
}

/** Fails loudly when a measured transaction did not do what its row says it measures. */
function expectCounts(label: string, events: ParsedEvent[], expected: Record<string, number>): void {
  for (const [name, n] of Object.entries(expected)) {
    if (count(events, name) !== n) {
      throw new Error(
        `${label}: expected ${n} ${name}, saw ${count(events, name)} (events: ${events.map((e) => e.name).join(", ")})`,
      );
    }
  }
}

/** The one Allocated of a keeper call that split `amount` of waiting income (Source.Income). */
function expectIncomeSplit(label: string, events: ParsedEvent[], amount: bigint): ParsedEvent["args"] {
  const allocated = events.filter((e) => e.name === "Allocated");
  if (allocated.length !== 1 || allocated[0].args.source !== Source.Income || allocated[0].args.amount !== amount) {
    throw new Error(
      `${label}: expected one Allocated(Income=${Source.Income}, ${amount}), saw ` +
        allocated.map((a) => `Allocated(${a.args.source}, ${a.args.amount})`).join(", "),
    );
  }
  return allocated[0].args;
}

function describeSplit(a: ParsedEvent["args"]): string {
  const eur = (x: bigint) => ethers.formatUnits(x, DECIMALS);
  return (
    `buckets [${(a.toBuckets as bigint[]).map(eur).join(", ")}], living money ${eur(a.toLivingMoney)}, ` +
    `buffer ${eur(a.toBuffer)}, savings ${eur(a.toSavings)}`
  );
}

interface Row {
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
  note: string;
}

async function main() {
  const signers = await ethers.getSigners();
  const [admin, coach, svb, rentCo, energyCo, insurerCo, waterCo, telecomCo, treasury, keeper, plainRecipient] =
    signers;
  const token = (await ethers.deployContract("EuroToken", [admin.address, DECIMALS])) as unknown as EuroToken;
  const implementation = (await ethers.deployContract("HouseholdVault")) as unknown as HouseholdVault;
  const implementationDeployGas = (await implementation.deploymentTransaction()!.wait())!.gasUsed;
  const factory = (await ethers.deployContract("HouseholdVaultFactory", [
    admin.address,
    await token.getAddress(),
    await implementation.getAddress(),
    treasury.address,
    EUR("1500"),
    30 * DAY,
  ])) as unknown as HouseholdVaultFactory;
  addressNames.set((await token.getAddress()).toLowerCase(), "token");
  addressNames.set((await factory.getAddress()).toLowerCase(), "factory");
  await factory.registerPayer(svb.address, 1);
  for (const c of [rentCo, energyCo, insurerCo, waterCo, telecomCo]) await factory.approveCreditor(c.address);
  await factory.grantRole(await factory.COACH_ROLE(), coach.address);
  await token.mint(svb.address, EUR("100000000"));
  await token.mint(admin.address, EUR("1000000"));
  // Creditors and the plain-transfer recipient already hold tokens, as they would in month two.
  for (const c of [rentCo, energyCo, insurerCo, waterCo, telecomCo, plainRecipient]) {
    await token.mint(c.address, EUR("1"));
  }

  const fourBuckets = {
    buckets: [
      { category: Category.Rent, dueDay: 1, amountPerMonth: EUR("750"), creditor: rentCo.address },
      { category: Category.Energy, dueDay: 5, amountPerMonth: EUR("150"), creditor: energyCo.address },
      { category: Category.Insurance, dueDay: 1, amountPerMonth: EUR("140"), creditor: insurerCo.address },
      { category: Category.Water, dueDay: 20, amountPerMonth: EUR("30"), creditor: waterCo.address },
    ],
    weeklyLivingMoney: EUR("100"),
    bufferTarget: EUR("250"),
  };
  const fiveBuckets = {
    ...fourBuckets,
    buckets: [
      ...fourBuckets.buckets,
      { category: Category.Telecom, dueDay: 15, amountPerMonth: EUR("25"), creditor: telecomCo.address },
    ],
  };

  /**
   * A deposit that must only pull and tag: IncomeReceived(SVB, amount), no Allocated, and the
   * amount waiting as accounts().unallocated. A bench of the wrong thing fails here.
   */
  async function checkedDeposit(vault: HouseholdVault, amount: bigint): Promise<Measured> {
    const waitingBefore = (await vault.accounts()).unallocated;
    const m = await measure(vault, vault.connect(svb).deposit(amount));
    expectCounts("deposit", m.events, { IncomeReceived: 1, Allocated: 0 });
    const received = m.events.find((e) => e.name === "IncomeReceived")!;
    if (received.args.source !== Source.SVB || received.args.amount !== amount) {
      throw new Error(
        `deposit: IncomeReceived(${received.args.source}, ${received.args.amount}), expected (SVB, ${amount})`,
      );
    }
    const waiting = (await vault.accounts()).unallocated - waitingBefore;
    if (waiting !== amount) throw new Error(`deposit: ${waiting} waits in the vault, expected ${amount}`);
    return m;
  }

  let counter = 0;
  async function newVault(
    plan: typeof fourBuckets,
  ): Promise<{ vault: HouseholdVault; createGas: bigint; createHash: string }> {
    const id = ethers.id(`bench-household-${++counter}`);
    // A fixed address per household, so the figures repeat from run to run (calldata zero bytes).
    const resident = ethers.getAddress(ethers.dataSlice(ethers.id(`bench-resident-${counter}`), 12));
    const createTx = await factory.createVault(id, resident, coach.address, plan);
    const createGas = await gasOf(createTx);
    const vault = (await ethers.getContractAt(
      "HouseholdVault",
      await factory.vaultAddress(id),
    )) as unknown as HouseholdVault;
    await token.connect(svb).approve(await vault.getAddress(), ethers.MaxUint256);
    return { vault, createGas, createHash: createTx.hash };
  }

  // A collection-day plan: the same five creditors and amounts, all due on the 1st (Nibud's
  // proposal of one fixed collection day right after income arrives). With it, the keeper call
  // after the income splits it and pays all five at once: like for like with 0xSplits' fund +
  // distribute to 5 recipients.
  const collectionDay = { ...fiveBuckets, buckets: fiveBuckets.buckets.map((b) => ({ ...b, dueDay: 1 })) };

  /** The keeper's daily run (settleAndReleaseMany in batches of 25); no call may fail. */
  async function keeperRun(vaults: HouseholdVault[]): Promise<void> {
    const addresses = await Promise.all(vaults.map((v) => v.getAddress()));
    for (let i = 0; i < addresses.length; i += 25) {
      const tx = await factory
        .connect(keeper)
        .settleAndReleaseMany(addresses.slice(i, i + 25), { gasLimit: 16_000_000 });
      const failed = count(eventsOf(factory, (await tx.wait())!), "KeeperCallFailed");
      if (failed > 0) throw new Error(`keeper run: ${failed} calls failed`);
    }
  }

  // --- Month one (January 2027): households join, get their first income, and the keeper's run
  // that day splits it (deposits only pull and tag; the next keeper call splits). --------------
  await time.increaseTo(utc(2027, 1, 10, 12));
  const onboarding = await newVault(fiveBuckets); // 5 buckets: the deposit, split and onboarding rows
  const collectionVault = (await newVault(collectionDay)).vault; // 5 buckets due on the 1st: split + pay 5
  const settleVault = (await newVault(fourBuckets)).vault; // 4 creditors, the month's income split earlier
  const waitingVault = (await newVault(fourBuckets)).vault; // 4 creditors, the month's income waiting
  const batchVaults: HouseholdVault[] = [];
  for (let i = 0; i < MAX_BATCH; i++) batchVaults.push((await newVault(fourBuckets)).vault);
  const batchAddresses = await Promise.all(batchVaults.map((v) => v.getAddress()));
  const singles = [onboarding.vault, collectionVault, settleVault, waitingVault];

  for (const v of [...singles, ...batchVaults]) await v.connect(svb).deposit(EUR("2000"));
  await keeperRun([...singles, ...batchVaults]); // splits January's income; nothing due or released yet

  // 1 February: the collection-day vault pays its first month (all five on the 1st).
  await time.increaseTo(utc(2027, 2, 1, 6));
  await keeperRun([collectionVault]);
  // 5 February: January's due dates (telecom 15th, water 20th) and February's (1st, 5th), and a
  // first release of living money.
  await time.increaseTo(utc(2027, 2, 5, 6));
  await keeperRun([onboarding.vault, settleVault, waitingVault, ...batchVaults]);

  // --- Month two: the measured operations. ------------------------------------------------------
  await time.increaseTo(utc(2027, 2, 10, 9));
  const incomeAmount = EUR("1600"); // February's income: buckets 1,070 or 1,095, living money, the rest saved
  // February income for the batch vaults and the waiting vault: it waits for the keeper's settle
  // on 5 March (the batch entry splits it before it pays).
  for (const v of [waitingVault, ...batchVaults]) await v.connect(svb).deposit(incomeAmount);
  // The settle vault's February income is split by a keeper call the same day (nothing due).
  await checkedDeposit(settleVault, incomeAmount);
  const settleVaultSplit = await measure(settleVault, settleVault.connect(keeper).settle());
  expectCounts("settle vault's February split", settleVaultSplit.events, { Allocated: 1, CreditorPaid: 0 });

  // 1. A tagged deposit: pull and tag only, into the 5-bucket vault, against a plain transferFrom.
  const deposit = await checkedDeposit(onboarding.vault, incomeAmount);
  const depositGas = deposit.gas;
  const depositBreakdown = await traceBreakdown(deposit.hash);
  await token.connect(svb).approve(keeper.address, ethers.MaxUint256);
  await token.connect(keeper).transferFrom(svb.address, plainRecipient.address, 1n); // warm the allowance path once
  const transferFromTx = await token.connect(keeper).transferFrom(svb.address, plainRecipient.address, incomeAmount);
  const transferFromGas = await gasOf(transferFromTx);
  const transferFromBreakdown = await traceBreakdown(transferFromTx.hash);
  const depositRatio = Number(depositGas) / Number(transferFromGas);

  // 2. The keeper's settle() the same day: splits the waiting income over the 5 buckets; nothing
  // is due on 10 February (telecom on the 15th is next), so it pays no one.
  const splitSettle = await measure(onboarding.vault, onboarding.vault.connect(keeper).settle());
  expectCounts("settle that splits (nothing due)", splitSettle.events, { Allocated: 1, CreditorPaid: 0 });
  const split = expectIncomeSplit("settle that splits (nothing due)", splitSettle.events, incomeAmount);
  const splitSettleBreakdown = await traceBreakdown(splitSettle.hash);
  const depositAndSplitGas = depositGas + splitSettle.gas;

  // 6a. A standalone weekly release: one week due (7 February), no fixed cost due, no income
  // waiting (the settle above split it), so release() only pays the resident.
  const releaseTx = await onboarding.vault.connect(keeper).release();
  const releaseGas = await gasOf(releaseTx);
  const releaseBreakdown = await traceBreakdown(releaseTx.hash);
  const releaseEvents = eventsOf(onboarding.vault, (await releaseTx.wait())!);
  const released = releaseEvents.find((e) => e.name === "LivingMoneyReleased");
  if (
    !released ||
    released.args[0] !== 1n ||
    releaseEvents.some((e) => e.name === "CreditorPaid" || e.name === "Allocated")
  ) {
    throw new Error(
      `the release measure is not one week without settlement or split: ${releaseEvents.map((e) => e.name)}`,
    );
  }
  await token.connect(admin).transfer(plainRecipient.address, 1n); // warm the sender's balance path once
  const plainTransferGas = await gasOf(token.connect(admin).transfer(plainRecipient.address, EUR("100")));
  const releaseRatio = Number(releaseGas) / Number(plainTransferGas);

  // 6b. Onboarding: clone + initialise with 5 buckets, against deploying a full vault contract.
  const onboardingGas = onboarding.createGas;
  const onboardingBreakdown = await traceBreakdown(onboarding.createHash);

  // 3. 1 March, the collection day: March's income arrives and the keeper's settle after it
  // splits it and pays all five creditors in the same call.
  await time.increaseTo(utc(2027, 3, 1, 9));
  const collectionDeposit = await checkedDeposit(collectionVault, incomeAmount);
  const payFive = await measure(collectionVault, collectionVault.connect(keeper).settle());
  expectCounts("settle that splits and pays 5", payFive.events, { Allocated: 1, CreditorPaid: 5, PaymentMissed: 0 });
  expectIncomeSplit("settle that splits and pays 5", payFive.events, incomeAmount);
  const payFiveBreakdown = await traceBreakdown(payFive.hash);
  const depositSplitPayFiveGas = collectionDeposit.gas + payFive.gas;

  // 4 and 5. 5 March: rent and insurance (1st), energy (5th) and February's water (20th) are
  // due. The settle vault's income was split on 10 February; the waiting vault's still waits.
  await time.increaseTo(utc(2027, 3, 5, 6));
  const settleNoIncome = await measure(settleVault, settleVault.connect(keeper).settle());
  expectCounts("settle with no income waiting", settleNoIncome.events, {
    Allocated: 0,
    CreditorPaid: 4,
    PaymentMissed: 0,
  });
  const settleGas = settleNoIncome.gas;
  const settleBreakdown = await traceBreakdown(settleNoIncome.hash);
  const settleWaiting = await measure(waitingVault, waitingVault.connect(keeper).settle());
  expectCounts("settle with the month's income waiting", settleWaiting.events, {
    Allocated: 1,
    CreditorPaid: 4,
    PaymentMissed: 0,
  });
  expectIncomeSplit("settle with the month's income waiting", settleWaiting.events, incomeAmount);
  const settleWaitingBreakdown = await traceBreakdown(settleWaiting.hash);
  let plainTransfersGas = 0n;
  for (const [c, amount] of [
    [rentCo, "750"],
    [energyCo, "150"],
    [insurerCo, "140"],
    [waterCo, "30"],
  ] as const) {
    plainTransfersGas += await gasOf(token.connect(admin).transfer(c.address, EUR(amount)));
  }
  const settleRatio = Number(settleGas) / Number(plainTransfersGas);
  const settleWaitingRatio = Number(settleWaiting.gas) / Number(plainTransfersGas);

  const rows: Row[] = [];
  rows.push({
    measure: "Tagged deposit (pull and tag only), 5-bucket vault, second month",
    value: fmt(depositGas),
    baseline: `${fmt(transferFromGas)} (plain transferFrom)`,
    ratio: depositRatio.toFixed(2),
    target: `≤ ${DEPOSIT_TARGET}`,
    met: depositRatio <= DEPOSIT_TARGET,
    note:
      `IncomeReceived(SVB, ${ethers.formatUnits(incomeAmount, DECIMALS)}) and no Allocated: the income waits in the vault ` +
      `(accounts().unallocated) for the keeper's next call. The ${DEPOSIT_AIM} aim is ` +
      `${depositRatio <= DEPOSIT_AIM ? "met" : `**not met** (${fmt(depositGas)} against ${fmt(BigInt(Math.floor(Number(transferFromGas) * DEPOSIT_AIM)))})`}. ` +
      "Warm state: the vault, payer and recipient balances are nonzero.",
  });
  rows.push({
    measure: "Deposit + the keeper's settle() that splits it over 5 buckets (nothing due that day)",
    value: fmt(depositAndSplitGas),
    baseline: `${fmt(SPLITS_FUND_DISTRIBUTE)} (0xSplits v2 fund + distribute, 5 recipients)`,
    ratio: (Number(depositAndSplitGas) / Number(SPLITS_FUND_DISTRIBUTE)).toFixed(2),
    target: `≤ ${fmt(INCOME_PATH_TARGET)} gas`,
    met: depositAndSplitGas <= INCOME_PATH_TARGET,
    note:
      `Deposit ${fmt(depositGas)} + settle ${fmt(splitSettle.gas)} (10 February, next due date the 15th: one ` +
      `Allocated(Income, ${ethers.formatUnits(incomeAmount, DECIMALS)}), no CreditorPaid). Split: ${describeSplit(split)}. ` +
      "The 0xSplits figure is issue 8's (v2, fund plus distribute to 5 recipients, same kind of network and token).",
  });
  rows.push({
    measure: "Deposit + the keeper's settle() that splits it and pays all 5 creditors",
    value: fmt(depositSplitPayFiveGas),
    baseline: `${fmt(SPLITS_FUND_DISTRIBUTE)} (0xSplits v2 fund + distribute, 5 recipients)`,
    ratio: (Number(depositSplitPayFiveGas) / Number(SPLITS_FUND_DISTRIBUTE)).toFixed(2),
    target: "comparison",
    met: null,
    note:
      `A comparison, not a target: ≤ ${fmt(INCOME_PATH_TARGET)} gas is the issue's ${fmt(INCOME_PATH_TARGET)} read as ` +
      `including five payouts (${fmt(depositSplitPayFiveGas)}, ` +
      `${depositSplitPayFiveGas <= INCOME_PATH_TARGET ? "within it" : `${fmt(depositSplitPayFiveGas - INCOME_PATH_TARGET)} over`}). ` +
      "The issue's 204,000 is 1.5 × 0xSplits' fund + distribute; a settle that pays creditors is measured separately against " +
      "0.92 × four plain transfers, so the income-path target counts the split (deposit + the settle that splits), and this " +
      "like-for-like row is shown for honesty with its gap. " +
      `Deposit ${fmt(collectionDeposit.gas)} + settle ${fmt(payFive.gas)} (one Allocated(Income), 5 CreditorPaid). ` +
      "Like for like with 0xSplits' fund + distribute to 5 recipients: a collection-day plan (the same five creditors and " +
      "amounts, all due on the 1st, as Nibud proposes one fixed collection day right after income arrives); March's income " +
      "is deposited on 1 March at 09:00 and the keeper's settle runs after it, second month (February was paid on 1 February). " +
      "A keeper that ran before the income arrived would pay the 1st from money split earlier and split this income a day later.",
  });
  rows.push({
    measure: "Monthly settle paying 4 creditors, no income waiting, second month",
    value: fmt(settleGas),
    baseline: `${fmt(plainTransfersGas)} (4 plain transfer transactions)`,
    ratio: settleRatio.toFixed(2),
    target: `≤ ${SETTLE_TARGET}`,
    met: settleRatio <= SETTLE_TARGET,
    note:
      "5 March: rent and insurance (1st), energy (5th), February's water (20th). February's income was deposited on " +
      `10 February and split by a keeper settle() that day (${fmt(settleVaultSplit.gas)} gas); this settle emits no Allocated.`,
  });
  rows.push({
    measure: "The same settle with the month's income waiting (split + pay 4)",
    value: fmt(settleWaiting.gas),
    baseline: `${fmt(plainTransfersGas)} (4 plain transfer transactions)`,
    ratio: settleWaitingRatio.toFixed(2),
    target: "",
    met: null,
    note:
      `February's income deposited on 10 February and split by this call: one Allocated(Income), 4 CreditorPaid; ` +
      `the split adds ${fmt(settleWaiting.gas - settleGas)} gas to the settle above.`,
  });
  rows.push({
    measure: "Weekly release of living money (1 week, no fixed cost due), second month",
    value: fmt(releaseGas),
    baseline: `${fmt(plainTransferGas)} (plain transfer)`,
    ratio: releaseRatio.toFixed(2),
    target: "",
    met: null,
    note: "",
  });
  rows.push({
    measure: "Onboarding: factory.createVault (clone + initialise, 5 buckets)",
    value: fmt(onboardingGas),
    baseline: `${fmt(implementationDeployGas)} (deploying HouseholdVault itself)`,
    ratio: (Number(onboardingGas) / Number(implementationDeployGas)).toFixed(2),
    target: `≤ ${fmt(ONBOARDING_TARGET)} gas`,
    met: onboardingGas <= ONBOARDING_TARGET,
    note:
      `Storage writes ${fmt(onboardingBreakdown.sstore)} (${onboardingBreakdown.sstoreCount}, ${onboardingBreakdown.sstoreFresh} fresh slots), ` +
      `reads ${fmt(onboardingBreakdown.sload)}, calls, clone creation and code deposit ${fmt(onboardingBreakdown.calls)}, ` +
      `intrinsic ${fmt(onboardingBreakdown.intrinsic)}, other ${fmt(onboardingBreakdown.other)}.`,
  });

  // 6c. Keeper batch: settle + release for n households in one settleAndReleaseMany. Each entry's
  // settle() splits the February income waiting since 10 February, pays 4 creditors, and its
  // release() pays the resident the weeks due.
  await time.increaseTo(utc(2027, 3, 5, 12));
  const batch: { size: number; gas: bigint | null; perHousehold: number | null; error?: string }[] = [];
  for (const size of BATCH_SIZES) {
    const snapshot = await takeSnapshot();
    try {
      const tx = await factory.connect(keeper).settleAndReleaseMany(batchAddresses.slice(0, size), {
        gasLimit: HARDFORK === "osaka" ? OSAKA_TX_CAP : 59_000_000n,
      });
      const receipt = (await tx.wait())!;
      const names = receipt.logs.map((l) => batchVaults[0].interface.parseLog(l)?.name);
      const paid = names.filter((n) => n === "CreditorPaid").length;
      const released = names.filter((n) => n === "LivingMoneyReleased").length;
      const missed = names.filter((n) => n === "PaymentMissed" || n === "LivingMoneyShort").length;
      const splits = names.filter((n) => n === "Allocated").length;
      if (paid !== 4 * size || released !== size || missed !== 0 || splits !== size) {
        throw new Error(
          `batch of ${size} did not split and pay everyone: ${splits} splits, ${paid} paid, ${released} released, ${missed} short`,
        );
      }
      const gas = receipt.gasUsed;
      batch.push({ size, gas, perHousehold: Number(gas) / size });
    } catch (e) {
      batch.push({ size, gas: null, perHousehold: null, error: (e as Error).message.split("\n")[0].slice(0, 120) });
    }
    await snapshot.restore();
  }
  const measured = batch.filter((b) => b.gas !== null) as { size: number; gas: bigint; perHousehold: number }[];
  const first = measured[0];
  const last = measured[measured.length - 1];
  const slope = Number(last.gas - first.gas) / (last.size - first.size);
  const intercept = Number(first.gas) - slope * first.size;
  const gasPerVault = await factory.GAS_PER_VAULT();
  // By gas alone, and with the batch's guard: it starts a vault only while GAS_PER_VAULT is left.
  const fitsByGas = (budget: bigint) => Math.floor((Number(budget) - intercept) / slope);
  const fitsWithGuard = (budget: bigint) =>
    Math.min(fitsByGas(budget), Math.floor((Number(budget) - intercept - Number(gasPerVault)) / slope) + 1);
  const fit30m = fitsWithGuard(BLOCK_BUDGET);
  const fitCap = fitsWithGuard(OSAKA_TX_CAP);
  const largestMeasuredIn30m = measured.filter((b) => b.gas <= BLOCK_BUDGET).map((b) => b.size);
  const largest = Math.min(MAX_BATCH, fit30m);

  // The real answer: send all 200 with the gas limit and count how many the batch handled.
  const ordinaryRuns: Record<string, BatchRun> = {};
  for (const [name, limit] of [
    ["30M", BLOCK_BUDGET],
    ["2^24", OSAKA_TX_CAP],
  ] as const) {
    ordinaryRuns[name] = await runBatch(factory, keeper, batchAddresses, limit, batchVaults[0]);
  }
  const confirmed = ordinaryRuns["30M"];

  rows.push({
    measure: "Households per settleAndReleaseMany within 30,000,000 gas",
    value: `${confirmed.released} of ${batchAddresses.length} sent`,
    baseline: `${Math.round(slope).toLocaleString("en-US")} gas per household (marginal)`,
    ratio: "",
    target: `≥ ${BATCH_TARGET}`,
    met: confirmed.released >= BATCH_TARGET && confirmed.failedCalls.length === 0,
    note:
      "Each entry's settle() splits the February income waiting since 10 February (one Allocated), pays 4 creditors, " +
      "and its release() pays the resident the weeks due. " +
      `Largest measured batch within 30M: ${largestMeasuredIn30m.length ? Math.max(...largestMeasuredIn30m) : "none"}. ` +
      `By gas alone ~${fitsByGas(BLOCK_BUDGET)} would fit (MAX_BATCH ${MAX_BATCH}); the batch starts a vault only while ` +
      `GAS_PER_VAULT = ${fmt(gasPerVault)} is left, which predicts ${largest}. Sent with gasLimit 30,000,000: ` +
      `${describeRun(confirmed)}, ${fmt(confirmed.gas)} gas. Under Osaka's per-transaction cap of 2^24 gas (EIP-7825): ` +
      `predicted ${fitCap}; sent: ${describeRun(ordinaryRuns["2^24"])}, ${fmt(ordinaryRuns["2^24"].gas)} gas.`,
  });

  // 5. The worst-case vault (what GAS_PER_VAULT must cover).
  const worst = await worstCase(admin, svb, keeper, coach, implementation);

  // 7. Gas per household-year: the family scenario's year for 1, 10 and 100 households, with the
  // keeper's batch as large as the households (src/scenario/household-year.ts), with a daily keeper
  // and with one that calls only when nextKeeperCallAt() says so.
  const years: HouseholdYearResult[] = [];
  if (SKIP_HOUSEHOLD_YEAR) console.log("household-year runs skipped (BENCH_HOUSEHOLD_YEAR=skip)");
  else {
    for (const run of HOUSEHOLD_YEAR_RUNS) {
      // Both keepers from the same chain state: the same year (dates, weekdays), like for like.
      const snapshot = await takeSnapshot();
      for (const keeper of KEEPERS) {
        if (keeper !== KEEPERS[0]) await snapshot.restore();
        const started = Date.now();
        console.log(
          `household-year: ${run.households} household(s), keeper batch ${run.batchSize}, keeper ${keeper} ...`,
        );
        years.push(await householdYear({ ...run, keeper, hre }));
        console.log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    // Daily rows first, then the other keeper's (the report's order).
    years.sort((a, b) => KEEPERS.indexOf(a.keeper.mode) - KEEPERS.indexOf(b.keeper.mode));
    // The keeper that skips days must end every household where the daily keeper ends: a figure
    // from a keeper that skipped real work would be worthless.
    for (const y of years.filter((r) => r.keeper.mode === "whenDue")) {
      const daily = years.find((r) => r.keeper.mode === "daily" && r.households === y.households);
      if (!daily) throw new Error(`household-year: no daily run of ${y.households} household(s) to compare with`);
      const differences = endStateDifferences(y.endState, daily.endState);
      if (differences.length > 0) {
        throw new Error(
          `household-year: the keeper that calls only when nextKeeperCallAt() says so ended ${y.households} ` +
            `household(s) differently from the daily keeper:\n  ${differences.join("\n  ")}`,
        );
      }
      console.log(`household-year: ${y.households} household(s): the same end state with either keeper`);
    }
  }
  for (const y of years) {
    const ratio = y.gasPerHousehold / y.baselineGasPerHousehold;
    const households = `${y.households} household${y.households === 1 ? "" : "s"}`;
    const daily = years.find((r) => r.keeper.mode === "daily" && r.households === y.households);
    rows.push({
      measure:
        y.keeper.mode === "daily"
          ? `Gas per household-year, keeper batch size ${y.batchSize} (${households}, per household)`
          : `Gas per household-year, keeper only when nextKeeperCallAt() says so, batch size ${y.batchSize} (${households}, per household)`,
      value: fmt(Math.round(y.gasPerHousehold)),
      baseline: `${fmt(Math.round(y.baselineGasPerHousehold))} (the same money movements as plain transfers)`,
      ratio: ratio.toFixed(2),
      target: "",
      met: null,
      note:
        `${y.scenario}, ${y.from} to ${y.to} (${y.months} months): ${fmt(y.transactions)} transactions counted for ` +
        `${y.households} household${y.households === 1 ? "" : "s"} (deposits, keeper batches, plan changes, claims and the ` +
        `resident's own calls; not vault creation, minting or the issuer's calls), ${y.keeper.calls} keeper calls` +
        (y.keeper.mode === "daily"
          ? ` (every day the keeper ran: ${y.keeper.daysRun})`
          : ` on ${y.keeper.daysCalled} of the ${y.keeper.daysRun} days the keeper ran, over ${fmt(y.keeper.vaultCalls)} ` +
            `vaults in all, after ${fmt(y.keeper.viewReads)} nextKeeperCallAt() reads (eth_call, no gas); keeper gas ` +
            `${fmt(Math.round(y.byKind.keeper.gasPerHousehold))} per household` +
            (daily
              ? ` against the daily keeper's ${fmt(Math.round(daily.byKind.keeper.gasPerHousehold))}; every household ends ` +
                "in the same state as with the daily keeper (buckets, accounts, living money, claimable, balances: checked)"
              : "")) +
        `. Wall time ${y.wallSeconds.toFixed(0)} s.`,
    });
  }

  // --- Targets (issue 8), for people and for scripts. ------------------------------------------
  const depositSplitRatio = Number(depositAndSplitGas) / Number(SPLITS_FUND_DISTRIBUTE);
  const payFiveRatio = Number(depositSplitPayFiveGas) / Number(SPLITS_FUND_DISTRIBUTE);
  const rowOf = (prefix: string): Row => {
    const row = rows.find((r) => r.measure.startsWith(prefix));
    if (!row) throw new Error(`no row "${prefix}"`);
    return row;
  };
  const batchRow = rowOf("Households per settleAndReleaseMany");
  const targets: Target[] = [
    target("deposit", rowOf("Tagged deposit").measure, depositRatio, "<=", DEPOSIT_TARGET, "ratio"),
    { ...target("depositAim", rowOf("Tagged deposit").measure, depositRatio, "<=", DEPOSIT_AIM, "ratio"), kind: "aim" },
    target(
      "depositAndSplitSettle",
      rowOf("Deposit + the keeper's settle() that splits it over").measure,
      Number(depositAndSplitGas),
      "<=",
      Number(INCOME_PATH_TARGET),
      "gas",
    ),
    {
      // Shown for honesty, not counted: see the row's note.
      ...target(
        "depositSplitAndPayFive",
        rowOf("Deposit + the keeper's settle() that splits it and pays").measure,
        Number(depositSplitPayFiveGas),
        "<=",
        Number(INCOME_PATH_TARGET),
        "gas",
      ),
      kind: "comparison",
    },
    target("settleNoIncome", rowOf("Monthly settle").measure, settleRatio, "<=", SETTLE_TARGET, "ratio"),
    target("onboarding", rowOf("Onboarding").measure, Number(onboardingGas), "<=", Number(ONBOARDING_TARGET), "gas"),
    {
      ...target("batch", batchRow.measure, confirmed.released, ">=", BATCH_TARGET, "households"),
      met: batchRow.met === true, // also: no keeper call failed
    },
  ];

  // --- Report. ----------------------------------------------------------------------------------
  const misses = rows.filter((r) => r.met === false);
  const md: string[] = [];
  md.push("# Gas benchmark", "");
  md.push(
    `In-process Hardhat network, hardfork ${HARDFORK}, solc 0.8.28 (optimizer 200 runs), EuroToken with ${DECIMALS} decimals.`,
    "Every figure is a whole transaction's `gasUsed` from its receipt, in warm second-month state.",
    "A deposit only pulls and tags the income (IncomeReceived); the next keeper call splits what waits (Allocated, Source.Income).",
    "",
  );
  md.push("| measure | gas | baseline | ratio | target | met |", "| --- | ---: | --- | ---: | --- | --- |");
  for (const r of rows) {
    md.push(
      `| ${r.measure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === null ? "" : r.met ? "yes" : "**no**"} |`,
    );
  }
  md.push("", "## Targets (issue 8)", "");
  md.push("| id | measure | value | target | met |", "| --- | --- | ---: | --- | --- |");
  for (const t of targets) {
    const v = t.unit === "ratio" ? t.value.toFixed(2) : fmt(t.value);
    const goal = `${t.comparison === "<=" ? "≤" : "≥"} ${t.unit === "ratio" ? t.target : fmt(t.target)}${t.unit === "ratio" ? "×" : t.unit === "gas" ? " gas" : ""}`;
    md.push(
      `| ${t.id}${t.kind === "aim" ? " (aim)" : ""} | ${t.measure} | ${v} | ${goal} | ${t.kind === "comparison" ? "comparison" : t.met ? "yes" : "**no**"} |`,
    );
  }
  md.push(
    "",
    "## Keeper batch (settle + release per household: the waiting income split, all 4 creditors and the resident paid)",
    "",
  );
  md.push("| households | gas | gas per household | within 30M | within 2^24 |", "| ---: | ---: | ---: | --- | --- |");
  for (const b of batch) {
    md.push(
      b.gas === null
        ? `| ${b.size} | failed: ${b.error} | | | |`
        : `| ${b.size} | ${fmt(b.gas)} | ${Math.round(b.perHousehold!).toLocaleString("en-US")} | ${b.gas <= BLOCK_BUDGET ? "yes" : "no"} | ${b.gas <= OSAKA_TX_CAP ? "yes" : "no"} |`,
    );
  }
  md.push(
    "",
    `## Worst-case vault against GAS_PER_VAULT = ${fmt(gasPerVault)}`,
    "",
    worst.description,
    "",
    "| case | settle() | release() | settle() + release() | one batch entry (batch of 1) | share of GAS_PER_VAULT |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const c of worst.cases) {
    md.push(
      `| ${c.name} | ${fmt(c.settle)} | ${fmt(c.release)} | ${fmt(c.settle + c.release)} | ${fmt(c.batchOfOne)} | ${((Number(c.batchOfOne) / Number(gasPerVault)) * 100).toFixed(0)}% |`,
    );
  }
  md.push("");
  for (const c of worst.cases) {
    // What the vault uses inside a batch: the batch of one less the transaction's own base cost.
    const inBatch = c.batchOfOne - 21_000n;
    md.push(
      `- ${c.name}: about ${fmt(inBatch)} gas inside a batch, ` +
        (inBatch <= gasPerVault
          ? `${fmt(gasPerVault - inBatch)} below GAS_PER_VAULT.`
          : `**${fmt(inBatch - gasPerVault)} above GAS_PER_VAULT**: a batch that starts this vault with less left than it needs ` +
            "sees a call run out of gas; the call fails alone (KeeperCallFailed, rolled back), the batch goes on or stops cleanly, " +
            "and the next batch catches the vault up."),
    );
  }
  md.push(
    "",
    "A vault more than 12 months behind costs more than one settle() because release() settles again whenever a month is " +
      "still due (fixed costs first): one batch entry then processes up to 24 months.",
  );
  md.push(
    "",
    "## Vaults per keeper batch",
    "",
    "Counted from real transactions: the batch is sent with the gas limit and handles vaults until less than GAS_PER_VAULT is left (KeeperBatchStopped).",
    "",
    "| vaults | sent | with gasLimit 30,000,000 | gas used | with gasLimit 2^24 | gas used |",
    "| --- | ---: | --- | ---: | --- | ---: |",
    `| ordinary (4 creditors, warm, second month, income waiting) | ${batchAddresses.length} | ${describeRun(ordinaryRuns["30M"])} | ${fmt(ordinaryRuns["30M"].gas)} | ${describeRun(ordinaryRuns["2^24"])} | ${fmt(ordinaryRuns["2^24"].gas)} |`,
    `| worst case (${worst.cases[0].name}) | ${worst.batch.sent} | ${describeRun(worst.batch.runs["30M"])} | ${fmt(worst.batch.runs["30M"].gas)} | ${describeRun(worst.batch.runs["2^24"])} | ${fmt(worst.batch.runs["2^24"].gas)} |`,
    `| worst case (${worst.cases[worst.cases.length - 1].name}) | ${worst.batch24.sent} | ${describeRun(worst.batch24.runs["30M"])} | ${fmt(worst.batch24.runs["30M"].gas)} | ${describeRun(worst.batch24.runs["2^24"])} | ${fmt(worst.batch24.runs["2^24"].gas)} |`,
  );
  md.push(...householdYearSection(years));
  md.push("", "## Notes", "");
  for (const r of rows) if (r.note) md.push(`- **${r.measure}**: ${r.note}`);
  md.push("", "## Where the gas goes (opcode trace of the measured transactions)", "");
  md.push(
    "| transaction | total | intrinsic (21,000 + calldata) | SSTORE | SLOAD | LOG | EXTCODECOPY (clone args) | calls, creates, code deposit | other (arithmetic, memory, hashing) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  const traced = [
    ["deposit (pull and tag, 5-bucket vault)", depositBreakdown],
    ["settle that splits (5 buckets, nothing due)", splitSettleBreakdown],
    ["settle that splits and pays 5 (collection day)", payFiveBreakdown],
    ["settle paying 4, no income waiting", settleBreakdown],
    ["settle paying 4, income waiting (split + pay)", settleWaitingBreakdown],
    ["release (1 week)", releaseBreakdown],
    ["createVault (5 buckets)", onboardingBreakdown],
    ["plain transferFrom (the deposit's baseline)", transferFromBreakdown],
  ] as const;
  for (const [name, b] of traced) {
    md.push(
      `| ${name} | ${fmt(b.total)} | ${fmt(b.intrinsic)} | ${fmt(b.sstore)} (${b.sstoreCount}×, ${b.sstoreFresh} fresh) | ${fmt(b.sload)} (${b.sloadCount}×) | ${fmt(b.log)} | ${fmt(b.extcodecopy)} (${b.extcodecopyCount}×) | ${fmt(b.calls)} | ${fmt(b.other)} |`,
    );
  }
  md.push(
    "",
    'Every opcode is counted at its own cost at every depth (inside the token and the factory too); "calls" is what is ' +
      "left: the call opcodes' own cost (cold or warm account access), less any refund.",
  );
  md.push(
    ...limits(
      targets,
      {
        depositGas,
        transferFromGas,
        splitSettleGas: splitSettle.gas,
        payFiveDepositGas: collectionDeposit.gas,
        payFiveSettleGas: payFive.gas,
        onboardingGas,
        settleGas,
        plainTransfersGas,
        slope,
      },
      {
        deposit: depositBreakdown,
        transferFrom: transferFromBreakdown,
        splitSettle: splitSettleBreakdown,
        payFive: payFiveBreakdown,
        settle: settleBreakdown,
        createVault: onboardingBreakdown,
      },
    ),
  );
  if (misses.length === 0) md.push("", "All targets met.");
  const markdown = md.join("\n") + "\n";

  const json = {
    network: { hardfork: HARDFORK, decimals: DECIMALS },
    breakdown: {
      deposit: depositBreakdown,
      createVault: onboardingBreakdown,
      settle: settleBreakdown,
      release: releaseBreakdown,
      splitSettle: splitSettleBreakdown,
      splitAndPayFive: payFiveBreakdown,
      settleWithIncome: settleWaitingBreakdown,
      plainTransferFrom: transferFromBreakdown,
    },
    release: { gas: Number(releaseGas), plainTransfer: Number(plainTransferGas), ratio: releaseRatio },
    deposit: {
      gas: Number(depositGas),
      plainTransferFrom: Number(transferFromGas),
      ratio: depositRatio,
      target: DEPOSIT_TARGET,
      aim: DEPOSIT_AIM,
      met: depositRatio <= DEPOSIT_TARGET,
      aimMet: depositRatio <= DEPOSIT_AIM,
      events: eventCounts(deposit.events),
    },
    incomePath: {
      splitsFundAndDistribute: Number(SPLITS_FUND_DISTRIBUTE),
      targetGas: Number(INCOME_PATH_TARGET),
      depositAndSplitSettle: {
        depositGas: Number(depositGas),
        settleGas: Number(splitSettle.gas),
        gas: Number(depositAndSplitGas),
        ratio: depositSplitRatio,
        met: depositAndSplitGas <= INCOME_PATH_TARGET,
        settleEvents: eventCounts(splitSettle.events),
        split: jsonSplit(split),
      },
      depositSplitAndPayFive: {
        depositGas: Number(collectionDeposit.gas),
        settleGas: Number(payFive.gas),
        gas: Number(depositSplitPayFiveGas),
        ratio: payFiveRatio,
        met: depositSplitPayFiveGas <= INCOME_PATH_TARGET,
        creditorsPaid: count(payFive.events, "CreditorPaid"),
        settleEvents: eventCounts(payFive.events),
        plan: "collection day: the five creditors of the 5-bucket plan, all due on the 1st; deposit and settle on 1 March",
      },
    },
    onboarding: {
      createVaultGas: Number(onboardingGas),
      fullVaultDeployGas: Number(implementationDeployGas),
      target: Number(ONBOARDING_TARGET),
      met: onboardingGas <= ONBOARDING_TARGET,
    },
    settlement: {
      gas: Number(settleGas),
      fourPlainTransfers: Number(plainTransfersGas),
      ratio: settleRatio,
      target: SETTLE_TARGET,
      met: settleRatio <= SETTLE_TARGET,
      incomeWaiting: false,
      events: eventCounts(settleNoIncome.events),
      withIncomeWaiting: {
        gas: Number(settleWaiting.gas),
        events: eventCounts(settleWaiting.events),
        ratio: settleWaitingRatio,
        splitGas: Number(settleWaiting.gas - settleGas),
      },
    },
    batch: {
      runs: batch.map((b) => ({
        size: b.size,
        gas: b.gas === null ? null : Number(b.gas),
        perHousehold: b.perHousehold,
        error: b.error,
      })),
      marginalGasPerHousehold: slope,
      fixedGas: intercept,
      gasPerVault: Number(gasPerVault),
      fitsByGasIn30M: fitsByGas(BLOCK_BUDGET),
      predictedIn30M: fit30m,
      predictedUnderOsakaCap: fitCap,
      handled: Object.fromEntries(Object.entries(ordinaryRuns).map(([k, r]) => [k, { ...r, gas: Number(r.gas) }])),
      target: BATCH_TARGET,
      entry: "settle() splits the month's waiting income and pays 4 creditors; release() pays the weeks due",
    },
    worstCase: {
      description: worst.description,
      cases: worst.cases.map((c) => ({
        name: c.name,
        settle: Number(c.settle),
        release: Number(c.release),
        batchOfOne: Number(c.batchOfOne),
        shareOfGasPerVault: Number(c.batchOfOne) / Number(gasPerVault),
      })),
      batches: [worst.batch, worst.batch24].map((b) => ({
        case: b.case,
        sent: b.sent,
        handled: Object.fromEntries(Object.entries(b.runs).map(([k, r]) => [k, { ...r, gas: Number(r.gas) }])),
      })),
    },
    householdYear: SKIP_HOUSEHOLD_YEAR
      ? null
      : {
          // Each run's keeper.mode says which keeper ran; the end states (compared above) are left out.
          runs: years.map(({ endState: _endState, ...y }) => ({
            ...y,
            ratio: y.gasPerHousehold / y.baselineGasPerHousehold,
            target: null,
            met: null,
          })),
        },
    targets,
    targetsMet: Object.fromEntries(rows.map((r) => [r.measure, r.met])),
  };

  const dir = path.join(__dirname, "..", "reports");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "gas-benchmark.md"), markdown);
  fs.writeFileSync(path.join(dir, "gas-benchmark.json"), JSON.stringify(json, null, 2) + "\n");
  console.log(markdown);
}

interface BatchRun {
  /** Vaults the batch went through (all, or KeeperBatchStopped's `processed`). */
  processed: number;
  stopped: boolean;
  gas: bigint;
  /** Vaults that released living money, and keeper calls that reverted (KeeperCallFailed). */
  released: number;
  failedCalls: { vault: number; call: string }[];
}

interface ParsedEvent {
  name: string;
  /** Positional and, for the vault's own events, named (ethers Result). */
  args: Result;
}

/** The events `contract`'s interface can parse in a receipt (any emitter with the same ABI). */
function eventsOf(
  contract: HouseholdVault | HouseholdVaultFactory,
  receipt: ContractTransactionReceipt,
): ParsedEvent[] {
  const out: ParsedEvent[] = [];
  for (const log of receipt.logs) {
    try {
      const parsed = contract.interface.parseLog(log);
      if (parsed) out.push({ name: parsed.name, args: parsed.args });
    } catch {
      // another contract's event (the token's Transfer)
    }
  }
  return out;
}

const count = (events: ParsedEvent[], name: string) => events.filter((e) => e.name === name).length;

/** How many of each event, for the JSON: what the measured transaction did. */
function eventCounts(events: ParsedEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.name] = (out[e.name] ?? 0) + 1;
  return out;
}

function callName(selector: string, vault: HouseholdVault): string {
  for (const name of ["settle", "release"] as const) {
    if (vault.interface.getFunction(name).selector === selector) return `${name}()`;
  }
  return selector;
}

/** For example "9 handled then KeeperBatchStopped, 8 released living money; release() of vault 8 failed". */
function describeRun(r: BatchRun): string {
  const failed = r.failedCalls.map((f) => `${f.call} of vault ${f.vault} failed`).join(", ");
  return (
    `${r.processed} handled${r.stopped ? " then KeeperBatchStopped" : ""}, ${r.released} released living money` +
    (failed ? `; ${failed} (KeeperCallFailed)` : "")
  );
}

/**
 * Sends one keeper batch over `vaults` with `gasLimit` and counts how many it handled (all, or
 * the `processed` of KeeperBatchStopped); the chain is put back afterwards.
 */
async function runBatch(
  factory: HouseholdVaultFactory,
  keeper: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  vaults: string[],
  gasLimit: bigint,
  anyVault: HouseholdVault,
): Promise<BatchRun> {
  const snapshot = await takeSnapshot();
  const receipt = (await (await factory.connect(keeper).settleAndReleaseMany(vaults, { gasLimit })).wait())!;
  const stopped = eventsOf(factory, receipt).find((e) => e.name === "KeeperBatchStopped");
  const processed = stopped ? Number(stopped.args[0]) : vaults.length;
  // What the vaults did, not a guess: how many released living money, and which calls failed.
  const released = count(eventsOf(anyVault, receipt), "LivingMoneyReleased");
  const index = new Map(vaults.map((v, i) => [v.toLowerCase(), i]));
  const failedCalls = eventsOf(factory, receipt)
    .filter((e) => e.name === "KeeperCallFailed")
    .map((e) => ({
      vault: index.get(String(e.args[0]).toLowerCase()) ?? -1,
      call: callName(String(e.args[1]), anyVault),
    }));
  await snapshot.restore();
  return { processed, stopped: stopped !== undefined, gas: receipt.gasUsed, released, failedCalls };
}

/** Mirrors HostileAccount.Action.BurnGas: the account burns all the gas its token hook is given. */
const BURN_GAS = 2;
/** Worst-case vaults created for the batch count (more than fit in 30M gas). */
const WORST_VAULTS = 24;

interface WorstCase {
  name: string;
  settle: bigint;
  release: bigint;
  batchOfOne: bigint;
}

/**
 * The vault that costs a keeper the most: 8 buckets, 12 months to catch up (a keeper outage or a
 * pause of a year), and every payee a contract whose token hook burns all the gas it gets (HookToken
 * calls recipients back; HostileAccount burns), so every payout uses its full PAYOUT_GAS and then
 * becomes a claimable balance: 8 creditors, the treasury (an advance repayment is waiting) and the
 * resident. Measured three ways: the missed months paid from the buffer (a BufferUsed top-up
 * every month), the same with a deposit waiting (the settle splits it first and the waterfall fills
 * every due month), and 24
 * months behind, where release() settles again after settle() (it settles whenever a month is
 * still due), so one batch entry processes 24 months.
 */
async function worstCase(
  admin: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  payer: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  keeper: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  coach: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  implementation: HouseholdVault,
) {
  const H = (a: string) => ethers.parseUnits(a, 18); // HookToken has 18 decimals
  const hook = (await ethers.deployContract("HookToken")) as unknown as HookToken;
  const hookAddress = await hook.getAddress();
  async function burner(): Promise<string> {
    const account = (await ethers.deployContract("HostileAccount")) as unknown as HostileAccount;
    await account.registerHooks(hookAddress);
    await account.setAction(BURN_GAS, ethers.ZeroAddress, false);
    return account.getAddress();
  }
  const factory = (await ethers.deployContract("HouseholdVaultFactory", [
    admin.address,
    hookAddress,
    await implementation.getAddress(),
    await burner(), // the treasury
    H("1500"),
    30 * DAY,
  ])) as unknown as HouseholdVaultFactory;
  await factory.registerPayer(payer.address, 1);
  await factory.grantRole(await factory.COACH_ROLE(), coach.address);
  const dueDays = [1, 3, 5, 8, 12, 15, 20, 28];
  const creditors: string[] = [];
  for (let i = 0; i < dueDays.length; i++) {
    creditors.push(await burner());
    await factory.approveCreditor(creditors[i]);
  }
  const resident = await burner();
  const plan = {
    buckets: dueDays.map((dueDay, i) => ({ category: i, dueDay, amountPerMonth: H("50"), creditor: creditors[i] })),
    weeklyLivingMoney: H("50"),
    bufferTarget: H("20000"), // enough to pay 24 missed months of every bucket
  };
  await hook.mint(payer.address, H("100000000"));
  await hook.mint(admin.address, H("1000000"));

  // 10 March 2027: the vaults open; an advance fills the buckets' first payments and the first
  // deposit, split by a keeper's allocate() the same day, repays it (held for the next settle),
  // reserves five weeks and fills the buffer.
  await time.increaseTo(utc(2027, 3, 10, 12));
  const vaults: HouseholdVault[] = [];
  for (let i = 0; i < WORST_VAULTS; i++) {
    const id = ethers.id(`bench-worst-case-${i}`);
    await factory.createVault(id, resident, coach.address, plan);
    const vault = (await ethers.getContractAt(
      "HouseholdVault",
      await factory.vaultAddress(id),
    )) as unknown as HouseholdVault;
    const address = await vault.getAddress();
    await hook.connect(payer).approve(address, ethers.MaxUint256);
    await hook.connect(admin).approve(address, ethers.MaxUint256);
    await vault.connect(admin).advance(H("400"));
    await vault.connect(payer).deposit(H("25000"));
    // The keeper's call that day splits the deposit (repayment held, five weeks, buffer full).
    const split = eventsOf(vault, (await (await vault.connect(keeper).allocate()).wait())!);
    if (count(split, "Allocated") !== 1) throw new Error("worst case: the first deposit was not split");
    vaults.push(vault);
  }
  const addresses = await Promise.all(vaults.map((v) => v.getAddress()));
  const vault = vaults[0];
  const LIMIT = 16_000_000n;

  /** settle() and release() as two transactions, then (from the same state) one batch entry. */
  async function measureCase(
    name: string,
    monthsInRelease: number,
    before?: () => Promise<unknown>,
  ): Promise<WorstCase> {
    const snapshot = await takeSnapshot();
    if (before) await before();
    const settle = (await (await vault.connect(keeper).settle({ gasLimit: LIMIT })).wait())!;
    const release = (await (await vault.connect(keeper).release({ gasLimit: LIMIT })).wait())!;
    const s = eventsOf(vault, settle);
    const r = eventsOf(vault, release);
    // Every bucket paid 12 months and every payout burnt its gas and was deferred.
    const paidInSettle = count(s, "CreditorPaid");
    const paidInRelease = count(r, "CreditorPaid");
    if (paidInSettle !== 96 || paidInRelease !== 8 * monthsInRelease) {
      throw new Error(`${name}: ${paidInSettle} months paid by settle, ${paidInRelease} by release`);
    }
    if (count(s, "PaymentDeferred") !== 9 || count(r, "PaymentDeferred") !== (monthsInRelease > 0 ? 9 : 1)) {
      throw new Error(
        `${name}: not every payout was deferred (${count(s, "PaymentDeferred")}, ${count(r, "PaymentDeferred")})`,
      );
    }
    if (r.find((e) => e.name === "LivingMoneyReleased")?.args[0] !== 5n) throw new Error(`${name}: not 5 weeks`);
    await snapshot.restore();
    if (before) await before();
    const batch = (await (
      await factory.connect(keeper).settleAndReleaseMany([addresses[0]], { gasLimit: LIMIT })
    ).wait())!;
    if (count(eventsOf(factory, batch), "KeeperCallFailed") > 0) throw new Error(`${name}: a keeper call failed`);
    await snapshot.restore();
    return { name, settle: settle.gasUsed, release: release.gasUsed, batchOfOne: batch.gasUsed };
  }

  // 10 March 2028: exactly twelve months of every bucket are due (the cap one settle() processes):
  // April 2027 to March 2028 for due days 1-8 (March 2027 was reached at creation), March 2027 to
  // February 2028 for due days 12-28.
  await time.increaseTo(utc(2028, 3, 10, 12));
  const cases: WorstCase[] = [];
  cases.push(await measureCase("12 months behind, paid from the buffer", 0));
  cases.push(
    await measureCase("12 months behind, funded by a deposit first", 0, () => vault.connect(payer).deposit(H("5000"))),
  );
  const batch = { case: cases[0].name, sent: WORST_VAULTS, runs: {} as Record<string, BatchRun> };
  for (const [k, limit] of [
    ["30M", 30_000_000n],
    ["2^24", 16_777_216n],
  ] as const) {
    batch.runs[k] = await runBatch(factory, keeper, addresses, limit, vault);
  }

  // 10 March 2029: 24 months due; settle() does 12 and release() settles the next 12 before paying.
  await time.increaseTo(utc(2029, 3, 10, 12));
  cases.push(await measureCase("24 months behind, release() settles 12 more", 12));
  const batch24 = { case: cases[2].name, sent: WORST_VAULTS, runs: {} as Record<string, BatchRun> };
  for (const [k, limit] of [
    ["30M", 30_000_000n],
    ["2^24", 16_777_216n],
  ] as const) {
    batch24.runs[k] = await runBatch(factory, keeper, addresses, limit, vault);
  }

  const description =
    "8 buckets (EUR 50 a month each, due days 1, 3, 5, 8, 12, 15, 20, 28), EUR 50 a week, created 10 March 2027 and " +
    "left without a keeper; every payee (8 creditors, the treasury, the resident) is a contract on a token that calls " +
    "recipients back (HookToken) and burns all the gas it gets (HostileAccount), so each payout uses its full " +
    "PAYOUT_GAS and then becomes claimable. Each settle() pays 12 months of 8 buckets (96 CreditorPaid) and the held " +
    "advance repayment; release() pays 5 weeks (MAX_CATCH_UP_WEEKS). The first deposit was split by allocate() the day " +
    "the vault opened; in the case funded by a deposit, the deposit waits and settle() splits it before it pays. " +
    "Gas from receipts; a batch entry is " +
    "settleAndReleaseMany([vault]) with gasLimit 16,000,000 (21,000 base and calldata included).";
  return { description, cases, batch, batch24 };
}

interface Target {
  id: string;
  measure: string;
  value: number;
  target: number;
  comparison: "<=" | ">=";
  unit: "ratio" | "gas" | "households";
  /**
   * An aim is reported beside the target it sharpens; missing it does not miss the target. A
   * comparison is shown for honesty (its `met` says whether the value is within the figure) and
   * is not counted among the targets.
   */
  kind: "target" | "aim" | "comparison";
  met: boolean;
}

function target(
  id: string,
  measure: string,
  value: number,
  comparison: Target["comparison"],
  goal: number,
  unit: Target["unit"],
): Target {
  const met = comparison === "<=" ? value <= goal : value >= goal;
  return { id, measure, value, target: goal, comparison, unit, kind: "target", met };
}

/** An Allocated event's split, in token units, for the JSON. */
function jsonSplit(a: ParsedEvent["args"]) {
  return {
    source: Number(a.source),
    amount: Number(a.amount),
    toBuckets: (a.toBuckets as bigint[]).map(Number),
    toLivingMoney: Number(a.toLivingMoney),
    toAdvanceRepayment: Number(a.toAdvanceRepayment),
    toBuffer: Number(a.toBuffer),
    toSavings: Number(a.toSavings),
  };
}

/** The markdown section on gas per household-year: by kind, per household, for each run. */
function householdYearSection(years: HouseholdYearResult[]): string[] {
  const out = ["", "## Gas per household-year (the family scenario's year)", ""];
  if (years.length === 0) {
    out.push("Not measured in this run (BENCH_HOUSEHOLD_YEAR=skip).");
    return out;
  }
  const y0 = years[0];
  const keeperName = (y: HouseholdYearResult) => (y.keeper.mode === "daily" ? "daily" : "when due");
  out.push(
    `The ${y0.scenario} scenario's year (${y0.months} months), run for ${years.map((y) => y.households).join(", ")} ` +
      "identical households side by side, each its own vault, on the same chain one size after another, each size's " +
      "two keepers from the same chain state (the same year) " +
      `(${years.map((y) => `${y.from} to ${y.to}`).join("; ")}); the keeper calls settleAndReleaseMany over batches as ` +
      "large as the households (the split of waiting income happens there): the daily keeper every day over every vault, " +
      'the keeper "when due" only over the vaults whose nextKeeperCallAt() (read each day by eth_call, no gas) has come, ' +
      "and not at all on a day without work. Both end every household in the same state (checked). The sum of gasUsed " +
      "over every transaction of the year, per household; not counted: vault creation, minting test euros and the token " +
      "issuer's calls. The baseline is the same money movements as plain token transfers (each a measured transfer).",
    "",
    `| kind | ${years.map((y) => `${keeperName(y)}, batch ${y.batchSize}: transactions | gas`).join(" | ")} |`,
    `| --- | ${years.map(() => "---: | ---:").join(" | ")} |`,
  );
  const per = (n: number, y: HouseholdYearResult) => (n / y.households).toFixed(n % y.households === 0 ? 0 : 1);
  for (const kind of GAS_KINDS) {
    if (years.every((y) => y.byKind[kind].transactions === 0)) continue;
    out.push(
      `| ${kind} | ${years.map((y) => `${per(y.byKind[kind].transactions, y)} | ${fmt(Math.round(y.byKind[kind].gasPerHousehold))}`).join(" | ")} |`,
    );
  }
  out.push(
    `| **per household-year** | ${years.map((y) => `${per(y.transactions, y)} | **${fmt(Math.round(y.gasPerHousehold))}**`).join(" | ")} |`,
    `| plain-transfer baseline | ${years.map((y) => `${y.baselineTransfers.reduce((s, t) => s + t.perHousehold, 0)} | ${fmt(Math.round(y.baselineGasPerHousehold))}`).join(" | ")} |`,
    `| ratio | ${years.map((y) => ` | ${(y.gasPerHousehold / y.baselineGasPerHousehold).toFixed(2)}`).join(" | ")} |`,
    `| keeper: days called / days run | ${years.map((y) => `${y.keeper.daysCalled} / ${y.keeper.daysRun} | `).join(" | ")} |`,
    `| keeper: calls (all households) | ${years.map((y) => `${fmt(y.keeper.calls)} | `).join(" | ")} |`,
    `| wall time | ${years.map((y) => `${y.wallSeconds.toFixed(0)} s | `).join(" | ")} |`,
    "",
    "Transactions and gas per household. The baseline's transfers, per household-year:",
    "",
    "| kind | who pays whom | transfers | gas each | gas |",
    "| --- | --- | ---: | ---: | ---: |",
  );
  for (const t of y0.baselineTransfers) {
    out.push(
      `| ${t.kind} | ${t.description} | ${t.perHousehold} | ${fmt(Math.round(t.gasPerTransfer))} | ${fmt(Math.round(t.gasPerHousehold))} |`,
    );
  }
  return out;
}

interface Figures {
  depositGas: bigint;
  transferFromGas: bigint;
  splitSettleGas: bigint;
  payFiveDepositGas: bigint;
  payFiveSettleGas: bigint;
  onboardingGas: bigint;
  settleGas: bigint;
  plainTransfersGas: bigint;
  slope: number;
}

/** A traced transaction's external calls: to the factory, the token's reads (small) and its transfers. */
function callsOf(b: Breakdown) {
  const sum = (xs: { gas: number }[]) => xs.reduce((s, c) => s + c.gas, 0);
  const token = b.outerCalls.filter((c) => c.to === "token");
  // A token balanceOf costs a few thousand gas at most; a transfer moves two balances (> 10,000).
  const transfers = token.filter((c) => c.gas > 8_000);
  const reads = token.filter((c) => c.gas <= 8_000);
  const factory = b.outerCalls.filter((c) => c.to === "factory");
  const all = sum(b.outerCalls);
  return {
    transfers: sum(transfers),
    transferCount: transfers.length,
    reads: sum(reads),
    readCount: reads.length,
    factory: sum(factory),
    all,
    /** The vault's own work: everything but the intrinsic gas and its external calls. */
    own: b.total - b.intrinsic - all,
  };
}

/** The vault's own work in a traced transaction, in words. */
function ownWork(b: Breakdown): string {
  const o = b.own;
  // What is left: the clone's DELEGATECALL into the implementation (a cold account) and the call
  // opcodes' own costs, less refunds.
  const rest = callsOf(b).own - o.sload - o.sstore - o.log - o.other;
  return (
    `storage reads ${fmt(o.sload)} (${o.sloadCount}, ${o.sloadCold} cold at 2,100), writes ${fmt(o.sstore)} (${o.sstoreCount}), ` +
    `events ${fmt(o.log)}, arithmetic, memory, calendar and clone arguments ${fmt(o.other)}, the clone's call into its ` +
    `implementation and the call opcodes ${fmt(rest)}`
  );
}

/**
 * What limits each missed target (and the deposit's 1.3 aim) and what would reach it, from the
 * measured figures of the income-path design (deposit pulls and tags; the keeper's call splits).
 */
function limits(
  targets: Target[],
  g: Figures,
  b: {
    deposit: Breakdown;
    transferFrom: Breakdown;
    splitSettle: Breakdown;
    payFive: Breakdown;
    settle: Breakdown;
    createVault: Breakdown;
  },
): string[] {
  const out: string[] = [];
  const missed = (id: string) => targets.some((t) => t.id === id && !t.met);
  if (!targets.some((t) => !t.met)) return out;
  out.push(
    "",
    targets.some((t) => t.kind !== "comparison" && !t.met)
      ? "## Missed targets: what limits them and what would reach them"
      : "## The comparison's gap: what limits it",
    "",
  );

  if (missed("deposit") || missed("depositAim")) {
    const goal = missed("deposit") ? DEPOSIT_TARGET : DEPOSIT_AIM;
    const allowed = Math.floor(Number(g.transferFromGas) * goal);
    const c = callsOf(b.deposit);
    const plainInside = Number(g.transferFromGas) - b.transferFrom.intrinsic;
    // Without the balanceOf pair the transferFrom would be the first touch of the token account
    // (2,600 instead of 100) and of the vault's balance slot (its write 2,100 dearer, cold).
    const withoutChecks = Number(g.depositGas) - c.reads + 2_500 + 2_100;
    out.push(
      `- **Deposit** (${missed("deposit") ? "the 1.5 target" : "the 1.3 aim; the 1.5 target is met"}): ${fmt(g.depositGas)} gas against ` +
        `${fmt(allowed)} allowed (${goal} × the plain transferFrom's ${fmt(g.transferFromGas)}), ${fmt(Number(g.depositGas) - allowed)} over. ` +
        `The deposit only pulls and tags now; its parts: intrinsic ${fmt(b.deposit.intrinsic)}, the token's transferFrom ` +
        `${fmt(c.transfers)} (the plain one does the same work for ${fmt(plainInside)} after its ${fmt(b.transferFrom.intrinsic)} ` +
        "intrinsic gas; inside the deposit the balanceOf before it has already warmed the vault's balance slot), " +
        `the payer's tag from the factory ${fmt(c.factory)} (a cold account and a cold slot), the delivered-amount check's ` +
        `${c.readCount} balanceOf calls ${fmt(c.reads)} (the first pays the token's cold account), and the vault's own code ` +
        `${fmt(c.own)}: ${ownWork(b.deposit)}. What is left to cut, computed from these parts: dropping the balanceOf pair saves ` +
        `only about ${fmt(Number(g.depositGas) - withoutChecks)} (to ${fmt(withoutChecks)}, ` +
        `${(withoutChecks / Number(g.transferFromGas)).toFixed(2)}×), because the transferFrom would then pay the cold token account ` +
        "and the cold write of the vault's balance itself; and the pair is the guard against a token that delivers less than asked, " +
        "so it could go only for a token the factory vouches for. The payer lookup is the tag itself, and the clone's call into its " +
        "implementation is the price of cheap onboarding. The remaining candidates are the vault's own storage reads and event.",
    );
  }
  const incomePath = (
    id: string,
    label: string,
    depositGas: bigint,
    settleGas: bigint,
    settle: Breakdown,
    what: string,
  ) => {
    if (!missed(id)) return;
    const c = callsOf(settle);
    const total = depositGas + settleGas;
    const over = Number(total - INCOME_PATH_TARGET);
    const floor = Number(depositGas) + settle.intrinsic + c.all;
    out.push(
      `- **${label}** (${fmt(total)} gas against ≤ ${fmt(INCOME_PATH_TARGET)}, ${fmt(over)} over): deposit ${fmt(depositGas)} + ` +
        `settle ${fmt(settleGas)}. In the settle, ${c.transferCount} token transfers cost ${fmt(c.transfers)} and the waiting-income ` +
        `balanceOf ${fmt(c.reads)}; with the deposit and the settle's intrinsic ${fmt(settle.intrinsic)}, that is ${fmt(floor)} before the ` +
        `vault does anything of its own, leaving ${fmt(Number(INCOME_PATH_TARGET) - floor)} for ${what}. The vault's own work takes ` +
        `${fmt(c.own)}: ${ownWork(settle)}. It would have to lose ${fmt(over)} (${((over / c.own) * 100).toFixed(0)}% of it). ` +
        "0xSplits' distribute receives its recipients and shares in calldata, checks one stored hash and has no calendar; here the " +
        "split reads every bucket's creditor, amount, due day and balance from storage and the settle reads them again " +
        `(${settle.own.sloadCount - settle.own.sloadCold} of its ${settle.own.sloadCount} reads are warm re-reads). Design options, not ` +
        "measured: split and settle in one pass over the buckets (each bucket read, and its balance written, once), the due-month " +
        "count computed once per bucket and call rather than in the split and again in the settle, and the plan's fixed fields " +
        "(creditor, amount, due day) packed into one slot per bucket or passed by the keeper and checked against a stored hash.",
    );
  };
  incomePath(
    "depositAndSplitSettle",
    "Deposit + the settle that splits it",
    g.depositGas,
    g.splitSettleGas,
    b.splitSettle,
    "reading the plan and splitting",
  );
  incomePath(
    "depositSplitAndPayFive",
    "Deposit + the settle that splits it and pays 5 (a comparison, not a target)",
    g.payFiveDepositGas,
    g.payFiveSettleGas,
    b.payFive,
    "reading the plan, splitting, and settling five buckets",
  );
  if (missed("settleNoIncome")) {
    const allowed = Math.floor(Number(g.plainTransfersGas) * SETTLE_TARGET);
    const c = callsOf(b.settle);
    out.push(
      `- **Settle with no income waiting** (${fmt(g.settleGas)} gas against ${fmt(allowed)}, ${SETTLE_TARGET} × the four plain ` +
        `transfers' ${fmt(g.plainTransfersGas)}): four separate transactions pay 4 × 21,000 base gas, one settle pays it once. ` +
        `Inside the settle, ${c.transferCount} token transfers cost ${fmt(c.transfers)}, the waiting-income balanceOf ${fmt(c.reads)}, ` +
        `and the vault's own work ${fmt(c.own)}: ${ownWork(b.settle)}. With no income waiting the balanceOf finds nothing; a ` +
        "tracked-total check that skipped it would save about its cost, and the rest is one read and one write of each bucket due.",
    );
  }
  if (missed("onboarding")) {
    const storageFree = g.onboardingGas - BigInt(b.createVault.sstore);
    const room = Math.floor((250_000 - Number(storageFree)) / 22_100);
    out.push(
      `- **Onboarding**: ${fmt(g.onboardingGas)} gas, of which storage writes ${fmt(b.createVault.sstore)} ` +
        `(${b.createVault.sstoreFresh} fresh slots at 22,100: two per bucket, the vault's settings, the initializer flag and the ` +
        `factory's vault register). Without any storage writes it would still cost ${fmt(storageFree)} (calldata, clone creation and ` +
        `code deposit, role and creditor checks), so ${fmt(ONBOARDING_TARGET)} leaves room for ` +
        `${room > 0 ? `about ${room} fresh slot${room === 1 ? "" : "s"}` : "no fresh slot at all"}. One slot per bucket (a creditor id ` +
        "from the factory's register instead of a 20-byte address, arrears in a slot written only when a month is missed) would " +
        `save about 5 × 22,100 = 110,500 and land near ${fmt(g.onboardingGas - 110_500n)}. Reaching ${fmt(ONBOARDING_TARGET)} needs the ` +
        "plan out of storage: creditors, amounts and due days in the clone's immutable arguments (code at 200 gas per byte, a " +
        "new clone on a plan change), or only the plan's hash stored and the plan passed by keepers in calldata. Onboarding " +
        "happens once per household, so on a permissioned network with a zero gas price it matters less than the recurring " +
        "deposit and settle.",
    );
  }
  if (missed("batch")) {
    out.push(
      `- **Batch**: the marginal gas per household is ${fmt(Math.round(g.slope))}: each entry splits the month's income, pays 4 ` +
        "creditors and the resident (5 token transfers) and writes their balances.",
    );
  }
  return out;
}

interface Breakdown {
  total: number;
  intrinsic: number;
  sstore: number;
  sstoreCount: number;
  sstoreFresh: number;
  sload: number;
  sloadCount: number;
  log: number;
  extcodecopy: number;
  extcodecopyCount: number;
  calls: number;
  other: number;
  /** SLOADs of a slot not yet read in the transaction (2,100 gas); the rest are warm (100). */
  sloadCold: number;
  /** SSTOREs at 100 gas: a slot already written in the transaction (or written unchanged). */
  sstoreRepeat: number;
  /** The transaction's own external calls (from the called contract), each with all the gas it used inside. */
  outerCalls: { to: string; gas: number }[];
  /** The called contract's own opcodes (not inside the token or the factory it calls). */
  own: {
    sload: number;
    sloadCount: number;
    sloadCold: number;
    sstore: number;
    sstoreCount: number;
    log: number;
    other: number;
  };
}

/** Names for the addresses a trace calls (the token, the factory, ...), for outerCalls. */
const addressNames = new Map<string, string>();

/**
 * Splits a transaction's gas by opcode from debug_traceTransaction. Every opcode except the
 * call and create family is counted at its own cost, at every depth; what is left of the
 * execution gas is the calls' and creates' own overhead (cold account access, value, code deposit).
 */
async function traceBreakdown(hash: string): Promise<Breakdown> {
  const receipt = (await ethers.provider.getTransactionReceipt(hash))!;
  const tx = (await ethers.provider.getTransaction(hash))!;
  const data = ethers.getBytes(tx.data);
  const zeros = data.filter((b) => b === 0).length;
  let intrinsic = 21_000 + zeros * 4 + (data.length - zeros) * 16;
  if (!tx.to) intrinsic += 32_000 + Math.ceil(data.length / 32) * 2;
  const trace = (await ethers.provider.send("debug_traceTransaction", [
    hash,
    { disableStorage: true, disableMemory: true, disableStack: false },
  ])) as {
    structLogs: { op: string; gas: number; gasCost: number; depth: number; stack?: string[] }[];
  };
  const b: Breakdown = {
    total: Number(receipt.gasUsed),
    intrinsic,
    sstore: 0,
    sstoreCount: 0,
    sstoreFresh: 0,
    sload: 0,
    sloadCount: 0,
    log: 0,
    extcodecopy: 0,
    extcodecopyCount: 0,
    calls: 0,
    other: 0,
    sloadCold: 0,
    sstoreRepeat: 0,
    outerCalls: [],
    own: { sload: 0, sloadCount: 0, sloadCold: 0, sstore: 0, sstoreCount: 0, log: 0, other: 0 },
  };
  let counted = 0;
  const callOps = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE", "CREATE", "CREATE2"]);
  const steps = trace.structLogs;
  // The depth where the called contract's own code runs: below a clone's DELEGATECALL to its
  // implementation when that is all the outer frame calls.
  let top = steps.length ? steps[0].depth : 1;
  for (;;) {
    const ops = steps.filter((s) => s.depth === top && callOps.has(s.op));
    if (ops.length === 1 && ops[0].op === "DELEGATECALL") top += 1;
    else break;
  }
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (callOps.has(step.op)) {
      if (step.depth === top && !step.op.startsWith("CREATE")) {
        // Everything the call used: the gas before it, less the gas left when it returned.
        let j = i + 1;
        while (j < steps.length && steps[j].depth !== top) j++;
        const stack = step.stack ?? [];
        const word = stack[stack.length - 2] ?? "0"; // the callee, under the gas argument (hex, no 0x)
        const to = "0x" + (BigInt("0x" + word.replace(/^0x/, "")) & ((1n << 160n) - 1n)).toString(16).padStart(40, "0");
        if (j < steps.length) {
          b.outerCalls.push({ to: addressNames.get(to) ?? to, gas: Number(step.gas) - Number(steps[j].gas) });
        }
      }
      continue;
    }
    const cost = Number(step.gasCost);
    counted += cost;
    if (step.op === "SSTORE") {
      b.sstore += cost;
      b.sstoreCount += 1;
      if (cost >= 20_000) b.sstoreFresh += 1;
      if (cost <= 100) b.sstoreRepeat += 1;
    } else if (step.op === "SLOAD") {
      b.sload += cost;
      b.sloadCount += 1;
      if (cost >= 2_100) b.sloadCold += 1;
    } else if (step.op.startsWith("LOG")) b.log += cost;
    else if (step.op === "EXTCODECOPY") {
      b.extcodecopy += cost;
      b.extcodecopyCount += 1;
    } else b.other += cost;
    if (step.depth <= top) {
      const o = b.own;
      if (step.op === "SSTORE") {
        o.sstore += cost;
        o.sstoreCount += 1;
      } else if (step.op === "SLOAD") {
        o.sload += cost;
        o.sloadCount += 1;
        if (cost >= 2_100) o.sloadCold += 1;
      } else if (step.op.startsWith("LOG")) o.log += cost;
      else o.other += cost; // EXTCODECOPY (clone args) included
    }
  }
  // Refunds (storage cleared) lower gasUsed below the sum; they are folded into "calls" here.
  b.calls = b.total - b.intrinsic - counted;
  return b;
}

function fmt(x: bigint | number): string {
  return BigInt(x).toLocaleString("en-US");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
