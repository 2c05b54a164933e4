/**
 * The keeper's throughput (`npm run bench:keeper`): how many vaults one keeper brings up to date per
 * minute on a real `hardhat node`, and the gas it spends per vault. Setting up is not timed: the
 * system is deployed with the Ignition modules, N vaults are created (many transactions in flight),
 * the keeper finds them once (its discovery run, timed on its own), each vault receives a month's
 * income, and time moves to 00:05 UTC on the 1st. Then every vault has the heaviest ordinary day's
 * work at once: income waiting to be split, four fixed costs due (all on the 1st) and a week of
 * living money. One keeper run (runOnce) must bring them all up to date; it is timed, and the
 * events and views are checked afterwards: each vault paid four creditors and released one week,
 * and none has work left.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { id, Interface, JsonRpcProvider, toBeHex, Wallet } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { HouseholdVault__factory, HouseholdVaultFactory__factory, EuroToken__factory } from "../../typechain-types";
import { deploySystem } from "../chain/deployment";
import { DAY, monthIndexOf, monthStart } from "../core";
import { keeperConfig } from "../keeper/config";
import { jsonLogger } from "../keeper/log";
import { runOnce } from "../keeper/run";
import { openKeeper } from "../keeper/service";
import type { RunReport } from "../keeper/types";

export interface KeeperBenchOptions {
  vaults: number;
  /** The node's JSON-RPC URL. */
  url: string;
  log: (line: string) => void;
  /** Where the keeper's JSON-lines log goes. */
  logFile: string;
}

export interface KeeperBenchResult {
  vaults: number;
  /** Untimed set-up: deploying, creating and funding the vaults (seconds). */
  setupSeconds: number;
  createSeconds: number;
  /** The keeper's first run, which finds the vaults from VaultCreated events (nothing is due yet). */
  discoverySeconds: number;
  /** The timed run that settles every vault. */
  runSeconds: number;
  vaultsPerMinute: number;
  due: number;
  batches: number;
  gasUsed: string;
  gasPerVault: number;
  gasPerBatch: number;
  vaultsPerBatch: number;
  paymentsExecuted: number;
  weeksReleased: number;
  failedVaults: number;
  overdue: number;
  /** From the chain after the run: CreditorPaid and LivingMoneyReleased events, and vaults with work left. */
  creditorPaidEvents: number;
  livingMoneyReleasedEvents: number;
  vaultsWithWorkLeft: number;
  /** Alerts raised by kind, e.g. "missed-runs 1": the discovery run was a week before (chain time). */
  alerts: string;
}

const ACCOUNT = { admin: 0, coach: 1, landlord: 5, energy: 6, insurer: 7, water: 8 };
const EUR = 1_000_000n;
/** Every bucket due on the 1st: the worst day. EUR 700 rent, 120 energy, 140 insurance, 30 water; EUR 60 a week. */
const BUCKETS = [
  { category: 0, creditor: ACCOUNT.landlord, amount: 700n * EUR },
  { category: 1, creditor: ACCOUNT.energy, amount: 120n * EUR },
  { category: 2, creditor: ACCOUNT.insurer, amount: 140n * EUR },
  { category: 3, creditor: ACCOUNT.water, amount: 30n * EUR },
];
const WEEKLY = 60n * EUR;
const INCOME = 990n * EUR + 5n * WEEKLY + 100n * EUR;
/** Transactions sent at once while setting up (one JSON-RPC batch each). */
const IN_FLIGHT = 250;

