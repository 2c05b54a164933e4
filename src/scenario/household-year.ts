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
 * Usage (scripts/bench.ts, run with `hardhat run`, or any script that has loaded Hardhat):
 *
 *   import { householdYear } from "../src/scenario/household-year";
 *   const r = await householdYear({ households: 100, batchSize: 100 });
 *   r.gasPerHousehold;          // gas of one household's year (see HouseholdYearResult)
 *   r.byKind.keeper;            // { transactions, gas, gasPerHousehold }
 *   r.baselineGasPerHousehold;  // the same money movements as plain EuroToken transfers
 *   r.baselineTransfers;        // how many of each, and the measured gas of one
 *
 * It throws (ScenarioFailure) when any household fails a check the scenario runner makes: a gas
 * figure from a year that went wrong is worthless.
 */
import path from "path";
import {
  dataSlice,
  getAddress,
  keccak256,
  Log,
  toQuantity,
  toUtf8Bytes,
  hexlify,
  randomBytes,
  zeroPadValue,
} from "ethers";
import type { HardhatRuntimeEnvironment, HardhatNetworkConfig } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { EuroToken, HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import { ACCOUNT_INDEX, CREDITORS, PAYERS, Role } from "../../deploy/modules/core";
import { DAY, isoDate, monthIndexOf, monthName, monthStart } from "../core";
import { deploySystem } from "../chain";
import { ScenarioFailure, UserError } from "../core";
import { buildLedger, Ledger, LedgerContext } from "../chain";
import { Money } from "../core";
import { conservationCheck, livingMoneyCheck, rentCheck, RentWatch, Sample, sampleOf } from "../book";
import { Action, buildSchedule, Call, Cast, Household, PHASE, planAt, prepareAction, toPlan } from "./schedule";
import { loadScenario, Scenario } from "./scenario-file";

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

/** Transactions that are sent but not counted in the household figure. */
type Uncounted = keyof HouseholdYearResult["notCounted"];
/** What the baseline measures (plain transfers, not part of the year). */
type Measured = "baseline";

/** Gas limit per kind of transaction (gasUsed does not depend on it; a too-small one fails loudly). */
const GAS_LIMITS: Record<Exclude<GasKind, "keeper"> | Uncounted | Measured, bigint> = {
  deposits: 300_000n,
  plan: 3_000_000n,
  claims: 500_000n,
  resident: 1_500_000n,
  advance: 2_000_000n,
  approvals: 150_000n,
  opening: 150_000n,
  vaultCreation: 3_000_000n,
  minting: 200_000n,
  issuer: 200_000n,
  baseline: 200_000n,
};

/** Hardforks before Osaka, whose only per-transaction limit is the block's (EIP-7825 came with Osaka). */
const BEFORE_OSAKA = [
  "chainstart",
  "homestead",
  "dao",
  "tangerineWhistle",
  "spuriousDragon",
  "byzantium",
  "constantinople",
  "petersburg",
  "istanbul",
  "muirGlacier",
  "berlin",
  "london",
  "arrowGlacier",
  "grayGlacier",
  "merge",
  "shanghai",
  "cancun",
  "prague",
];
const OSAKA_TX_CAP = 16_777_216n;
/** Minting and approvals start this long before the start day: 5 × 240 + 4 blocks fit. */
const SETUP_LEAD = 3000;

const KIND_OF_PHASE: Record<Action["phase"], GasKind | Uncounted> = {
  income: "deposits",
  advance: "advance",
  plan: "plan",
  claim: "claims",
  resident: "resident",
  token: "issuer",
};

interface Pending {
  call: Call;
  hash?: string;
  kind: GasKind | Uncounted | Measured;
  what: string;
  /** The sender's role name, for the household book (sentBy). */
  sender: string;
  /** For a keeper call: the vaults it was asked to handle, in order. */
  batch?: string[];
  done?: (minedAt: number) => void;
}

interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  transactionHash: string;
  logIndex: string;
}

