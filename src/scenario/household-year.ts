/**
 * Gas per household-year: the family scenario's year (scenarios/family.json) for N identical
 * households at once, each its own vault created from the same plan, with a keeper that calls
 * factory.settleAndReleaseMany over batches of `batchSize` vaults. Gas comes from receipts.
 *
 * Two keepers (option `keeper`):
 * - "daily" (the default): every day at 00:05 it sends every vault, in batches of `batchSize`.
 * - "whenDue": every day at 00:05 it reads each vault's nextKeeperCallAt() (eth_call, free) and
 *   sends only the vaults whose time has come (≤ its block time), in batches of at most
 *   `batchSize`; on a day with no work it sends nothing. The result's `endState` is the same as the
 *   daily keeper's (compare them with endStateDifferences).
 *
 * Usage (src/bench/household-years.ts, run by `npm run bench`, or any script that has loaded Hardhat):
 *
 *   import { householdYear } from "../scenario";
 *   const r = await householdYear({ households: 100, batchSize: 100 });
 *   r.gasPerHousehold;          // gas of one household's year (see HouseholdYearResult)
 *   r.byKind.keeper;            // { transactions, gas, gasPerHousehold }
 *   r.baselineGasPerHousehold;  // the same money movements as plain EuroToken transfers
 *   r.baselineTransfers;        // how many of each, and the measured gas of one
 *
 * It throws (ScenarioFailure) when any household fails a check the scenario runner makes: a gas
 * figure from a year that went wrong is worthless.
 *
 * This file holds the steps of the year; household-year-run.ts the chain they send on and the
 * run's state, household-year-book.ts the end state, the checks and the baseline.
 */
import path from "path";
import { hexlify, randomBytes } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { HouseholdVault } from "../../typechain-types";
import { DAY, isoDate, monthIndexOf, monthName, monthStart, UserError } from "../core";
import { deploySystem, openLocalSystem } from "../chain";
import { sampleOf } from "../book";
import { Action, buildSchedule, Household, PHASE, prepareAction, toPlan } from "./schedule";
import { loadScenario, Scenario } from "./scenario-file";
import {
  addressesOf,
  balancesOf,
  checkHouseholds,
  endStateOf,
  measureBaseline,
  sharedAddresses,
} from "./household-year-book";
import {
  hasZeroByte,
  keeperGasLimitOf,
  TxKind,
  Year,
  YearChain,
  YearHouseholds,
  YearRecords,
  YearSetup,
  YearSystem,
} from "./household-year-run";

