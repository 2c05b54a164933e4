/**
 * The warm state every figure is measured in: the second month of a household, after a first
 * month of income, settlement and release, so bucket slots, creditor balances and the resident's
 * balance are all nonzero already.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { dataSlice, getAddress, id, MaxUint256 } from "ethers";
import type { EuroToken, HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { DAY } from "../core";
import { Category, DECIMALS, EUR, INCOME_AMOUNT, MAX_BATCH, utc } from "./constants";
import { count, eventsOf, expectCounts } from "./events";
import { checkedDeposit, gasOf, measure, type Measured } from "./measure";
import { traceBreakdown, type Breakdown } from "./trace";

/** The Hardhat accounts in the order the bench uses them. */
const SIGNER_NAMES = [
  "admin",
  "coach",
  "svb",
  "rentCo",
  "energyCo",
  "insurerCo",
  "waterCo",
  "telecomCo",
  "treasury",
  "keeper",
  "plainRecipient",
] as const;
export type BenchSigners = Record<(typeof SIGNER_NAMES)[number], HardhatEthersSigner>;

export interface System {
  token: EuroToken;
  implementation: HouseholdVault;
  implementationDeployGas: bigint;
  factory: HouseholdVaultFactory;
}

export interface NewVault {
  vault: HouseholdVault;
  createGas: bigint;
  createHash: string;
}

export interface BenchVaults {
  /** 5 buckets: the deposit, split and onboarding rows. */
  onboarding: NewVault;
  /** 5 buckets due on the 1st: split + pay 5. */
  collectionVault: HouseholdVault;
  /** 4 creditors, the month's income split earlier. */
  settleVault: HouseholdVault;
  /** 4 creditors, the month's income waiting. */
  waitingVault: HouseholdVault;
  /** MAX_BATCH vaults of 4 creditors for the keeper batches, the month's income waiting. */
  batchVaults: HouseholdVault[];
  batchAddresses: string[];
}

export interface Fixture extends System, BenchVaults {
  hre: HardhatRuntimeEnvironment;
  signers: BenchSigners;
  /** The opcode breakdown of a measured transaction, with the token and the factory named. */
  trace: (hash: string) => Promise<Breakdown>;
  /** The settle vault's February income split by a keeper settle() on 10 February (nothing due). */
  settleVaultSplit: Measured;
}

type Plan = ReturnType<typeof plansFor>["fourBuckets"];

async function namedSigners(hre: HardhatRuntimeEnvironment): Promise<BenchSigners> {
  const all = await hre.ethers.getSigners();
  return Object.fromEntries(SIGNER_NAMES.map((name, i) => [name, all[i]])) as BenchSigners;
}

async function deploy(hre: HardhatRuntimeEnvironment, s: BenchSigners): Promise<System> {
  const { ethers } = hre;
  const token = (await ethers.deployContract("EuroToken", [s.admin.address, DECIMALS])) as unknown as EuroToken;
  const implementation = (await ethers.deployContract("HouseholdVault")) as unknown as HouseholdVault;
  const implementationDeployGas = (await implementation.deploymentTransaction()!.wait())!.gasUsed;
  const factory = (await ethers.deployContract("HouseholdVaultFactory", [
    s.admin.address,
    await token.getAddress(),
    await implementation.getAddress(),
    s.treasury.address,
    EUR("1500"),
    30 * DAY,
  ])) as unknown as HouseholdVaultFactory;
  return { token, implementation, implementationDeployGas, factory };
}

/** The payer, creditors and coach registered, and tokens for the payer, the admin and every payee. */
async function prepare({ token, factory }: System, s: BenchSigners): Promise<void> {
  await factory.registerPayer(s.svb.address, 1);
  for (const c of [s.rentCo, s.energyCo, s.insurerCo, s.waterCo, s.telecomCo]) await factory.approveCreditor(c.address);
  await factory.grantRole(await factory.COACH_ROLE(), s.coach.address);
  await token.mint(s.svb.address, EUR("100000000"));
  await token.mint(s.admin.address, EUR("1000000"));
  // Creditors and the plain-transfer recipient already hold tokens, as they would in month two.
  for (const c of [s.rentCo, s.energyCo, s.insurerCo, s.waterCo, s.telecomCo, s.plainRecipient]) {
    await token.mint(c.address, EUR("1"));
  }
}

function plansFor(s: BenchSigners) {
  const fourBuckets = {
    buckets: [
      { category: Category.Rent, dueDay: 1, amountPerMonth: EUR("750"), creditor: s.rentCo.address },
      { category: Category.Energy, dueDay: 5, amountPerMonth: EUR("150"), creditor: s.energyCo.address },
      { category: Category.Insurance, dueDay: 1, amountPerMonth: EUR("140"), creditor: s.insurerCo.address },
      { category: Category.Water, dueDay: 20, amountPerMonth: EUR("30"), creditor: s.waterCo.address },
    ],
    weeklyLivingMoney: EUR("100"),
    bufferTarget: EUR("250"),
  };
  const fiveBuckets = {
    ...fourBuckets,
    buckets: [
      ...fourBuckets.buckets,
      { category: Category.Telecom, dueDay: 15, amountPerMonth: EUR("25"), creditor: s.telecomCo.address },
    ],
  };
  // A collection-day plan: the same five creditors and amounts, all due on the 1st (Nibud's
  // proposal of one fixed collection day right after income arrives). With it, the keeper call
  // after the income splits it and pays all five at once: like for like with 0xSplits' fund +
  // distribute to 5 recipients.
  const collectionDay = { ...fiveBuckets, buckets: fiveBuckets.buckets.map((b) => ({ ...b, dueDay: 1 })) };
  return { fourBuckets, fiveBuckets, collectionDay };
}