interface RawReceipt {
  transactionHash: string;
  blockNumber: string;
  gasUsed: string;
  status: string;
  logs: RawLog[];
}

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
  const log = options.log ?? (() => undefined);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre: HardhatRuntimeEnvironment = options.hre ?? require("hardhat");
  const { ethers } = hre;
  const provider = ethers.provider;
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
  const scenarioIn = options.scenario ?? loadScenario(path.resolve(__dirname, "../../scenarios/family.json"));

  // ---- the system, as the demo deploys it ----------------------------------------------------------
  const deployment = await deploySystem(hre);
  const token = (await ethers.getContractAt("EuroToken", deployment.addresses.token)) as unknown as EuroToken;
  const factory = (await ethers.getContractAt(
    "HouseholdVaultFactory",
    deployment.addresses.factory,
  )) as unknown as HouseholdVaultFactory;
  const money = new Money(Number(await token.decimals()));
  const maxBatch = Number(await factory.MAX_BATCH());
  const B = options.batchSize;
  if (!Number.isInteger(B) || B < 1 || B > maxBatch) {
    throw new UserError(`batchSize must be a whole number from 1 to ${maxBatch} (the factory's MAX_BATCH), got ${B}`);
  }
  const signers = await ethers.getSigners();
  const who = Object.fromEntries(
    (Object.keys(ACCOUNT_INDEX) as Role[]).map((r) => [r, signers[ACCOUNT_INDEX[r]]]),
  ) as Record<Role, HardhatEthersSigner>;
  for (const [payer, source] of Object.entries(PAYERS) as [keyof typeof PAYERS, number][]) {
    if (Number(await factory.payerSource(who[payer].address)) !== source) {
      throw new UserError(`this deployment does not register account ${ACCOUNT_INDEX[payer]} as payer ${payer}`);
    }
  }
  const roleOf = new Map<string, string>();
  for (const r of Object.keys(ACCOUNT_INDEX) as Role[]) roleOf.set(who[r].address.toLowerCase(), r);

  const hardfork = (hre.network.config as HardhatNetworkConfig).hardfork ?? "unknown";
  const blockGasLimit = BigInt((await provider.getBlock("latest"))!.gasLimit);
  const keeperGasLimit = BEFORE_OSAKA.includes(hardfork)
    ? blockGasLimit
    : OSAKA_TX_CAP < blockGasLimit
      ? OSAKA_TX_CAP
      : blockGasLimit;
  const GAS_LIMIT: Record<Pending["kind"], bigint> = { ...GAS_LIMITS, keeper: keeperGasLimit };

  // ---- the schedule the demo follows -------------------------------------------------------------------
  const chainNow = (await provider.getBlock("latest"))!.timestamp;
  // Runs on one chain move to a later year with the scenario's calendar (2027 recurs in 2038...),
  // so a second run measures the same weekdays, not another year's.
  const schedule = buildSchedule(scenarioIn, chainNow, money, options.months, { sameCalendar: true });
  const { scenario, startDay, endDay } = schedule;
  if (N > PHASE.keeper - PHASE.create) {
    // Vaults are created from 00:01, one block a second; all must exist before the keeper's first
    // call at 00:05, or their weeks of living money would fall due after the keeper's daily call.
    throw new UserError(`at most ${PHASE.keeper - PHASE.create} households (got ${N})`);
  }
  const cast: Cast = { who, token, money, scenario };
  const plan0 = toPlan(scenario.plan, who, money);
  const rentBucket = scenario.plan.buckets.findIndex((b) => b.code === "RENT");
  log(
    `household-year: ${N} household(s) of "${scenario.name}", ${isoDate(startDay)} to ${isoDate(endDay)}, ` +
      `${mode === "daily" ? "a daily keeper" : "a keeper that calls when nextKeeperCallAt() says so"}, ` +
      `batches of ${B} (gas limit ${keeperGasLimit}, hardfork ${hardfork})`,
  );

  // ---- sending and mining ---------------------------------------------------------------------------------
  const gasBy = new Map<string, { transactions: number; gas: bigint }>();
  const senders = new Map<string, string>(); // transaction hash -> role
  const timestamps = new Map<number, number>(); // block number -> timestamp
  const logsByVault = new Map<string, Log[]>(); // lower-case vault -> its logs
  const padToVault = new Map<string, string>(); // 32-byte topic -> lower-case vault
  const addressOf = new Map<unknown, string>();
  const transferTopic = token.interface.getEvent("Transfer").topicHash;
  const stoppedEvent = factory.interface.getEvent("KeeperBatchStopped");
  const tokenAddress = deployment.addresses.token.toLowerCase();
  const factoryAddress = deployment.addresses.factory.toLowerCase();
  const queue: Pending[] = [];
  let lastT = chainNow;
  const baselineGas = new Map<string, bigint>(); // what -> gasUsed, for the baseline's transfers
  const stoppedBatches: { batch: string[]; processed: number }[] = [];
  const stops: HouseholdYearResult["keeper"]["stops"] = [];
  const residentSet = new Set<string>(); // every household's resident, lower-case
  let daysCalled = 0;
  let vaultCalls = 0;
  let viewReads = 0;

  /** An address derived from `seed` (the first without a zero byte), impersonated and given ether. */
  async function impersonate(seed: string): Promise<HardhatEthersSigner> {
    let address: string;
    for (let k = 0; ; k++) {
      address = getAddress(dataSlice(keccak256(toUtf8Bytes(`${seed} ${k}`)), 12));
      if (!hasZeroByte(address)) break;
    }
    await provider.send("hardhat_impersonateAccount", [address]);
    await provider.send("hardhat_setBalance", [address, toQuantity(10n ** 21n)]);
    return ethers.getSigner(address);
  }

  /** Queues a transaction; mineAt sends the queue. */
  function submit(call: Call, kind: Pending["kind"], what: string, extra: Partial<Pending> = {}) {
    const from = call.from.address.toLowerCase();
    const sender = roleOf.get(from) ?? (residentSet.has(from) ? "resident" : call.from.address);
    queue.push({ call, kind, what, sender, ...extra });
  }

  /**
   * Sends every queued transaction, one block each, from `t` on (a second apart: the chain's
   * clock moves with evm_setNextBlockTimestamp, as in the demo), and books each receipt.
   */
  async function mineAt(t: number) {
    while (queue.length > 0) {
      const p = queue.shift()!;
      const { call } = p;
      let to = addressOf.get(call.contract);
      if (!to) {
        to = await call.contract.getAddress();
        addressOf.set(call.contract, to);
      }
      const data = call.contract.interface.encodeFunctionData(call.method, call.args);
      const at = Math.max(t, lastT + 1);
      await provider.send("evm_setNextBlockTimestamp", [at]);
      let hash: string;
      try {
        hash = (await provider.send("eth_sendTransaction", [
          { from: call.from.address, to, data, gas: toQuantity(GAS_LIMIT[p.kind]) },
        ])) as string;
      } catch (error) {
        const reason = (error as Error).message.split("\n")[0];
        throw new ScenarioFailure(`${isoDate(at)} ${p.what}: the transaction failed: ${reason}`);
      }
      lastT = at;
      const r = (await provider.send("eth_getTransactionReceipt", [hash])) as RawReceipt;
      if (Number(r.status) !== 1) throw new ScenarioFailure(`${isoDate(at)} ${p.what}: the transaction reverted`);
      timestamps.set(Number(r.blockNumber), at);
      p.hash = hash;
      book(p, r, at);
    }
  }

  function book(p: Pending, r: RawReceipt, at: number) {
    const gasUsed = BigInt(r.gasUsed);
    if (p.kind === "baseline") {
      baselineGas.set(p.what, gasUsed);
      return;
    }
    const g = gasBy.get(p.kind) ?? { transactions: 0, gas: 0n };
    g.transactions++;
    g.gas += gasUsed;
    gasBy.set(p.kind, g);
    senders.set(p.hash!, p.sender);
    for (const raw of r.logs) {
      const l = {
        address: raw.address,
        topics: raw.topics,
        data: raw.data,
        blockNumber: Number(raw.blockNumber),
        transactionHash: raw.transactionHash,
        index: Number(raw.logIndex),
      } as unknown as Log;
      const address = raw.address.toLowerCase();
      const owners = new Set<string>();
      if (logsByVault.has(address)) owners.add(address);
      else if (address === tokenAddress && raw.topics[0] === transferTopic) {
        for (const topic of raw.topics.slice(1, 3)) {
          const v = padToVault.get(topic.toLowerCase());
          if (v) owners.add(v);
        }
      } else if (address === factoryAddress) {
        if (raw.topics[0] === stoppedEvent.topicHash && p.batch) {
          const [processed] = factory.interface.decodeEventLog(stoppedEvent, raw.data, raw.topics);
          stoppedBatches.push({ batch: p.batch, processed: Number(processed) });
        }
        const v = raw.topics[1] ? padToVault.get(raw.topics[1].toLowerCase()) : undefined;
        if (v) owners.add(v);
      }
      for (const v of owners) logsByVault.get(v)!.push(l);
    }
    p.done?.(at);
  }

  // ---- setup: minting (not counted), residents, approvals, vaults, opening balances ------------------
  const openingBalance = money.units(scenario.openingBalance.amount);
  // Random household ids, as in the demo, drawn again while the vault's address has a zero byte:
  // addresses appear in calldata (the keeper's batches, approvals), where a zero byte is cheaper,
  // so every run uses addresses without one (as about 92% of addresses are) and repeats exactly.
  const ids: string[] = [];
  const vaultAddresses: string[] = [];
  while (ids.length < N) {
    const id = hexlify(randomBytes(32));
    const address = await factory.vaultAddress(id);
    if (!hasZeroByte(address)) {
      ids.push(id);
      vaultAddresses.push(address);
    }
  }
  const residents: HardhatEthersSigner[] = [];
  for (let i = 0; i < N; i++) {
    // A resident of her own per household (her first living money fills an empty balance slot,
    // as a real resident's would): an address nobody holds the key to, impersonated.
    const signer = await impersonate(`household-year resident ${i}`);
    residents.push(signer);
    residentSet.add(signer.address.toLowerCase());
  }
  vaultAddresses.forEach((v) => {
    logsByVault.set(v.toLowerCase(), []);
    padToVault.set(zeroPadValue(v, 32).toLowerCase(), v.toLowerCase());
  });

  // Enough for every household's year, with room to spare (test euros).
  const funding = money.units("100000") * BigInt(N);
  for (const r of ["svb", "toeslagen", "wi", "treasury"] as const) {
    submit({ from: who.admin, contract: token, method: "mint", args: [who[r].address, funding] }, "minting", "mint");
  }
  if (openingBalance > 0n) {
    for (const r of residents) {
      submit(
        { from: who.admin, contract: token, method: "mint", args: [r.address, openingBalance] },
        "minting",
        "mint",
      );
    }
  }
  for (const r of ["svb", "toeslagen", "wi", "treasury"] as const) {
    // Payers approve each vault's address before it exists, as in the demo.
    for (const v of vaultAddresses) {
      submit(
        { from: who[r], contract: token, method: "approve", args: [v, ethers.MaxUint256] },
        "approvals",
        `${r} approves a vault`,
      );
    }
  }
  // The evening before the start day (the schedule starts at least an hour after the chain's clock).
  await mineAt(startDay - SETUP_LEAD);
  // The shared accounts and the residents as the year starts (after the test euros), for endState.
  const sharedRoles = [...CREDITORS, "treasury"] as const;
  const balancesOf = (addresses: string[]) => Promise.all(addresses.map((a) => token.balanceOf(a)));
  const sharedBefore = await balancesOf(sharedRoles.map((r) => who[r].address));
  const residentsBefore = await balancesOf(residents.map((r) => r.address));

  const households: Household[] = [];
  const vaultStart: number[] = [];
  for (let i = 0; i < N; i++) {
    submit(
      {
        from: who.admin,
        contract: factory,
        method: "createVault",
        args: [ids[i], residents[i].address, who.coach.address, plan0],
      },
      "vaultCreation",
      "create a vault",
      { done: (at) => (vaultStart[i] = at) },
    );
  }
  await mineAt(startDay + PHASE.create);
  for (let i = 0; i < N; i++) {
    const vault = (await ethers.getContractAt("HouseholdVault", vaultAddresses[i])) as unknown as HouseholdVault;
    households.push({ vault, resident: residents[i], planHistory: [{ from: vaultStart[i], plan: scenario.plan }] });
  }
  if (openingBalance > 0n) {
    for (let i = 0; i < N; i++) {
      // A plain transfer: the keeper's first call splits it.
      submit(
        { from: residents[i], contract: token, method: "transfer", args: [vaultAddresses[i], openingBalance] },
        "opening",
        "opening balance",
      );
    }
    await mineAt(startDay + PHASE.opening);
  }

  // ---- the year ---------------------------------------------------------------------------------------
  const rentWatch: RentWatch[] = households.map(() => new Map());
  const nextRentDue: number[] = new Array(N).fill(Infinity);
  const readRentDue = async (i: number) => {
    if (rentBucket >= 0) nextRentDue[i] = Number((await households[i].vault.bucket(rentBucket)).nextDueAt);
  };
  await Promise.all(households.map((_, i) => readRentDue(i)));
  const samples: Sample[][] = households.map(() => []);
  const finalViews: {
    accounts: IHouseholdVault.AccountsStructOutput;
    buckets: IHouseholdVault.BucketViewStructOutput[];
    balance: bigint;
  }[] = [];

  for (const { day, keeperAt, actions } of schedule.days) {
    // What each vault could have paid rent from when it fell due, before the keeper acts (as the
    // runner records it; read only on the days a vault's rent is due).
    const due: number[] = [];
    households.forEach((_, i) => {
      if (nextRentDue[i] <= day + PHASE.keeper) due.push(i);
    });
    for (const i of due) {
      const v = households[i].vault;
      const [b, acc] = await Promise.all([v.bucket(rentBucket), v.accounts()]);
      const monthIdx = Number(b.paidThroughMonth) + 1;
      if (!rentWatch[i].has(monthIdx)) {
        rentWatch[i].set(monthIdx, {
          dueAt: Number(b.nextDueAt),
          need: b.arrears + b.amountPerMonth,
          available: b.balance + acc.buffer + acc.savings + acc.unallocated,
        });
      }
    }
    if (keeperAt !== undefined) {
      let toCall = vaultAddresses;
      if (mode === "whenDue") {
        // The keeper's block time: its first transaction of the day is mined at keeperAt. Every
        // vault's due dates and weeks fall before 00:05 (vaults are created from 00:01), so a vault
        // whose time comes later in the day has none of today's work the daily keeper would do.
        const at = BigInt(Math.max(keeperAt, lastT + 1));
        const next = await Promise.all(households.map((h) => h.vault.nextKeeperCallAt()));
        viewReads += N;
        toCall = vaultAddresses.filter((_, i) => next[i] <= at);
      }
      if (toCall.length > 0) daysCalled++;
      vaultCalls += toCall.length;
      for (let k = 0; k < toCall.length; k += B) {
        const batch = toCall.slice(k, k + B);
        submit(
          { from: who.keeper, contract: factory, method: "settleAndReleaseMany", args: [batch] },
          "keeper",
          "keeper: settle and release",
          { batch },
        );
      }
      await mineAt(keeperAt);
      // A batch that stopped early (less than GAS_PER_VAULT left) is continued, as keepers must.
      while (stoppedBatches.length > 0) {
        for (const { batch, processed } of stoppedBatches.splice(0)) {
          const rest = batch.slice(processed);
          stops.push({ date: isoDate(keeperAt), processed, requested: batch.length });
          submit(
            { from: who.keeper, contract: factory, method: "settleAndReleaseMany", args: [rest] },
            "keeper",
            "keeper: the rest of a batch",
            { batch: rest },
          );
        }
        await mineAt(keeperAt);
      }
      await Promise.all(due.map((i) => readRentDue(i)));
    }

    for (const action of actions) {
      if (action.phase === "token") {
        // The token issuer's act: once, for everyone.
        const p = await prepareAction(cast, households[0], action);
        if (p.call) submit(p.call, "issuer", p.what!);
      } else {
        const prepared = await Promise.all(households.map((h) => prepareAction(cast, h, action)));
        for (const p of prepared) if (p.call) submit(p.call, KIND_OF_PHASE[action.phase], p.what!, { done: p.done });
      }
      await mineAt(action.t);
      if (action.phase === "plan") await Promise.all(households.map((_, i) => readRentDue(i)));
    }

    const isMonthEnd = day + DAY >= monthStart(monthIndexOf(day) + 1);
    if (isMonthEnd) {
      // The vault's accounts against its token balance at each month's end (the demo does it daily).
      await Promise.all(
        households.map(async (h, i) => {
          const [buckets, accounts, balance] = await Promise.all([
            h.vault.buckets(),
            h.vault.accounts(),
            token.balanceOf(vaultAddresses[i]),
          ]);
          samples[i].push(sampleOf(day, buckets, accounts, balance));
          finalViews[i] = { accounts, buckets, balance };
        }),
      );
      const sent = [...gasBy.values()].reduce((s, g) => s + g.transactions, 0);
      log(`  ${monthName(monthIndexOf(day))}: ${sent} transactions, ${((Date.now() - wallStart) / 1000).toFixed(1)} s`);
    }
  }

  // ---- every household's end state (before the baseline's transfers move any balance) ---------------
  const startMonth = monthIndexOf(startDay);
  const sinceStart = (t: bigint) => Number(t) - startDay;
  const roleByAddress = (a: string) => roleOf.get(a.toLowerCase()) ?? a;
  const [sharedAfter, residentsAfter] = await Promise.all([
    balancesOf(sharedRoles.map((r) => who[r].address)),
    balancesOf(residents.map((r) => r.address)),
  ]);
  const payees = CREDITORS.map((r) => ({ name: r as string, address: who[r].address }));
  const endHouseholds: HouseholdEndState[] = await Promise.all(
    households.map(async (h, i): Promise<HouseholdEndState> => {
      const [buckets, accounts, balance, schedule, pending, claimable] = await Promise.all([
        h.vault.buckets(),
        h.vault.accounts(),
        token.balanceOf(vaultAddresses[i]),
        h.vault.livingMoneySchedule(),
        h.vault.pendingPlan(),
        Promise.all(
          [...payees, { name: "resident", address: h.resident.address }].map(
            async (p) => [p.name, (await h.vault.claimable(p.address)).toString()] as const,
          ),
        ),
      ]);
      return {
        buckets: buckets.map((b) => ({
          creditor: roleByAddress(b.creditor),
          dueDay: Number(b.dueDay),
          amountPerMonth: b.amountPerMonth.toString(),
          balance: b.balance.toString(),
          arrears: b.arrears.toString(),
          paidThroughMonth: Number(b.paidThroughMonth) - startMonth,
          nextDueAt: sinceStart(b.nextDueAt),
        })),
        accounts: {
          livingMoney: accounts.livingMoney.toString(),
          buffer: accounts.buffer.toString(),
          savings: accounts.savings.toString(),
          repaymentHeld: accounts.repaymentHeld.toString(),
          advanceOutstanding: accounts.advanceOutstanding.toString(),
          claimable: accounts.claimable.toString(),
          unallocated: accounts.unallocated.toString(),
        },
        livingMoney: {
          weeksReleased: Number(schedule.weeksReleased),
          nextReleaseAt: sinceStart(schedule.nextReleaseAt),
        },
        claimable: Object.fromEntries(claimable),
        planNonce: Number(pending.nonce),
        vaultBalance: balance.toString(),
        resident: (residentsAfter[i] - residentsBefore[i]).toString(),
      };
    }),
  );
  const endState: EndState = {
    households: endHouseholds,
    shared: Object.fromEntries(sharedRoles.map((r, k) => [r, (sharedAfter[k] - sharedBefore[k]).toString()])),
  };

  // ---- every household's book and the runner's checks ---------------------------------------------
  const problems: string[] = [];
  const ledgers: Ledger[] = [];
  const checkNames = new Set<string>();
  const summaries: string[] = [];
  for (let i = 0; i < N; i++) {
    const h = households[i];
    const roles = new Map(roleOf);
    roles.set(h.resident.address.toLowerCase(), "resident");
    const planNow = (t: number) => planAt(h, t);
    const ctx: LedgerContext = {
      vault: vaultAddresses[i],
      resident: h.resident.address,
      treasury: who.treasury.address,
      roles,
      creditorBucket: new Map(scenario.plan.buckets.map((b) => [who[b.creditor].address.toLowerCase(), b.code])),
      dueDayAt: (bucket, t) => planNow(t).buckets.find((b) => b.code === bucket)?.dueDay ?? 1,
      amountAt: (bucket, t) => money.units(planNow(t).buckets.find((b) => b.code === bucket)?.amount ?? "0"),
      weeklyAt: (t) => money.units(planNow(t).weeklyLivingMoney),
      senders,
      start: vaultStart[i],
      labels: new Map(),
      vaultInterface: h.vault.interface,
      tokenInterface: token.interface,
      factoryInterface: factory.interface,
    };
    const ledger = buildLedger(logsByVault.get(vaultAddresses[i].toLowerCase())!, timestamps, ctx);
    ledgers.push(ledger);
    const end = finalViews[i];
    const conservation = conservationCheck({
      ledger,
      samples: samples[i],
      accounts: end.accounts,
      bucketViews: end.buckets,
      vaultBalance: end.balance,
      money,
    });
    const checks = [
      rentCheck(ledger, rentWatch[i], money),
      conservation.check,
      livingMoneyCheck(ledger, h.planHistory, vaultStart[i], schedule.lastKeeperRun, money),
      {
        name: "keeper-calls-never-failed",
        ok: !ledger.shortfalls.some((s) => s.kind === "KeeperCallFailed"),
        detail: "a keeper call (settle or release) reverted inside the batch",
      },
    ];
    for (const c of checks) {
      checkNames.add(c.name);
      if (!c.ok) problems.push(`household ${i} (vault ${vaultAddresses[i]}): ${c.name}: ${c.detail}`);
    }
    // Identical households end identically: the same flows in and out, and the same holdings.
    summaries.push(
      JSON.stringify(
        {
          in: conservation.inflow,
          out: conservation.outflow,
          held: end.balance,
          payments: ledger.payments.map((p) => [p.bucket, p.month, p.status, p.amount]),
          weeks: ledger.weeks.length,
        },
        (_, v) => (typeof v === "bigint" ? v.toString() : v),
      ),
    );
  }
  const different = summaries.findIndex((s) => s !== summaries[0]);
  checkNames.add("households-identical");
  if (different > 0) problems.push(`household ${different} ended differently from household 0`);
  if (problems.length > 0) {
    throw new ScenarioFailure(
      `householdYear: ${problems.length} failed check(s), first: ${problems[0]}`,
      problems.slice(0, 20),
    );
  }

  // ---- the baseline: the same money movements as plain transfers ---------------------------------------
  const count = (kinds: string[]) =>
    ledgers.reduce((s, l) => s + l.movements.filter((m) => kinds.includes(m.kind)).length, 0) / N;
  const weeks = ledgers.reduce((s, l) => s + l.weeks.length, 0) / N;
  const first = (kinds: string[], fallback: string) => {
    const m = ledgers[0].movements.find((x) => kinds.includes(x.kind));
    return m ? BigInt(m.amount) : money.units(fallback);
  };
  // The household's own account at a bank (already holding money: warm), the resident, a creditor.
  const accountSigner = await impersonate("household-year baseline account");
  const account = accountSigner.address;
  submit(
    { from: who.admin, contract: token, method: "mint", args: [account, money.units("100000")] },
    "baseline",
    "baseline: fund the household's account",
  );
  await mineAt(lastT + 1);
  const creditor = who[scenario.plan.buckets[0].creditor];
  const kinds: {
    kind: BaselineTransfer["kind"];
    description: string;
    perHousehold: number;
    from: HardhatEthersSigner;
    to: string;
    amount: bigint;
  }[] = [
    {
      kind: "income",
      description:
        "a payer pays income into the household's account (one per deposit; the opening balance is there already)",
      perHousehold: count(["income"]),
      from: who.wi,
      to: account,
      amount: first(["income"], "1"),
    },
    {
      kind: "creditor",
      description: "the account pays a creditor (a fixed cost, once each month)",
      perHousehold: count(["fixed-cost", "claim"]),
      from: accountSigner,
      to: creditor.address,
      amount: first(["fixed-cost"], "1"),
    },
    {
      kind: "living-money",
      description: "the account pays the resident one week of living money",
      perHousehold: weeks,
      from: accountSigner,
      to: residents[0].address,
      amount: money.units(scenario.plan.weeklyLivingMoney),
    },
    {
      kind: "savings-withdrawal",
      description: "the account pays the resident savings she asks for",
      perHousehold: count(["savings-withdrawal"]),
      from: accountSigner,
      to: residents[0].address,
      amount: first(["savings-withdrawal"], "1"),
    },
    {
      kind: "advance",
      description: "the municipality advances money into the account",
      perHousehold: count(["advance"]),
      from: who.treasury,
      to: account,
      amount: first(["advance"], "1"),
    },
    {
      kind: "advance-repayment",
      description: "the account repays the municipality",
      perHousehold: count(["advance-repayment"]),
      from: accountSigner,
      to: who.treasury.address,
      amount: first(["advance-repayment"], "1"),
    },
  ];
  const baselineTransfers: BaselineTransfer[] = [];
  for (const k of kinds) {
    // Both balances are nonzero before and the sender's after: the warm state of month two.
    const before = await Promise.all([token.balanceOf(k.from.address), token.balanceOf(k.to)]);
    if (before[0] <= k.amount || before[1] === 0n) throw new Error(`baseline ${k.kind}: not in warm state`);
    submit(
      { from: k.from, contract: token, method: "transfer", args: [k.to, k.amount] },
      "baseline",
      `baseline ${k.kind}`,
    );
    await mineAt(lastT + 1);
    const gasPerTransfer = Number(baselineGas.get(`baseline ${k.kind}`)!);
    baselineTransfers.push({
      kind: k.kind,
      description: k.description,
      perHousehold: k.perHousehold,
      gasPerTransfer,
      gasPerHousehold: k.perHousehold * gasPerTransfer,
    });
  }

  // ---- the figures --------------------------------------------------------------------------------------
  const figures = (kind: string): KindFigures => {
    const g = gasBy.get(kind) ?? { transactions: 0, gas: 0n };
    return { transactions: g.transactions, gas: Number(g.gas), gasPerHousehold: Number(g.gas) / N };
  };
  const byKind = Object.fromEntries(GAS_KINDS.map((k) => [k, figures(k)])) as Record<GasKind, KindFigures>;
  const gasTotal = GAS_KINDS.reduce((s, k) => s + byKind[k].gas, 0);
  const transactions = GAS_KINDS.reduce((s, k) => s + byKind[k].transactions, 0);
  const baselineGasPerHousehold = baselineTransfers.reduce((s, b) => s + b.gasPerHousehold, 0);
  const keeperDays = schedule.days.filter((d) => d.keeperAt !== undefined).length;
  const notCounted = {
    vaultCreation: pick(figures("vaultCreation")),
    minting: pick(figures("minting")),
    issuer: pick(figures("issuer")),
  };
  if (!Number.isSafeInteger(gasTotal)) throw new Error("gas total beyond 2^53");
  const result: HouseholdYearResult = {
    households: N,
    batchSize: B,
    scenario: scenario.name,
    from: isoDate(startDay),
    to: isoDate(endDay),
    months: schedule.months,
    hardfork,
    gasTotal,
    gasPerHousehold: gasTotal / N,
    byKind,
    transactions,
    keeper: {
      mode,
      calls: byKind.keeper.transactions,
      daysCalled,
      daysRun: keeperDays,
      vaultCalls,
      viewReads,
      batchesStopped: stops.length,
      stops,
      gasLimit: Number(keeperGasLimit),
      gasPerVaultDay: byKind.keeper.gas / (N * keeperDays),
    },
    endState,
    baselineGasPerHousehold,
    baselineTransfers,
    ratio: gasTotal / N / baselineGasPerHousehold,
    notCounted,
    checks: [...checkNames].map((name) => ({ name, households: N })),
    wallSeconds: (Date.now() - wallStart) / 1000,
  };
  return result;
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

function hasZeroByte(address: string): boolean {
  return /^(?:[0-9a-f]{2})*00/i.test(address.slice(2));
}