export async function keeperBenchmark(
  hre: HardhatRuntimeEnvironment,
  options: KeeperBenchOptions,
): Promise<KeeperBenchResult> {
  const provider = new JsonRpcProvider(options.url, 31337, { staticNetwork: true, batchMaxCount: IN_FLIGHT });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hhb-keeper-bench-"));
  try {
    const setupStart = Date.now();
    const setup = await setUp(hre, provider, options);
    const keeper = await openBenchKeeper(options.url, setup.factory, dir, options.logFile);
    try {
      const discovery = await timed(() => runOnce(keeper.ctx));
      options.log(`keeper found ${discovery.value.vaultsSeen} vaults in ${discovery.seconds.toFixed(1)} s`);
      await fund(provider, setup.token, setup.vaults);
      await moveTo(provider, monthStart(setup.month) + 5 * 60);
      const setupSeconds = (Date.now() - setupStart) / 1000 - discovery.seconds;
      options.log(`set up in ${setupSeconds.toFixed(1)} s; timing one keeper run over ${options.vaults} due vaults`);
      const firstBlock = (await provider.getBlockNumber()) + 1;
      const run = await timed(() => runOnce(keeper.ctx));
      const check = await checkAfterRun(provider, setup.vaults, firstBlock, run.value.startedAt);
      return summarise(options.vaults, setup.createSeconds, setupSeconds, discovery.seconds, run, check, keeper);
    } finally {
      await keeper.ctx.close();
    }
  } finally {
    provider.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = Date.now();
  const value = await f();
  return { value, seconds: (Date.now() - start) / 1000 };
}

interface SetUp {
  factory: string;
  token: string;
  vaults: string[];
  /** The month whose 1st is the due date. */
  month: number;
  createSeconds: number;
}

/** Deploys, moves to a week before the 1st of a coming month, and creates the vaults. */
async function setUp(
  hre: HardhatRuntimeEnvironment,
  provider: JsonRpcProvider,
  options: KeeperBenchOptions,
): Promise<SetUp> {
  const deployment = await deploySystem(hre, { deploymentId: `keeper-bench-${process.pid}` });
  if (deployment.deploymentDir) fs.rmSync(deployment.deploymentDir, { recursive: true, force: true });
  const { factory, token } = deployment.addresses;
  const month = monthIndexOf(await chainNow(provider)) + 2;
  // A week before the 1st, so that a week of living money is due on the 1st too. Each block is at
  // least a second after the one before, so creating N vaults takes N seconds of chain time: the
  // last vault too must start early enough for its first week to be due at the run.
  await moveTo(provider, monthStart(month) - 7 * DAY - options.vaults - 3600);
  const start = Date.now();
  const vaults = await createVaults(provider, factory, options);
  const createSeconds = (Date.now() - start) / 1000;
  options.log(`created ${vaults.length} vaults in ${createSeconds.toFixed(1)} s (not timed)`);
  return { factory, token, vaults, month, createSeconds };
}

async function chainNow(provider: JsonRpcProvider): Promise<number> {
  return (await provider.getBlock("latest"))!.timestamp;
}

async function moveTo(provider: JsonRpcProvider, t: number): Promise<void> {
  await provider.send("evm_setNextBlockTimestamp", [t]);
  await provider.send("evm_mine", []);
}

async function accountAddress(provider: JsonRpcProvider, index: number): Promise<string> {
  return (await provider.getSigner(index)).getAddress();
}

/** createVault for N households with fresh ids and random residents, many in flight. */
async function createVaults(provider: JsonRpcProvider, factory: string, options: KeeperBenchOptions) {
  const admin = await accountAddress(provider, ACCOUNT.admin);
  const coach = await accountAddress(provider, ACCOUNT.coach);
  const buckets = [];
  for (const b of BUCKETS) {
    const creditor = await accountAddress(provider, b.creditor);
    buckets.push({ category: b.category, dueDay: 1, amountPerMonth: b.amount, creditor });
  }
  const plan = { buckets, weeklyLivingMoney: WEEKLY, bufferTarget: 50n * EUR };
  const iface = HouseholdVaultFactory__factory.createInterface();
  const ids = Array.from({ length: options.vaults }, (_, i) => id(`keeper-bench-${process.pid}-${i}`));
  const txs = ids.map((householdId) => ({
    from: admin,
    to: factory,
    data: iface.encodeFunctionData("createVault", [householdId, Wallet.createRandom().address, coach, plan]),
    gas: toBeHex(1_500_000),
  }));
  await sendAll(provider, txs, (n) => options.log(`  ${n} vaults`));
  const contract = HouseholdVaultFactory__factory.connect(factory, provider);
  return Promise.all(ids.map((householdId) => contract.vaultAddress(householdId)));
}

interface RawTx {
  from: string;
  to: string;
  data: string;
  gas: string;
}

/** Sends the transactions IN_FLIGHT at a time without waiting for each, then checks every receipt. */
async function sendAll(provider: JsonRpcProvider, txs: RawTx[], progress?: (n: number) => void): Promise<void> {
  for (let i = 0; i < txs.length; i += IN_FLIGHT) {
    const chunk = txs.slice(i, i + IN_FLIGHT);
    const hashes = await Promise.all(chunk.map((tx) => provider.send("eth_sendTransaction", [tx]) as Promise<string>));
    const receipts = await Promise.all(hashes.map((h) => provider.getTransactionReceipt(h)));
    const failed = receipts.findIndex((r) => r === null || r.status !== 1);
    if (failed >= 0) throw new Error(`set-up transaction ${hashes[failed]} failed or was not mined`);
    if (progress && (i + chunk.length) % 2000 < IN_FLIGHT) progress(i + chunk.length);
  }
}

/** A month's income for each vault: test euros minted straight to it (waiting income, split by the next keeper call). */
async function fund(provider: JsonRpcProvider, token: string, vaults: string[]): Promise<void> {
  const admin = await accountAddress(provider, ACCOUNT.admin);
  const iface = EuroToken__factory.createInterface();
  const txs = vaults.map((vault) => ({
    from: admin,
    to: token,
    data: iface.encodeFunctionData("mint", [vault, INCOME]),
    gas: toBeHex(200_000),
  }));
  await sendAll(provider, txs);
}

/**
 * The keeper as `npm run keeper -- --network localhost --once` opens it. Its log lines go to
 * `logFile` (for reading where the time went); alerts are counted by kind.
 */
async function openBenchKeeper(url: string, factory: string, dir: string, logFile: string) {
  const env = {
    KEEPER_RPC_URLS: url,
    KEEPER_FACTORY_ADDRESS: factory,
    KEEPER_STATE_FILE: path.join(dir, "state.json"),
  };
  const config = keeperConfig({ network: "localhost", once: true }, env);
  const alerts: Record<string, number> = {};
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, "");
  const log = jsonLogger((line) => {
    fs.appendFileSync(logFile, line + "\n");
    const kind = line.includes('"event":"alert"') ? (JSON.parse(line) as { kind?: string }).kind : undefined;
    if (kind) alerts[kind] = (alerts[kind] ?? 0) + 1;
  });
  const ctx = await openKeeper(config, { log });
  return { ctx, alerts };
}

