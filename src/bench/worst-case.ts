/**
 * The vault that costs a keeper the most (what GAS_PER_VAULT must cover): 8 buckets, 12 months to
 * catch up (a keeper outage or a pause of a year), and every payee a contract whose token hook
 * burns all the gas it gets (HookToken calls recipients back; HostileAccount burns), so every
 * payout uses its full PAYOUT_GAS and then becomes a claimable balance: 8 creditors, the treasury
 * (an advance repayment is waiting) and the resident. Measured three ways: the missed months paid
 * from the buffer (a BufferUsed top-up every month), the same with a deposit waiting (the settle
 * splits it first and the waterfall fills every due month), and 24 months behind, where release()
 * settles again after settle() (it settles whenever a month is still due), so one batch entry
 * processes 24 months.
 */
import { takeSnapshot, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { id, MaxUint256, parseUnits, ZeroAddress } from "ethers";
import type { HookToken, HostileAccount, HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { DAY } from "../core";
import { utc } from "./constants";
import { runAtBudgets, type BudgetRuns } from "./batch";
import { count, eventsOf, type ParsedEvent } from "./events";
import type { BenchSigners, Fixture } from "./fixture";

/** Mirrors HostileAccount.Action.BurnGas: the account burns all the gas its token hook is given. */
const BURN_GAS = 2;
/** Worst-case vaults created for the batch count (more than fit in 30M gas). */
const WORST_VAULTS = 24;
/** The gas limit of each measured call and of the batch of one. */
const LIMIT = 16_000_000n;
const DUE_DAYS = [1, 3, 5, 8, 12, 15, 20, 28];
const H = (a: string) => parseUnits(a, 18); // HookToken has 18 decimals

const DESCRIPTION =
  "8 buckets (EUR 50 a month each, due days 1, 3, 5, 8, 12, 15, 20, 28), EUR 50 a week, created 10 March 2027 and " +
  "left without a keeper; every payee (8 creditors, the treasury, the resident) is a contract on a token that calls " +
  "recipients back (HookToken) and burns all the gas it gets (HostileAccount), so each payout uses its full " +
  "PAYOUT_GAS and then becomes claimable. Each settle() pays 12 months of 8 buckets (96 CreditorPaid) and the held " +
  "advance repayment; release() pays 5 weeks (MAX_CATCH_UP_WEEKS). The first deposit was split by allocate() the day " +
  "the vault opened; in the case funded by a deposit, the deposit waits and settle() splits it before it pays. " +
  "Gas from receipts; a batch entry is " +
  "settleAndReleaseMany([vault]) with gasLimit 16,000,000 (21,000 base and calldata included).";

export interface WorstCase {
  name: string;
  settle: bigint;
  release: bigint;
  batchOfOne: bigint;
}

/** All WORST_VAULTS worst-case vaults in one batch, at both gas limits. */
export interface WorstBatch {
  case: string;
  sent: number;
  runs: BudgetRuns;
}

export interface WorstCaseResult {
  description: string;
  cases: WorstCase[];
  batch: WorstBatch;
  batch24: WorstBatch;
}

/** The hostile system and its vaults; `vault` (the first) is the one measured alone. */
interface Hostile {
  factory: HouseholdVaultFactory;
  keeper: HardhatEthersSigner;
  vault: HouseholdVault;
  addresses: string[];
}

type Plan = Parameters<HouseholdVaultFactory["createVault"]>[3];

/** Deploys a payee that burns all the gas the token's hook gives it. */
async function burner(hre: HardhatRuntimeEnvironment, hookAddress: string): Promise<string> {
  const account = (await hre.ethers.deployContract("HostileAccount")) as unknown as HostileAccount;
  await account.registerHooks(hookAddress);
  await account.setAction(BURN_GAS, ZeroAddress, false);
  return account.getAddress();
}

/** HookToken and a factory on it whose treasury burns gas; the bench's payer and coach registered. */
async function deployHostile(f: Fixture) {
  const { hre, signers: s } = f;
  const hook = (await hre.ethers.deployContract("HookToken")) as unknown as HookToken;
  const hookAddress = await hook.getAddress();
  const factory = (await hre.ethers.deployContract("HouseholdVaultFactory", [
    s.admin.address,
    hookAddress,
    await f.implementation.getAddress(),
    await burner(hre, hookAddress), // the treasury
    H("1500"),
    30 * DAY,
  ])) as unknown as HouseholdVaultFactory;
  await factory.registerPayer(s.svb.address, 1);
  await factory.grantRole(await factory.COACH_ROLE(), s.coach.address);
  return { hook, hookAddress, factory };
}

/** 8 burning creditors approved, a burning resident, and the plan; the payer and admin funded. */
async function hostilePlan(f: Fixture, hook: HookToken, hookAddress: string, factory: HouseholdVaultFactory) {
  const creditors: string[] = [];
  for (let i = 0; i < DUE_DAYS.length; i++) {
    creditors.push(await burner(f.hre, hookAddress));
    await factory.approveCreditor(creditors[i]);
  }
  const resident = await burner(f.hre, hookAddress);
  const plan = {
    buckets: DUE_DAYS.map((dueDay, i) => ({ category: i, dueDay, amountPerMonth: H("50"), creditor: creditors[i] })),
    weeklyLivingMoney: H("50"),
    bufferTarget: H("20000"), // enough to pay 24 missed months of every bucket
  };
  await hook.mint(f.signers.svb.address, H("100000000"));
  await hook.mint(f.signers.admin.address, H("1000000"));
  return { resident, plan };
}

/**
 * One worst-case vault: an advance fills the buckets' first payments and the first deposit, split
 * by a keeper's allocate() the same day, repays it (held for the next settle), reserves five weeks
 * and fills the buffer.
 */
async function openHostileVault(
  f: Fixture,
  { hook, factory }: { hook: HookToken; factory: HouseholdVaultFactory },
  i: number,
  { resident, plan }: { resident: string; plan: Plan },
): Promise<HouseholdVault> {
  const s: BenchSigners = f.signers;
  const householdId = id(`bench-worst-case-${i}`);
  await factory.createVault(householdId, resident, s.coach.address, plan);
  const vault = (await f.hre.ethers.getContractAt(
    "HouseholdVault",
    await factory.vaultAddress(householdId),
  )) as unknown as HouseholdVault;
  const address = await vault.getAddress();
  await hook.connect(s.svb).approve(address, MaxUint256);
  await hook.connect(s.admin).approve(address, MaxUint256);
  await vault.connect(s.admin).advance(H("400"));
  await vault.connect(s.svb).deposit(H("25000"));
  // The keeper's call that day splits the deposit (repayment held, five weeks, buffer full).
  const split = eventsOf(vault, (await (await vault.connect(s.keeper).allocate()).wait())!);
  if (count(split, "Allocated") !== 1) throw new Error("worst case: the first deposit was not split");
  return vault;
}

/** 10 March 2027: the worst-case vaults open. */
async function openHostile(f: Fixture): Promise<Hostile> {
  const system = await deployHostile(f);
  const household = await hostilePlan(f, system.hook, system.hookAddress, system.factory);
  await time.increaseTo(utc(2027, 3, 10, 12));
  const vaults: HouseholdVault[] = [];
  for (let i = 0; i < WORST_VAULTS; i++) vaults.push(await openHostileVault(f, system, i, household));
  const addresses = await Promise.all(vaults.map((v) => v.getAddress()));
  return { factory: system.factory, keeper: f.signers.keeper, vault: vaults[0], addresses };
}

/** Every bucket paid 12 months by settle() (and `monthsInRelease` by release()), every payout deferred. */
function expectCatchUp(name: string, s: ParsedEvent[], r: ParsedEvent[], monthsInRelease: number): void {
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
}

/** settle() and release() as two transactions, then (from the same state) one batch entry. */
async function measureCase(
  w: Hostile,
  name: string,
  monthsInRelease: number,
  before?: () => Promise<unknown>,
): Promise<WorstCase> {
  const { vault, keeper } = w;
  const snapshot = await takeSnapshot();
  if (before) await before();
  const settle = (await (await vault.connect(keeper).settle({ gasLimit: LIMIT })).wait())!;
  const release = (await (await vault.connect(keeper).release({ gasLimit: LIMIT })).wait())!;
  expectCatchUp(name, eventsOf(vault, settle), eventsOf(vault, release), monthsInRelease);
  await snapshot.restore();
  if (before) await before();
  const batch = (await (
    await w.factory.connect(keeper).settleAndReleaseMany([w.addresses[0]], { gasLimit: LIMIT })
  ).wait())!;
  if (count(eventsOf(w.factory, batch), "KeeperCallFailed") > 0) throw new Error(`${name}: a keeper call failed`);
  await snapshot.restore();
  return { name, settle: settle.gasUsed, release: release.gasUsed, batchOfOne: batch.gasUsed };
}

async function batchOfAll(w: Hostile, name: string): Promise<WorstBatch> {
  return { case: name, sent: WORST_VAULTS, runs: await runAtBudgets(w.factory, w.keeper, w.addresses, w.vault) };
}

export async function worstCase(f: Fixture): Promise<WorstCaseResult> {
  const w = await openHostile(f);
  // 10 March 2028: exactly twelve months of every bucket are due (the cap one settle() processes):
  // April 2027 to March 2028 for due days 1-8 (March 2027 was reached at creation), March 2027 to
  // February 2028 for due days 12-28.
  await time.increaseTo(utc(2028, 3, 10, 12));
  const cases: WorstCase[] = [];
  cases.push(await measureCase(w, "12 months behind, paid from the buffer", 0));
  cases.push(
    await measureCase(w, "12 months behind, funded by a deposit first", 0, () =>
      w.vault.connect(f.signers.svb).deposit(H("5000")),
    ),
  );
  const batch = await batchOfAll(w, cases[0].name);
  // 10 March 2029: 24 months due; settle() does 12 and release() settles the next 12 before paying.
  await time.increaseTo(utc(2029, 3, 10, 12));
  cases.push(await measureCase(w, "24 months behind, release() settles 12 more", 12));
  const batch24 = await batchOfAll(w, cases[2].name);
  return { description: DESCRIPTION, cases, batch, batch24 };
}
