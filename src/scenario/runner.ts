import { hexlify, randomBytes, Log, ContractTransactionResponse, ContractTransactionReceipt, id } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { EuroToken, HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { ACCOUNT_INDEX, Role } from "../../deploy/modules/core";
import { DAY, isoDate, monthIndexOf, monthStart, shortDate } from "../core";
import { deploySystem, Deployment, LOCAL_NETWORKS, openLocalSystem } from "../chain";
import { ScenarioFailure, UserError } from "../core";
import { buildLedger, Ledger, LedgerContext } from "../chain";
import { Money } from "../core";
import { buildReport, formatMonth, RentWatch, Report, ReportInput, Sample, sampleOf, writeReport } from "../book";
import {
  Action,
  buildSchedule,
  Cast,
  Household,
  PHASE,
  planAt,
  prepareAction,
  Schedule,
  ScheduleDay,
  toPlan,
} from "./schedule";
import { Scenario } from "./scenario-file";

export interface RunOptions {
  /** Directory for the JSON report and the HTML chart (created if missing). */
  reportsDir: string;
  /** Run only this many months after the start month (a shortened run of the same code). */
  months?: number;
  /** Where progress lines go; console.log by default. */
  log?: (line: string) => void;
  /** Ignition deployment id (default chain-<chainId>). */
  deploymentId?: string;
  /** The scenario file's path, for the report. */
  scenarioFile?: string;
}

export interface RunResult {
  report: Report;
  reportPath: string;
  htmlPath: string;
  wallSeconds: number;
  transactions: number;
  deployment: Deployment;
}

/**
 * Runs a household through its months on whatever network `hre` is connected to: deploys (or
 * reuses) the system with the Ignition modules, creates the household's vault, moves the chain's
 * clock day by day (evm_setNextBlockTimestamp, so it works in-process and against a node), lets
 * the payers pay and a keeper settle and release every day, and applies the scenario's shocks.
 * The report is built from the chain's logs afterwards; the checks then decide success.
 */
export async function runScenario(
  hre: HardhatRuntimeEnvironment,
  scenarioIn: Scenario,
  options: RunOptions,
): Promise<RunResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const wallStart = Date.now();
  if (!LOCAL_NETWORKS.includes(hre.network.name)) {
    throw new UserError(
      `the scenario mints test euros and moves the chain's clock: run it on hardhat or localhost, not "${hre.network.name}"`,
    );
  }
  const run = await openRun(hre, options.deploymentId, log, wallStart);
  // The calendar: the schedule shared with the gas measurement (src/scenario/schedule.ts).
  const schedule = buildSchedule(scenarioIn, run.chainNow, run.money, options.months);
  if (schedule.yearsShifted > 0) {
    log(`  the chain is already past ${scenarioIn.start}: every date moves ${schedule.yearsShifted} year(s) later`);
  }
  const joined = await joinHousehold(run, schedule);
  const year: Year = {
    run,
    schedule,
    joined,
    cast: { who: run.who, token: run.token, money: run.money, scenario: schedule.scenario },
    fetchLogs: logFetcher(run, joined, ledgerContext(run, joined, schedule.scenario)),
    samples: [],
    rentWatch: new Map(),
    notes: [],
  };
  await runDays(year);
  return closeBook(year, options);
}

// ---- the run's context ------------------------------------------------------------------------------