export interface HouseholdYearOptions {
  /** How many identical households (vaults) run the year side by side. */
  households: number;
  /** Vaults per keeper call (settleAndReleaseMany); at most the factory's MAX_BATCH (200). */
  batchSize: number;
  /**
   * "daily" (default): the keeper sends every vault each day. "whenDue": it sends only the vaults
   * whose nextKeeperCallAt() has come, and nothing on a day without work.
   */
  keeper?: KeeperMode;
  /** The Hardhat runtime; `require("hardhat")` when absent. Must be the in-process network. */
  hre?: HardhatRuntimeEnvironment;
  /** The scenario; scenarios/family.json when absent. */
  scenario?: Scenario;
  /** Only this many months after the start month (default: the scenario's months). */
  months?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export type KeeperMode = "daily" | "whenDue";
export const KEEPER_MODES: readonly KeeperMode[] = ["daily", "whenDue"];

/**
 * One household's state at the end of the year, in terms that do not depend on which year the run
 * was moved to or which address its vault got: amounts as decimal strings, times in seconds after
 * the run's start day, months counted from the start month.
 */
export interface HouseholdEndState {
  /** Every bucket, in the plan's order (creditor as its role). */
  buckets: {
    creditor: string;
    dueDay: number;
    amountPerMonth: string;
    balance: string;
    arrears: string;
    /** Months after the start month (paidThroughMonth − the start month's index). */
    paidThroughMonth: number;
    /** Seconds after the start day. */
    nextDueAt: number;
  }[];
  /** accounts(), every field. */
  accounts: Record<string, string>;
  /** livingMoneySchedule(): weeks released, and the next week's time in seconds after the start day. */
  livingMoney: { weeksReleased: number; nextReleaseAt: number };
  /** claimable(payee) for every creditor role and the resident. */
  claimable: Record<string, string>;
  /** pendingPlan()'s nonce. */
  planNonce: number;
  /** The vault's token balance. */
  vaultBalance: string;
  /** How the resident's token balance changed over the year. */
  resident: string;
}

export interface EndState {
  households: HouseholdEndState[];
  /** How each shared account's token balance changed over the year (all households together). */
  shared: Record<string, string>;
}

/** The kinds of transaction counted in the household figure. */
export type GasKind =
  | "deposits" // payers' deposit() of income
  | "keeper" // settleAndReleaseMany batches (the split of waiting income happens here)
  | "plan" // the coach's proposePlan and the resident's acceptPlan
  | "claims" // a creditor's claim() of a payment that bounced
  | "resident" // the resident's withdrawSavings
  | "advance" // the municipality's advance()
  | "approvals" // payers' and the treasury's one-off token approve() of each vault
  | "opening"; // the resident's plain transfer of her opening balance into the vault

export const GAS_KINDS: readonly GasKind[] = [
  "deposits",
  "keeper",
  "plan",
  "claims",
  "resident",
  "advance",
  "approvals",
  "opening",
];

export interface KindFigures {
  transactions: number;
  /** Σ gasUsed over these transactions, all households together. */
  gas: number;
  /** gas / households. */
  gasPerHousehold: number;
}

/** One kind of plain transfer in the baseline (the same money moved without a vault). */
export interface BaselineTransfer {
  kind: "income" | "creditor" | "living-money" | "savings-withdrawal" | "advance" | "advance-repayment";
  /** Who pays whom in the baseline. */
  description: string;
  /** Transfers of this kind in one household's year (counted from what the vaults did). */
  perHousehold: number;
  /** gasUsed of one plain EuroToken transfer of this kind, measured from a receipt in warm state. */
  gasPerTransfer: number;
  gasPerHousehold: number;
}

export interface HouseholdYearResult {
  households: number;
  batchSize: number;
  scenario: string;
  /** First and last day of the run (the scenario's dates, moved whole years if the chain was past them). */
  from: string;
  to: string;
  months: number;
  hardfork: string;
  /** Σ gasUsed over every counted transaction (every kind in GAS_KINDS), all households. */
  gasTotal: number;
  /** gasTotal / households. */
  gasPerHousehold: number;
  byKind: Record<GasKind, KindFigures>;
  /** Counted transactions, all households. */
  transactions: number;
  keeper: {
    /** Which keeper ran: "daily" (every vault every day) or "whenDue" (only as nextKeeperCallAt() says). */
    mode: KeeperMode;
    /** settleAndReleaseMany transactions sent (a batch that stopped early is continued in another). */
    calls: number;
    /** Days the keeper sent at least one transaction (of the days it ran). */
    daysCalled: number;
    /** Days the keeper ran (the schedule's days less any keeper outage). */
    daysRun: number;
    /** Vaults sent in the day's batches, Σ over the days (a continued batch's vaults count once). */
    vaultCalls: number;
    /** nextKeeperCallAt() reads (eth_call, no gas): N per day run for "whenDue", 0 for "daily". */
    viewReads: number;
    /** Batches that stopped early (KeeperBatchStopped) and were continued. */
    batchesStopped: number;
    /** Each early stop: the day, and how many of the batch's vaults it handled. */
    stops: { date: string; processed: number; requested: number }[];
    /** The gas limit each keeper call was sent with. */
    gasLimit: number;
    /** Keeper gas per vault per day it ran (days without a call included). */
    gasPerVaultDay: number;
  };
  /** Every household's state at the end of the year, and the shared accounts' change (see EndState). */
  endState: EndState;
  /** Σ over baselineTransfers of gasPerHousehold. */
  baselineGasPerHousehold: number;
  baselineTransfers: BaselineTransfer[];
  /** gasPerHousehold / baselineGasPerHousehold. */
  ratio: number;
  /** Sent but not counted: vault creation, minting test euros, the token issuer's blocklist. */
  notCounted: Record<"vaultCreation" | "minting" | "issuer", { transactions: number; gas: number }>;
  /** The runner's checks, passed by every household (the function throws otherwise). */
  checks: { name: string; households: number }[];
  wallSeconds: number;
}

/** Minting and approvals start this long before the start day: 5 × 240 + 4 blocks fit. */
const SETUP_LEAD = 3000;

const KIND_OF_PHASE: Record<Action["phase"], TxKind> = {
  income: "deposits",
  advance: "advance",
  plan: "plan",
  claim: "claims",
  resident: "resident",
  token: "issuer",
};

/**
 * Runs the scenario's year for `households` identical households and measures its gas. See the
 * comment at the top of this file and HouseholdYearResult.
 *
 * How: every household is its own vault with its own resident (an impersonated address); payers,
 * creditors, the coach, the treasury and the keeper are shared, as they are in a municipality. At
 * each moment of the schedule every household's transaction is sent, one block each, a second
 * apart (100 deposits at 09:00 end at 09:01:40); gasUsed does not depend on the block (warm slots
 * and refunds are per transaction). The payers' approvals and the test euros are set up the
 * evening before the start day, so the vaults are created from 00:01 and all exist before the
 * keeper's first call at 00:05 (hence at most 240 households). The keeper sends each batch with
 * the chain's per-transaction gas limit (2^24 from Osaka on) and sends the rest of a batch that
 * stopped early (KeeperBatchStopped) in another transaction. Views are read only where the checks
 * need them: rent's due days, each month's end, what an action reads first and the end state;
 * and, for the "whenDue" keeper, every vault's nextKeeperCallAt() before its daily round.
 */
export async function householdYear(options: HouseholdYearOptions): Promise<HouseholdYearResult> {
  const wallStart = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre: HardhatRuntimeEnvironment = options.hre ?? require("hardhat");
  const setup = await prepareYear(options, hre, wallStart);
  const year: Year = { ...setup, ...(await setUpHouseholds(setup)), ...emptyRecords(setup.N) };
  await runYear(year);
  const endState = await endStateOf(year);
  const { ledgers, checkNames } = checkHouseholds(year);
  const baselineTransfers = await measureBaseline(year, ledgers);
  return resultOf(year, endState, baselineTransfers, checkNames);
}

/** Checks the options, deploys the system and lays out the schedule: everything before the households. */
async function prepareYear(
  options: HouseholdYearOptions,
  hre: HardhatRuntimeEnvironment,
  wallStart: number,
): Promise<YearSetup> {
  const log = options.log ?? (() => undefined);
  const { N, mode } = checkOptions(options, hre);
  const scenarioIn = options.scenario ?? loadScenario(path.resolve(__dirname, "../../scenarios/family.json"));
  const system = await openSystem(hre, options.batchSize);
  const keeper = await keeperGasLimitOf(hre);
  const chainNow = (await hre.ethers.provider.getBlock("latest"))!.timestamp;
  // Runs on one chain move to a later year with the scenario's calendar (2027 recurs in 2038...),
  // so a second run measures the same weekdays, not another year's.
  const schedule = buildSchedule(scenarioIn, chainNow, system.money, options.months, { sameCalendar: true });
  const { scenario, startDay, endDay } = schedule;
  if (N > PHASE.keeper - PHASE.create) {
    // Vaults are created from 00:01, one block a second; all must exist before the keeper's first
    // call at 00:05, or their weeks of living money would fall due after the keeper's daily call.
    throw new UserError(`at most ${PHASE.keeper - PHASE.create} households (got ${N})`);
  }
  log(
    `household-year: ${N} household(s) of "${scenario.name}", ${isoDate(startDay)} to ${isoDate(endDay)}, ` +
      `${mode === "daily" ? "a daily keeper" : "a keeper that calls when nextKeeperCallAt() says so"}, ` +
      `batches of ${options.batchSize} (gas limit ${keeper.limit}, hardfork ${keeper.hardfork})`,
  );
  return {
    ...system,
    N,
    B: options.batchSize,
    mode,
    log,
    wallStart,
    hardfork: keeper.hardfork,
    keeperGasLimit: keeper.limit,
    schedule,
    scenario,
    cast: { who: system.who, token: system.token, money: system.money, scenario },
    rentBucket: scenario.plan.buckets.findIndex((b) => b.code === "RENT"),
    chain: new YearChain(system, keeper.limit, chainNow),
  };
}

/** The options that need no chain: how many households, which keeper, and the network. */
function checkOptions(options: HouseholdYearOptions, hre: HardhatRuntimeEnvironment): { N: number; mode: KeeperMode } {
  const N = options.households;
  if (!Number.isInteger(N) || N < 1) throw new UserError(`households must be a whole number of at least 1 (got ${N})`);
  const mode: KeeperMode = options.keeper ?? "daily";
  if (!KEEPER_MODES.includes(mode)) {
    throw new UserError(`keeper must be one of ${KEEPER_MODES.map((m) => `"${m}"`).join(", ")}, got "${String(mode)}"`);
  }
  if (hre.network.name !== "hardhat") {
    throw new UserError(
      `householdYear runs on the in-process Hardhat network (it impersonates residents and mines blocks itself), not "${hre.network.name}"`,
    );
  }
  return { N, mode };
}

/** The system, as the demo deploys it, with the batch size checked against the factory's MAX_BATCH. */
async function openSystem(hre: HardhatRuntimeEnvironment, B: number): Promise<YearSystem> {
  const deployment = await deploySystem(hre);
  const system = await openLocalSystem(hre, deployment);
  const maxBatch = Number(await system.factory.MAX_BATCH());
  if (!Number.isInteger(B) || B < 1 || B > maxBatch) {
    throw new UserError(`batchSize must be a whole number from 1 to ${maxBatch} (the factory's MAX_BATCH), got ${B}`);
  }
  return { hre, deployment, ...system };
}

// ---- setup: minting (not counted), residents, approvals, vaults, opening balances ------------------

async function setUpHouseholds(setup: YearSetup): Promise<YearHouseholds> {
  const { chain, schedule, who } = setup;
  const { ids, vaultAddresses } = await drawVaultAddresses(setup);
  const residents = await impersonateResidents(setup);
  vaultAddresses.forEach((v) => chain.watchVault(v));
  const openingBalance = setup.money.units(setup.scenario.openingBalance.amount);
  submitFunding(setup, vaultAddresses, residents, openingBalance);
  // The evening before the start day (the schedule starts at least an hour after the chain's clock).
  await chain.mineAt(schedule.startDay - SETUP_LEAD);
  const sharedBefore = await balancesOf(setup.token, sharedAddresses(who));
  const residentsBefore = await balancesOf(setup.token, addressesOf(residents));
  const { vaultStart, households } = await createVaults(setup, ids, vaultAddresses, residents);
  if (openingBalance > 0n) {
    for (let i = 0; i < setup.N; i++) {
      // A plain transfer: the keeper's first call splits it.
      const args = [vaultAddresses[i], openingBalance];
      const call = { from: residents[i], contract: setup.token, method: "transfer", args };
      chain.submit(call, "opening", "opening balance");
    }
    await chain.mineAt(schedule.startDay + PHASE.opening);
  }
  return { vaultAddresses, residents, households, vaultStart, sharedBefore, residentsBefore };
}

/**
 * A resident of her own per household (her first living money fills an empty balance slot, as a
 * real resident's would): an address nobody holds the key to, impersonated.
 */
async function impersonateResidents(setup: YearSetup): Promise<HardhatEthersSigner[]> {
  const residents: HardhatEthersSigner[] = [];
  for (let i = 0; i < setup.N; i++) {
    const signer = await setup.chain.impersonate(`household-year resident ${i}`);
    residents.push(signer);
    setup.chain.addResident(signer.address);
  }
  return residents;
}

/**
 * Random household ids, as in the demo, drawn again while the vault's address has a zero byte
 * (see hasZeroByte), and their vaults' addresses, which the payers approve before the vaults exist.
 */
async function drawVaultAddresses(setup: YearSetup): Promise<{ ids: string[]; vaultAddresses: string[] }> {
  const ids: string[] = [];
  const vaultAddresses: string[] = [];
  while (ids.length < setup.N) {
    const id = hexlify(randomBytes(32));
    const address = await setup.factory.vaultAddress(id);
    if (!hasZeroByte(address)) {
      ids.push(id);
      vaultAddresses.push(address);
    }
  }
  return { ids, vaultAddresses };
}

/** Test euros for the payers and the residents' opening balances; the payers' approvals of every vault. */
function submitFunding(
  setup: YearSetup,
  vaultAddresses: string[],
  residents: HardhatEthersSigner[],
  openingBalance: bigint,
): void {
  const { chain, who, token } = setup;
  // Enough for every household's year, with room to spare (test euros).
  const funding = setup.money.units("100000") * BigInt(setup.N);
  for (const r of ["svb", "toeslagen", "wi", "treasury"] as const) {
    chain.submit(
      { from: who.admin, contract: token, method: "mint", args: [who[r].address, funding] },
      "minting",
      "mint",
    );
  }
  if (openingBalance > 0n) {
    for (const r of residents) {
      const args = [r.address, openingBalance];
      chain.submit({ from: who.admin, contract: token, method: "mint", args }, "minting", "mint");
    }
  }
  for (const r of ["svb", "toeslagen", "wi", "treasury"] as const) {
    // Payers approve each vault's address before it exists, as in the demo.
    for (const v of vaultAddresses) {
      const call = { from: who[r], contract: token, method: "approve", args: [v, setup.hre.ethers.MaxUint256] };
      chain.submit(call, "approvals", `${r} approves a vault`);
    }
  }
}

/** Every household's vault, created from 00:01 on the start day, and its creation time. */
async function createVaults(
  setup: YearSetup,
  ids: string[],
  vaultAddresses: string[],
  residents: HardhatEthersSigner[],
): Promise<Pick<YearHouseholds, "vaultStart" | "households">> {
  const { who, chain } = setup;
  const plan0 = toPlan(setup.scenario.plan, who, setup.money);
  const vaultStart: number[] = [];
  for (let i = 0; i < setup.N; i++) {
    const args = [ids[i], residents[i].address, who.coach.address, plan0];
    const call = { from: who.admin, contract: setup.factory, method: "createVault", args };
    chain.submit(call, "vaultCreation", "create a vault", { done: (at) => (vaultStart[i] = at) });
  }
  await chain.mineAt(setup.schedule.startDay + PHASE.create);
  const households: Household[] = [];
  for (let i = 0; i < setup.N; i++) {
    const vault = (await setup.hre.ethers.getContractAt(
      "HouseholdVault",
      vaultAddresses[i],
    )) as unknown as HouseholdVault;
    households.push({
      vault,
      resident: residents[i],
      planHistory: [{ from: vaultStart[i], plan: setup.scenario.plan }],
    });
  }
  return { vaultStart, households };
}

// ---- the year ---------------------------------------------------------------------------------------

function emptyRecords(N: number): YearRecords {
  return {
    rentWatch: Array.from({ length: N }, () => new Map()),
    nextRentDue: new Array(N).fill(Infinity),
    samples: Array.from({ length: N }, () => []),
    finalViews: [],
    keeper: { daysCalled: 0, vaultCalls: 0, viewReads: 0, stops: [] },
  };
}

async function runYear(year: Year): Promise<void> {
  await Promise.all(year.households.map((_, i) => readRentDue(year, i)));
  for (const today of year.schedule.days) {
    const due = await watchRent(year, today.day);
    if (today.keeperAt !== undefined) {
      await keeperRound(year, today.keeperAt);
      await Promise.all(due.map((i) => readRentDue(year, i)));
    }
    for (const action of today.actions) await householdsAct(year, action);
    const isMonthEnd = today.day + DAY >= monthStart(monthIndexOf(today.day) + 1);
    if (isMonthEnd) await monthEnd(year, today.day);
  }
}

/** When household `i`'s rent falls due next (read again once the keeper has paid it or the plan changed). */
async function readRentDue(year: Year, i: number): Promise<void> {
  if (year.rentBucket >= 0) {
    year.nextRentDue[i] = Number((await year.households[i].vault.bucket(year.rentBucket)).nextDueAt);
  }
}

/**
 * What each vault could have paid rent from when it fell due, before the keeper acts (as the
 * runner records it; read only on the days a vault's rent is due). Returns those households.
 */
async function watchRent(year: Year, day: number): Promise<number[]> {
  const due: number[] = [];
  year.households.forEach((_, i) => {
    if (year.nextRentDue[i] <= day + PHASE.keeper) due.push(i);
  });
  for (const i of due) {
    const v = year.households[i].vault;
    const [b, acc] = await Promise.all([v.bucket(year.rentBucket), v.accounts()]);
    const monthIdx = Number(b.paidThroughMonth) + 1;
    if (!year.rentWatch[i].has(monthIdx)) {
      year.rentWatch[i].set(monthIdx, {
        dueAt: Number(b.nextDueAt),
        need: b.arrears + b.amountPerMonth,
        available: b.balance + acc.buffer + acc.savings + acc.unallocated,
      });
    }
  }
  return due;
}

/** The keeper's daily round: every vault (or, "whenDue", those with work) in batches of B. */
async function keeperRound(year: Year, keeperAt: number): Promise<void> {
  const { chain, keeper } = year;
  const toCall = year.mode === "whenDue" ? await vaultsWithWork(year, keeperAt) : year.vaultAddresses;
  if (toCall.length > 0) keeper.daysCalled++;
  keeper.vaultCalls += toCall.length;
  for (let k = 0; k < toCall.length; k += year.B) {
    submitKeeperBatch(year, toCall.slice(k, k + year.B), "keeper: settle and release");
  }
  await chain.mineAt(keeperAt);
  // A batch that stopped early (less than GAS_PER_VAULT left) is continued, as keepers must.
  while (chain.stoppedBatches.length > 0) {
    for (const { batch, processed } of chain.stoppedBatches.splice(0)) {
      keeper.stops.push({ date: isoDate(keeperAt), processed, requested: batch.length });
      submitKeeperBatch(year, batch.slice(processed), "keeper: the rest of a batch");
    }
    await chain.mineAt(keeperAt);
  }
}

function submitKeeperBatch(year: Year, batch: string[], what: string): void {
  const call = { from: year.who.keeper, contract: year.factory, method: "settleAndReleaseMany", args: [batch] };
  year.chain.submit(call, "keeper", what, { batch });
}

/**
 * The vaults whose nextKeeperCallAt() has come by the keeper's block time: its first transaction
 * of the day is mined at keeperAt. Every vault's due dates and weeks fall before 00:05 (vaults are
 * created from 00:01), so a vault whose time comes later in the day has none of today's work the
 * daily keeper would do.
 */
async function vaultsWithWork(year: Year, keeperAt: number): Promise<string[]> {
  const at = BigInt(Math.max(keeperAt, year.chain.lastT + 1));
  const next = await Promise.all(year.households.map((h) => h.vault.nextKeeperCallAt()));
  year.keeper.viewReads += year.N;
  return year.vaultAddresses.filter((_, i) => next[i] <= at);
}

/** One action of the schedule, for every household (the token issuer's act: once, for everyone). */
async function householdsAct(year: Year, action: Action): Promise<void> {
  const { chain, cast, households } = year;
  if (action.phase === "token") {
    const p = await prepareAction(cast, households[0], action);
    if (p.call) chain.submit(p.call, "issuer", p.what!);
  } else {
    const prepared = await Promise.all(households.map((h) => prepareAction(cast, h, action)));
    for (const p of prepared) if (p.call) chain.submit(p.call, KIND_OF_PHASE[action.phase], p.what!, { done: p.done });
  }
  await chain.mineAt(action.t);
  if (action.phase === "plan") await Promise.all(households.map((_, i) => readRentDue(year, i)));
}

/** The vault's accounts against its token balance at each month's end (the demo does it daily). */
async function monthEnd(year: Year, day: number): Promise<void> {
  await Promise.all(
    year.households.map(async (h, i) => {
      const [buckets, accounts, balance] = await Promise.all([
        h.vault.buckets(),
        h.vault.accounts(),
        year.token.balanceOf(year.vaultAddresses[i]),
      ]);
      year.samples[i].push(sampleOf(day, buckets, accounts, balance));
      year.finalViews[i] = { accounts, buckets, balance };
    }),
  );
  const elapsed = ((Date.now() - year.wallStart) / 1000).toFixed(1);
  year.log(`  ${monthName(monthIndexOf(day))}: ${year.chain.transactionsSent()} transactions, ${elapsed} s`);
}

// ---- the figures --------------------------------------------------------------------------------------

function resultOf(
  year: Year,
  endState: EndState,
  baselineTransfers: BaselineTransfer[],
  checkNames: Set<string>,
): HouseholdYearResult {
  const { N, schedule } = year;
  const figures = (kind: string) => kindFigures(year, kind);
  const byKind = Object.fromEntries(GAS_KINDS.map((k) => [k, figures(k)])) as Record<GasKind, KindFigures>;
  const gasTotal = GAS_KINDS.reduce((s, k) => s + byKind[k].gas, 0);
  const baselineGasPerHousehold = baselineTransfers.reduce((s, b) => s + b.gasPerHousehold, 0);
  const notCounted = {
    vaultCreation: pick(figures("vaultCreation")),
    minting: pick(figures("minting")),
    issuer: pick(figures("issuer")),
  };
  if (!Number.isSafeInteger(gasTotal)) throw new Error("gas total beyond 2^53");
  return {
    households: N,
    batchSize: year.B,
    scenario: year.scenario.name,
    from: isoDate(schedule.startDay),
    to: isoDate(schedule.endDay),
    months: schedule.months,
    hardfork: year.hardfork,
    gasTotal,
    gasPerHousehold: gasTotal / N,
    byKind,
    transactions: GAS_KINDS.reduce((s, k) => s + byKind[k].transactions, 0),
    keeper: keeperFigures(year, byKind.keeper),
    endState,
    baselineGasPerHousehold,
    baselineTransfers,
    ratio: gasTotal / N / baselineGasPerHousehold,
    notCounted,
    checks: [...checkNames].map((name) => ({ name, households: N })),
    wallSeconds: (Date.now() - year.wallStart) / 1000,
  };
}

function kindFigures(year: Year, kind: string): KindFigures {
  const g = year.chain.gasBy.get(kind) ?? { transactions: 0, gas: 0n };
  return { transactions: g.transactions, gas: Number(g.gas), gasPerHousehold: Number(g.gas) / year.N };
}

function keeperFigures(year: Year, keeperGas: KindFigures): HouseholdYearResult["keeper"] {
  const keeperDays = year.schedule.days.filter((d) => d.keeperAt !== undefined).length;
  return {
    mode: year.mode,
    calls: keeperGas.transactions,
    daysCalled: year.keeper.daysCalled,
    daysRun: keeperDays,
    vaultCalls: year.keeper.vaultCalls,
    viewReads: year.keeper.viewReads,
    batchesStopped: year.keeper.stops.length,
    stops: year.keeper.stops,
    gasLimit: Number(year.keeperGasLimit),
    gasPerVaultDay: keeperGas.gas / (year.N * keeperDays),
  };
}

/**
 * Where two runs' end states differ (empty when they are the same): one line per difference, at
 * most `limit`. Runs with a different number of households differ in that alone.
 */
export function endStateDifferences(a: EndState, b: EndState, limit = 20): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, at: string) => {
    if (out.length >= limit) return;
    if (typeof x === "object" && x !== null && typeof y === "object" && y !== null) {
      if (Array.isArray(x) !== Array.isArray(y)) {
        out.push(`${at}: ${JSON.stringify(x)} against ${JSON.stringify(y)}`);
        return;
      }
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${at}.${k}`);
    } else if (x !== y) {
      out.push(`${at}: ${JSON.stringify(x)} against ${JSON.stringify(y)}`);
    }
  };
  if (a.households.length !== b.households.length) {
    return [`households: ${a.households.length} against ${b.households.length}`];
  }
  walk(a, b, "endState");
  return out;
}

function pick(f: KindFigures) {
  return { transactions: f.transactions, gas: f.gas };
}