/** Creates vaults one after another, each household numbered, with the payer's allowance set. */
function vaultMaker(hre: HardhatRuntimeEnvironment, { token, factory }: System, s: BenchSigners) {
  let counter = 0;
  return async (plan: Plan): Promise<NewVault> => {
    const householdId = id(`bench-household-${++counter}`);
    // A fixed address per household, so the figures repeat from run to run (calldata zero bytes).
    const resident = getAddress(dataSlice(id(`bench-resident-${counter}`), 12));
    const createTx = await factory.createVault(householdId, resident, s.coach.address, plan);
    const createGas = await gasOf(createTx);
    const vault = (await hre.ethers.getContractAt(
      "HouseholdVault",
      await factory.vaultAddress(householdId),
    )) as unknown as HouseholdVault;
    await token.connect(s.svb).approve(await vault.getAddress(), MaxUint256);
    return { vault, createGas, createHash: createTx.hash };
  };
}

/** The keeper's daily run (settleAndReleaseMany in batches of 25); no call may fail. */
async function keeperRun(factory: HouseholdVaultFactory, keeper: HardhatEthersSigner, vaults: HouseholdVault[]) {
  const addresses = await Promise.all(vaults.map((v) => v.getAddress()));
  for (let i = 0; i < addresses.length; i += 25) {
    const tx = await factory.connect(keeper).settleAndReleaseMany(addresses.slice(i, i + 25), { gasLimit: 16_000_000 });
    const failed = count(eventsOf(factory, (await tx.wait())!), "KeeperCallFailed");
    if (failed > 0) throw new Error(`keeper run: ${failed} calls failed`);
  }
}

/** 10 January 2027: the households join. */
async function openVaults(newVault: (plan: Plan) => Promise<NewVault>, plans: ReturnType<typeof plansFor>) {
  await time.increaseTo(utc(2027, 1, 10, 12));
  const onboarding = await newVault(plans.fiveBuckets);
  const collectionVault = (await newVault(plans.collectionDay)).vault;
  const settleVault = (await newVault(plans.fourBuckets)).vault;
  const waitingVault = (await newVault(plans.fourBuckets)).vault;
  const batchVaults: HouseholdVault[] = [];
  for (let i = 0; i < MAX_BATCH; i++) batchVaults.push((await newVault(plans.fourBuckets)).vault);
  const batchAddresses = await Promise.all(batchVaults.map((v) => v.getAddress()));
  return { onboarding, collectionVault, settleVault, waitingVault, batchVaults, batchAddresses };
}

/**
 * Month one (January 2027): the households get their first income, and the keeper's run that day
 * splits it (deposits only pull and tag; the next keeper call splits); then the first due dates.
 */
async function firstMonth({ factory }: System, s: BenchSigners, v: BenchVaults): Promise<void> {
  const singles = [v.onboarding.vault, v.collectionVault, v.settleVault, v.waitingVault];
  for (const vault of [...singles, ...v.batchVaults]) await vault.connect(s.svb).deposit(EUR("2000"));
  await keeperRun(factory, s.keeper, [...singles, ...v.batchVaults]); // nothing due or released yet
  // 1 February: the collection-day vault pays its first month (all five on the 1st).
  await time.increaseTo(utc(2027, 2, 1, 6));
  await keeperRun(factory, s.keeper, [v.collectionVault]);
  // 5 February: January's due dates (telecom 15th, water 20th) and February's (1st, 5th), and a
  // first release of living money.
  await time.increaseTo(utc(2027, 2, 5, 6));
  await keeperRun(factory, s.keeper, [v.onboarding.vault, v.settleVault, v.waitingVault, ...v.batchVaults]);
}

/**
 * 10 February: income for the batch vaults and the waiting vault waits for the keeper's settle on
 * 5 March (the batch entry splits it before it pays); the settle vault's is split the same day.
 */
async function februaryIncome(s: BenchSigners, v: BenchVaults): Promise<Measured> {
  await time.increaseTo(utc(2027, 2, 10, 9));
  for (const vault of [v.waitingVault, ...v.batchVaults]) await vault.connect(s.svb).deposit(INCOME_AMOUNT);
  await checkedDeposit(v.settleVault, s.svb, INCOME_AMOUNT);
  const split = await measure(v.settleVault, v.settleVault.connect(s.keeper).settle());
  expectCounts("settle vault's February split", split.events, { Allocated: 1, CreditorPaid: 0 });
  return split;
}

export async function buildFixture(hre: HardhatRuntimeEnvironment): Promise<Fixture> {
  const signers = await namedSigners(hre);
  const system = await deploy(hre, signers);
  const addressNames = new Map([
    [(await system.token.getAddress()).toLowerCase(), "token"],
    [(await system.factory.getAddress()).toLowerCase(), "factory"],
  ]);
  await prepare(system, signers);
  const vaults = await openVaults(vaultMaker(hre, system, signers), plansFor(signers));
  await firstMonth(system, signers, vaults);
  const settleVaultSplit = await februaryIncome(signers, vaults);
  const trace = (hash: string) => traceBreakdown(hre.ethers.provider, addressNames, hash);
  return { hre, signers, ...system, ...vaults, settleVaultSplit, trace };
}