/** What every step of a run shares: the chain, the system, the accounts and the transactions sent. */
interface Run {
  hre: HardhatRuntimeEnvironment;
  provider: HardhatRuntimeEnvironment["ethers"]["provider"];
  log: (line: string) => void;
  wallStart: number;
  deployment: Deployment;
  token: EuroToken;
  factory: HouseholdVaultFactory;
  money: Money;
  who: Record<Role, HardhatEthersSigner>;
  /** The chain's clock when the run began (the schedule starts at least an hour later). */
  chainNow: number;
  /** Transaction hash -> what it did, for the book. */
  labels: Map<string, string>;
  /** Transaction hash -> the role that sent it. */
  senders: Map<string, string>;
  /** Lower-case address -> role. */
  roleOf: Map<string, string>;
  /** Sends a transaction at `t` (a second after the last one if that is later) and waits for it. */
  send(t: number, what: string, fn: () => Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt>;
  /** Transactions sent so far. */
  transactions(): number;
}

/** Deploys (or reuses) the system and checks the accounts the scenario needs: the run's context. */
async function openRun(
  hre: HardhatRuntimeEnvironment,
  deploymentId: string | undefined,
  log: (line: string) => void,
  wallStart: number,
): Promise<Run> {
  const { ethers } = hre;
  log(`Deploying with the Ignition modules in deploy/ (network ${hre.network.name})...`);
  const deployment = await deploySystem(hre, { deploymentId });
  log(
    `  ${deployment.reused ? "reused the recorded deployment" : "deployed"}: factory ${deployment.addresses.factory}, ` +
      `token ${deployment.addresses.token}`,
  );
  const { token, factory, money, who, roleOf } = await openLocalSystem(hre, deployment);
  const chainNow = (await ethers.provider.getBlock("latest"))!.timestamp;
  const base = { hre, provider: ethers.provider, log, wallStart, deployment, token, factory, money, who, chainNow };
  return { ...base, roleOf, ...transactionSender(ethers.provider, chainNow, roleOf) };
}

/**
 * Sends one transaction per block, each at its moment on the chain's clock (never before the last
 * one), and records what it did and who sent it for the household book.
 */
function transactionSender(
  provider: Run["provider"],
  chainNow: number,
  roleOf: Map<string, string>,
): Pick<Run, "send" | "transactions" | "labels" | "senders"> {
  let lastT = chainNow;
  let transactions = 0;
  const labels = new Map<string, string>();
  const senders = new Map<string, string>();
  async function send(t: number, what: string, fn: () => Promise<ContractTransactionResponse>) {
    const at = Math.max(t, lastT + 1);
    await provider.send("evm_setNextBlockTimestamp", [at]);
    let receipt: ContractTransactionReceipt | null;
    try {
      const tx = await fn();
      receipt = await tx.wait();
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0];
      throw new ScenarioFailure(`${isoDate(at)} ${what}: the transaction failed: ${reason}`);
    }
    if (!receipt || receipt.status !== 1) throw new ScenarioFailure(`${isoDate(at)} ${what}: the transaction reverted`);
    lastT = at;
    transactions++;
    labels.set(receipt.hash, what);
    senders.set(receipt.hash, roleOf.get(receipt.from.toLowerCase()) ?? receipt.from);
    return receipt;
  }
  return { send, transactions: () => transactions, labels, senders };
}

// ---- setup: the household joins --------------------------------------------------------------------

/** The household's vault, once created, and where its history on chain starts. */
interface Joined {
  householdId: string;
  vaultAddress: string;
  vault: HouseholdVault;
  /** The vault's creation time. */
  vaultStart: number;
  /** The first block the run sent. */
  firstBlock: number;
  /** The vault, its resident and its plan's history (for due days and the weekly amount in force). */
  household: Household;
}

/** Test euros for the payers, the opening balance, the payers' approvals, the vault, the opening transfer. */
async function joinHousehold(run: Run, schedule: Schedule): Promise<Joined> {
  const { scenario, startDay } = schedule;
  const { who, token, money, log } = run;
  const householdId = hexlify(randomBytes(32)); // the link to the person is kept off chain
  const vaultAddress = await run.factory.vaultAddress(householdId);
  const firstBlock = (await run.provider.getBlockNumber()) + 1;
  log("");
  log(`${scenario.title}`);
  log(`  household ${scenario.household.members.join(", ")}; on chain only a random id: ${householdId}`);
  log(
    `  joins on ${scenario.start}; runs ${schedule.months} month(s) to ${isoDate(schedule.endDay)}; vault ${vaultAddress}`,
  );
  log("");
  const openingBalance = money.units(scenario.openingBalance.amount);
  await fundPayers(run, startDay, vaultAddress, openingBalance);
  const plan0 = toPlan(scenario.plan, who, money);
  const created = await run.send(startDay + PHASE.create, "create the vault", () =>
    run.factory.connect(who.admin).createVault(householdId, who.resident.address, who.coach.address, plan0),
  );
  const vaultStart = (await run.provider.getBlock(created.blockNumber))!.timestamp;
  const vault = (await run.hre.ethers.getContractAt("HouseholdVault", vaultAddress)) as unknown as HouseholdVault;
  if (openingBalance > 0n) {
    // A plain transfer, untagged: it waits in the vault like any income until the keeper's first
    // call (00:05) splits it.
    await run.send(startDay + PHASE.opening, "opening balance", () =>
      token.connect(who.resident).transfer(vaultAddress, openingBalance),
    );
  }
  const household: Household = {
    vault,
    resident: who.resident,
    planHistory: [{ from: vaultStart, plan: scenario.plan }],
  };
  return { householdId, vaultAddress, vault, vaultStart, firstBlock, household };
}