interface AfterRun {
  creditorPaidEvents: number;
  livingMoneyReleasedEvents: number;
  vaultsWithWorkLeft: number;
}

/**
 * What the chain says after the run: the events in the run's blocks, and the vaults that were due
 * when the run started and still are (chain time moves on a second a block, so work that falls due
 * during the run is the next run's).
 */
async function checkAfterRun(
  provider: JsonRpcProvider,
  vaults: string[],
  fromBlock: number,
  startedAt: number,
): Promise<AfterRun> {
  const iface = new Interface(HouseholdVault__factory.abi);
  const count = async (event: string) =>
    (await provider.getLogs({ fromBlock, toBlock: "latest", topics: [iface.getEvent(event)!.topicHash] })).length;
  const next = await Promise.all(vaults.map((v) => HouseholdVault__factory.connect(v, provider).nextKeeperCallAt()));
  return {
    creditorPaidEvents: await count("CreditorPaid"),
    livingMoneyReleasedEvents: await count("LivingMoneyReleased"),
    vaultsWithWorkLeft: next.filter((t) => t <= BigInt(startedAt)).length,
  };
}

function summarise(
  vaults: number,
  createSeconds: number,
  setupSeconds: number,
  discoverySeconds: number,
  run: { value: RunReport; seconds: number },
  check: AfterRun,
  keeper: { alerts: Record<string, number> },
): KeeperBenchResult {
  const r = run.value;
  return {
    vaults,
    setupSeconds,
    createSeconds,
    discoverySeconds,
    runSeconds: run.seconds,
    vaultsPerMinute: Math.round(r.due / (run.seconds / 60)),
    due: r.due,
    batches: r.batches,
    gasUsed: r.gasUsed.toString(),
    gasPerVault: r.due > 0 ? Math.round(Number(r.gasUsed) / r.due) : 0,
    gasPerBatch: r.batches > 0 ? Math.round(Number(r.gasUsed) / r.batches) : 0,
    vaultsPerBatch: r.batches > 0 ? Number((r.due / r.batches).toFixed(1)) : 0,
    paymentsExecuted: r.paymentsExecuted,
    weeksReleased: r.weeksReleased,
    failedVaults: r.failedVaults.length,
    overdue: r.overdue.length,
    ...check,
    alerts: Object.entries(keeper.alerts)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", "),
  };
}