async function fundPayers(run: Run, startDay: number, vaultAddress: string, openingBalance: bigint): Promise<void> {
  const { who, token } = run;
  const funding = run.money.units("1000000");
  for (const r of ["svb", "toeslagen", "wi", "treasury"] as const) {
    await run.send(startDay + PHASE.setup, `mint test euros for ${r}`, () =>
      token.connect(who.admin).mint(who[r].address, funding),
    );
  }
  if (openingBalance > 0n) {
    await run.send(startDay + PHASE.setup, "mint the opening balance", () =>
      token.connect(who.admin).mint(who.resident.address, openingBalance),
    );
  }
  for (const r of ["svb", "toeslagen", "wi", "treasury"] as const) {
    // Payers approve the vault's address before it exists: it is known from the household id.
    await run.send(startDay + PHASE.setup, `${r} approves the vault`, () =>
      token.connect(who[r]).approve(vaultAddress, run.hre.ethers.MaxUint256),
    );
  }
}

// ---- the household book, from the chain's logs -----------------------------------------------------

/** What the ledger needs to know besides the logs: who is who, and the plan in force at each time. */
function ledgerContext(run: Run, joined: Joined, scenario: Scenario): LedgerContext {
  const { who, money, token, factory } = run;
  const planNow = (t: number) => planAt(joined.household, t);
  return {
    vault: joined.vaultAddress,
    resident: who.resident.address,
    treasury: who.treasury.address,
    roles: run.roleOf,
    creditorBucket: new Map(scenario.plan.buckets.map((b) => [who[b.creditor].address.toLowerCase(), b.code])),
    dueDayAt: (bucket, t) => planNow(t).buckets.find((b) => b.code === bucket)?.dueDay ?? 1,
    amountAt: (bucket, t) => money.units(planNow(t).buckets.find((b) => b.code === bucket)?.amount ?? "0"),
    weeklyAt: (t) => money.units(planNow(t).weeklyLivingMoney),
    senders: run.senders,
    start: joined.vaultStart,
    labels: run.labels,
    vaultInterface: joined.vault.interface,
    tokenInterface: token.interface,
    factoryInterface: factory.interface,
  };
}

/** KeeperBatchStopped names no vault: the log fetcher and the keeper's call look for it by topic. */
function batchStoppedTopic(factory: HouseholdVaultFactory): string {
  return factory.interface.getEvent("KeeperBatchStopped").topicHash;
}

/** Fetches the vault's logs as the run goes (only the blocks not fetched yet) and builds the book. */
function logFetcher(run: Run, joined: Joined, ctx: LedgerContext): () => Promise<Ledger> {
  const { provider, deployment } = run;
  const logs: Log[] = [];
  const timestamps = new Map<number, number>();
  let fetchedThrough = joined.firstBlock - 1;
  const vaultTopic = run.hre.ethers.zeroPadValue(joined.vaultAddress, 32);
  const transferTopic = id("Transfer(address,address,uint256)");
  const stoppedTopic = batchStoppedTopic(run.factory);
  return async () => {
    const to = await provider.getBlockNumber();
    if (to > fetchedThrough) {
      const range = { fromBlock: fetchedThrough + 1, toBlock: to };
      const batches = await Promise.all([
        provider.getLogs({ ...range, address: joined.vaultAddress }),
        provider.getLogs({ ...range, address: deployment.addresses.token, topics: [transferTopic, vaultTopic] }),
        provider.getLogs({ ...range, address: deployment.addresses.token, topics: [transferTopic, null, vaultTopic] }),
        provider.getLogs({ ...range, address: deployment.addresses.factory, topics: [null, vaultTopic] }),
        // Of the batches that stopped, only the scenario's own transactions.
        provider
          .getLogs({ ...range, address: deployment.addresses.factory, topics: [stoppedTopic] })
          .then((found) => found.filter((l) => run.senders.has(l.transactionHash))),
      ]);
      for (const l of batches.flat()) {
        logs.push(l);
        if (!timestamps.has(l.blockNumber)) {
          timestamps.set(l.blockNumber, (await provider.getBlock(l.blockNumber))!.timestamp);
        }
      }
      fetchedThrough = to;
    }
    return buildLedger(logs, timestamps, ctx);
  };
}

// ---- day by day -----------------------------------------------------------------------------------------

/** The run of one household's year, and what it records day by day for the report. */
interface Year {
  run: Run;
  schedule: Schedule;
  joined: Joined;
  cast: Cast;
  fetchLogs: () => Promise<Ledger>;
  /** The vault's accounts and token balance at the end of every day. */
  samples: Sample[];
  /** What the vault could have paid rent from when it fell due, by month. */
  rentWatch: RentWatch;
  /** The terminal's lines about the scenario's events, for the report. */
  notes: { t: number; text: string }[];
}

async function runDays(year: Year): Promise<void> {
  const { scenario } = year.schedule;
  const rentBucket = scenario.plan.buckets.findIndex((b) => b.code === "RENT");
  const bufferTarget0 = year.run.money.units(scenario.plan.bufferTarget);
  // The keeper sends an explicit gas limit: the batch stops cleanly (KeeperBatchStopped) when less
  // than GAS_PER_VAULT is left before a vault, so a limit from eth_estimateGas (what a node uses
  // when none is given) lets it succeed while handling no vault at all.
  const keeperGas = (await year.run.factory.GAS_PER_VAULT()) + 500_000n;
  for (const today of year.schedule.days) {
    if (rentBucket >= 0) await watchRent(year, rentBucket, today.day + PHASE.keeper);
    await keeperCall(year, today, keeperGas);
    for (const action of today.actions) await scheduledAction(year, action);
    await closeDay(year, today.day, bufferTarget0);
  }
}

/**
 * What the vault could have paid rent from when it fell due (before the keeper acts): the bucket,
 * the buffer, the resident's savings and income still waiting to be split. Savings count: the vault
 * completes a fixed-cost month from them, so rent late while they sit in the vault is a failure.
 */
async function watchRent(year: Year, rentBucket: number, keeperTime: number): Promise<void> {
  const { vault } = year.joined;
  const [b, acc] = await Promise.all([vault.bucket(rentBucket), vault.accounts()]);
  if (Number(b.nextDueAt) > keeperTime) return;
  const monthIdx = Number(b.paidThroughMonth) + 1;
  if (!year.rentWatch.has(monthIdx)) {
    year.rentWatch.set(monthIdx, {
      dueAt: Number(b.nextDueAt),
      need: b.arrears + b.amountPerMonth,
      available: b.balance + acc.buffer + acc.savings + acc.unallocated,
    });
  }
}

/**
 * The keeper's daily call: settle() splits the income that came in since the last call
 * (Allocated(Source.Income)), pays what is due; release() pays the week's living money.
 */
async function keeperCall(year: Year, today: ScheduleDay, keeperGas: bigint): Promise<void> {
  const { run } = year;
  const { keeperAt } = today;
  if (keeperAt === undefined) {
    const text = `${shortDate(today.day)}  the keeper does not run today`;
    year.notes.push({ t: today.day, text });
    run.log(`  ${text}`);
    return;
  }
  const receipt = await run.send(keeperAt, "keeper: settle and release", () =>
    run.factory.connect(run.who.keeper).settleAndReleaseMany([year.joined.vaultAddress], { gasLimit: keeperGas }),
  );
  const stoppedTopic = batchStoppedTopic(run.factory);
  if (receipt.logs.some((l) => l.topics[0] === stoppedTopic)) {
    throw new ScenarioFailure(
      `${isoDate(keeperAt)} keeper: the batch stopped before the vault (KeeperBatchStopped) with gas limit ${keeperGas}`,
    );
  }
}

/** One of the scenario's actions: its call sent and waited for, its line printed. */
async function scheduledAction(year: Year, action: Action): Promise<void> {
  const { run } = year;
  const prepared = await prepareAction(year.cast, year.joined.household, action);
  if (prepared.call) {
    const call = prepared.call;
    const receipt = await run.send(action.t, prepared.what!, () =>
      call.contract.connect(call.from).getFunction(call.method)(...call.args),
    );
    prepared.done?.((await run.provider.getBlock(receipt.blockNumber))!.timestamp);
  }
  if (prepared.note) {
    year.notes.push({ t: action.t, text: prepared.note });
    run.log(`  ${shortDate(action.t)}  ${prepared.note}`);
  }
}

/** The day's sample of the vault; at a month's end, the month's page of the book. */
async function closeDay(year: Year, day: number, bufferTarget0: bigint): Promise<void> {
  const { run, joined } = year;
  const [bucketViews, acc, held] = await Promise.all([
    joined.vault.buckets(),
    joined.vault.accounts(),
    run.token.balanceOf(joined.vaultAddress),
  ]);
  year.samples.push(sampleOf(day, bucketViews, acc, held));
  const isMonthEnd = day + DAY >= monthStart(monthIndexOf(day) + 1);
  if (!isMonthEnd) return;
  const ledger = await year.fetchLogs();
  const planNow = planAt(joined.household, day);
  run.log(formatMonth(monthIndexOf(day), ledger, year.samples, planNow, run.money, year.notes, bufferTarget0));
  run.log(`  (${run.transactions()} transactions so far, ${((Date.now() - run.wallStart) / 1000).toFixed(1)} s)`);
}

// ---- the book, the checks and the report --------------------------------------------------------------

async function closeBook(year: Year, options: RunOptions): Promise<RunResult> {
  const { run } = year;
  const ledger = await year.fetchLogs();
  const end = await endOfRun(year);
  const wallSeconds = (Date.now() - run.wallStart) / 1000;
  const transactions = run.transactions();
  const report = buildReport(reportInput(year, options, ledger, end, { wallSeconds, transactions }));
  const { reportPath, htmlPath } = writeReport(report, options.reportsDir, run.money);
  const failed = report.checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    throw new ScenarioFailure(
      failed.map((c) => c.detail).join("; "),
      failed.map((c) => `${c.name}: ${c.detail}`),
      reportPath,
    );
  }
  return { report, reportPath, htmlPath, wallSeconds, transactions, deployment: run.deployment };
}

/** The vault's final state and every role's token balance, read once the year has run. */
type EndOfRun = Pick<ReportInput, "accounts" | "bucketViews" | "vaultBalance" | "balances"> & { endBlock: number };

async function endOfRun({ run, joined }: Year): Promise<EndOfRun> {
  const accounts = await joined.vault.accounts();
  const bucketViews = await joined.vault.buckets();
  const vaultBalance = await run.token.balanceOf(joined.vaultAddress);
  const balances: Record<string, string> = {};
  for (const r of Object.keys(ACCOUNT_INDEX) as Role[]) {
    balances[r] = (await run.token.balanceOf(run.who[r].address)).toString();
  }
  const endBlock = await run.provider.getBlockNumber();
  return { accounts, bucketViews, vaultBalance, balances, endBlock };
}

function reportInput(
  year: Year,
  options: RunOptions,
  ledger: Ledger,
  end: EndOfRun,
  stats: { wallSeconds: number; transactions: number },
): ReportInput {
  const { run, schedule, joined } = year;
  return {
    scenario: schedule.scenario,
    scenarioFile: options.scenarioFile,
    yearsShifted: schedule.yearsShifted,
    months: schedule.months,
    network: { name: run.hre.network.name, chainId: run.deployment.chainId },
    deployment: run.deployment,
    vault: joined.vaultAddress,
    householdId: joined.householdId,
    vaultStart: joined.vaultStart,
    endDay: schedule.endDay,
    money: run.money,
    ledger,
    samples: year.samples,
    notes: year.notes,
    accounts: end.accounts,
    bucketViews: end.bucketViews,
    vaultBalance: end.vaultBalance,
    balances: end.balances,
    rentWatch: year.rentWatch,
    planHistory: joined.household.planHistory,
    stats: { ...stats, blocks: end.endBlock - joined.firstBlock + 1 },
    lastKeeperRun: schedule.lastKeeperRun,
  };
}
