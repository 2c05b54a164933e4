/**
 * End-to-end fixtures for the keeper's tests: a real `hardhat node`, the system deployed on it with
 * scripts/deploy.ts (as an operator would), a population of households created over JSON-RPC with
 * the node's unlocked accounts, time moved by the test, and keepers opened the way
 * `npm run keeper -- --once` opens one, with their JSON-lines log kept in an array.
 *
 * Accounts (the deployment's roles): 0 registrar, guardian and minter; 1 coach; 4 the W&I payer;
 * 5-8 the creditors (landlord, energy, insurer, water); 10 the keeper. Residents are fresh random
 * addresses: a resident never needs to sign for the keeper's work.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { hexlify, JsonRpcProvider, randomBytes, Wallet, type JsonRpcSigner } from "ethers";
import { startHardhatNode, type LocalNode } from "../../src/chain/local-node";
import { DAY, monthIndexOf, monthStart } from "../../src/core";
import {
  EuroToken__factory,
  HouseholdVault__factory,
  HouseholdVaultFactory__factory,
  type EuroToken,
  type HouseholdVault,
  type HouseholdVaultFactory,
} from "../../typechain-types";
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import type { KeeperConfig, KeeperContext } from "../../src/keeper/types";
import { ROOT, runScript } from "../scenario/helpers";

export const ACCOUNT = { admin: 0, coach: 1, wi: 4, landlord: 5, energy: 6, insurer: 7, water: 8, keeper: 10 };
/** The due days a population spreads over: the first, early, mid-month, late, and the 31st (the last day in short months). */
export const DUE_DAYS = [1, 5, 15, 28, 31];
/** Plan amounts in token units (6 decimals): EUR 700 rent, 120 energy, 140 insurance, 30 water, 60 a week. */
const EUR = 1_000_000n;
const BUCKETS = [
  { category: 0, creditor: "landlord", amount: 700n * EUR },
  { category: 1, creditor: "energy", amount: 120n * EUR },
  { category: 2, creditor: "insurer", amount: 140n * EUR },
  { category: 3, creditor: "water", amount: 30n * EUR },
] as const;
export const WEEKLY = 60n * EUR;
/** What one deposit brings: a month's fixed costs, five weeks of living money, and some to spare. */
export const MONTHLY_INCOME = BUCKETS.reduce((s, b) => s + b.amount, 0n) + 5n * WEEKLY + 100n * EUR;
const TX_GAS = 3_000_000n;
/** How long ethers' providers answer an identical request from their cache, and a margin. */
const ETHERS_CACHE_MS = 300;

export interface Chain {
  node: LocalNode;
  url: string;
  provider: JsonRpcProvider;
  deploymentId: string;
  token: EuroToken;
  factory: HouseholdVaultFactory;
  /** A temporary directory for state files, removed by stop(). */
  dir: string;
  signer(index: number): Promise<JsonRpcSigner>;
  /** Deploys a second system (token and factory) on the same node; stop() removes its record too. */
  deployAnother(tag: string): Promise<{ token: EuroToken; factory: HouseholdVaultFactory }>;
  stop(): Promise<void>;
}

/** Starts a node and deploys the system on it with scripts/deploy.ts (its record is removed by stop()). */
export async function startChain(tag: string): Promise<Chain> {
  const node = await startHardhatNode(120_000);
  const deploymentId = `keeper-e2e-${tag}-${process.pid}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hhb-keeper-${tag}-`));
  const provider = new JsonRpcProvider(node.url, 31337, { staticNetwork: true, batchMaxCount: 50 });
  const records: string[] = [];
  const stop = async () => {
    provider.destroy();
    await node.stop();
    for (const record of records) fs.rmSync(record, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deployed = async (id: string) => {
    records.push(path.join(ROOT, "deploy/deployments", id));
    const addresses = await deploy(node.url, id);
    const admin = await provider.getSigner(ACCOUNT.admin);
    return {
      token: EuroToken__factory.connect(addresses.token, admin),
      factory: HouseholdVaultFactory__factory.connect(addresses.factory, admin),
    };
  };
  try {
    const { token, factory } = await deployed(deploymentId);
    return {
      node,
      url: node.url,
      provider,
      deploymentId,
      token,
      factory,
      dir,
      signer: (i) => provider.getSigner(i),
      deployAnother: (t) => deployed(`keeper-e2e-${tag}-${t}-${process.pid}`),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Deploys with the operator's script, as `npm run deploy:local` does; returns the token and factory. */
export async function deploy(url: string, deploymentId: string): Promise<{ token: string; factory: string }> {
  const run = await runScript("scripts/deploy.ts", ["--network", "localhost", "--deployment-id", deploymentId], {
    LOCAL_RPC_URL: url,
  });
  if (run.code !== 0) throw new Error(`deploy failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  const address = (label: string) => {
    const m = run.stdout.match(new RegExp(`^${label}\\s+(0x[0-9a-fA-F]{40})`, "m"));
    if (!m) throw new Error(`deploy printed no ${label} address:\n${run.stdout}`);
    return m[1];
  };
  return { token: address("EuroToken"), factory: address("Factory") };
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

/** The latest block's timestamp (a raw request: ethers answers a repeated getBlock within 250 ms from its cache). */
export async function chainNow(chain: Chain): Promise<number> {
  const block = (await chain.provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
  return Number(block.timestamp);
}

/**
 * Mines a block at `t` (unix seconds); later blocks follow on from there. Then waits out ethers'
 * request cache (an identical request within 250 ms gets the earlier answer) for the tests' own
 * providers, which keep it; the keeper's provider keeps none (chain.ts).
 */
export async function moveTo(chain: Chain, t: number): Promise<void> {
  const now = await chainNow(chain);
  if (t <= now) throw new Error(`cannot move time back: ${new Date(t * 1000).toISOString()} <= chain time`);
  await chain.provider.send("evm_setNextBlockTimestamp", [t]);
  await chain.provider.send("evm_mine", []);
  await new Promise((resolve) => setTimeout(resolve, ETHERS_CACHE_MS));
}

/** A calendar month well after the node's start (its wall-clock time), so that time only moves forward. */
export async function futureMonth(chain: Chain, monthsAhead = 2): Promise<number> {
  return monthIndexOf(await chainNow(chain)) + monthsAhead;
}

/** 00:00 UTC of day `day` (1-based) of month `index`. */
export function dayStart(index: number, day: number): number {
  return monthStart(index) + (day - 1) * DAY;
}

// ---------------------------------------------------------------------------------------------
// Households
// ---------------------------------------------------------------------------------------------

export interface Household {
  householdId: string;
  vault: string;
  resident: string;
  plan: IHouseholdVault.PlanStruct;
}

/**
 * Household i's plan: the four creditors, with due days rotated through DUE_DAYS so that each day
 * has payments, or all on `dueDay` when given.
 */
export async function planFor(chain: Chain, i: number, dueDay?: number): Promise<IHouseholdVault.PlanStruct> {
  const buckets = [];
  for (const [k, b] of BUCKETS.entries()) {
    const creditor = await (await chain.signer(ACCOUNT[b.creditor])).getAddress();
    const day = dueDay ?? DUE_DAYS[(i + k) % DUE_DAYS.length];
    buckets.push({ category: b.category, dueDay: day, amountPerMonth: b.amount, creditor });
  }
  return { buckets, weeklyLivingMoney: WEEKLY, bufferTarget: 50n * EUR };
}

/** Creates one household with `plan` (a random id; a random resident unless given) on `factory`. */
export async function createHousehold(
  chain: Chain,
  factory: HouseholdVaultFactory,
  plan: IHouseholdVault.PlanStruct,
  resident: string = Wallet.createRandom().address,
): Promise<Household> {
  const coach = await (await chain.signer(ACCOUNT.coach)).getAddress();
  const householdId = hexlify(randomBytes(32));
  await (await factory.createVault(householdId, resident, coach, plan, { gasLimit: TX_GAS })).wait();
  return { householdId, vault: await factory.vaultAddress(householdId), resident, plan };
}

/** Creates `count` households with planFor's plans (all due on `dueDay` when given) on `factory`. */
export async function createHouseholds(
  chain: Chain,
  count: number,
  factory: HouseholdVaultFactory = chain.factory,
  residents: string[] = [],
  dueDay?: number,
): Promise<Household[]> {
  const made: Household[] = [];
  for (let i = 0; i < count; i++) {
    made.push(await createHousehold(chain, factory, await planFor(chain, i, dueDay), residents[i]));
  }
  return made;
}

/** W&I pays each household `amount` (test euros minted to the payer first): approve, then deposit. */
export async function payIncome(chain: Chain, vaults: string[], amount = MONTHLY_INCOME, token?: EuroToken) {
  const wi = await chain.signer(ACCOUNT.wi);
  const euro = token ?? chain.token;
  await (await euro.mint(await wi.getAddress(), amount * BigInt(vaults.length), { gasLimit: TX_GAS })).wait();
  for (const vault of vaults) {
    await (await euro.connect(wi).approve(vault, amount, { gasLimit: TX_GAS })).wait();
    await (await HouseholdVault__factory.connect(vault, wi).deposit(amount, { gasLimit: TX_GAS })).wait();
  }
}

export function vaultAt(chain: Chain, vault: string): HouseholdVault {
  return HouseholdVault__factory.connect(vault, chain.provider);
}

/** Every bucket and account of a vault as plain data, for comparing end states. */
export async function vaultState(chain: Chain, vault: string): Promise<unknown> {
  const v = vaultAt(chain, vault);
  const [buckets, accounts, schedule, paused] = await Promise.all([
    v.buckets(),
    v.accounts(),
    v.livingMoneySchedule(),
    v.paused(),
  ]);
  const plain = (x: unknown): unknown => (Array.isArray(x) ? x.map(plain) : typeof x === "bigint" ? x.toString() : x);
  return { buckets: plain(buckets), accounts: plain(accounts), weeksReleased: schedule[0].toString(), paused };
}

export interface Payment {
  vault: string;
  bucketIndex: number;
  monthIndex: number;
  amount: bigint;
  /** The block's timestamp. */
  at: number;
  txHash: string;
}

/** Every CreditorPaid of these vaults, with the timestamp of the block it happened in. */
export async function creditorPayments(chain: Chain, vaults: string[]): Promise<Payment[]> {
  const times = new Map<number, number>();
  const out: Payment[] = [];
  for (const vault of vaults) {
    const v = vaultAt(chain, vault);
    for (const e of await v.queryFilter(v.filters.CreditorPaid(), 0, "latest")) {
      if (!times.has(e.blockNumber)) times.set(e.blockNumber, (await e.getBlock()).timestamp);
      out.push({
        vault,
        bucketIndex: Number(e.args.bucketIndex),
        monthIndex: Number(e.args.monthIndex),
        amount: e.args.amount,
        at: times.get(e.blockNumber)!,
        txHash: e.transactionHash,
      });
    }
  }
  return out;
}

/** The token balances of the four creditors, by address. */
export async function creditorBalances(chain: Chain, token: EuroToken = chain.token): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  for (const role of ["landlord", "energy", "insurer", "water"] as const) {
    const address = await (await chain.signer(ACCOUNT[role])).getAddress();
    out.set(address.toLowerCase(), await token.balanceOf(address));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keepers
// ---------------------------------------------------------------------------------------------

export interface TestKeeper {
  ctx: KeeperContext & { close(): Promise<void> | void };
  /** The JSON-lines log, parsed. */
  lines: Record<string, unknown>[];
}

/** The environment a keeper against this node gets (.env), with `extra` on top. */
export function keeperEnv(chain: Chain, name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    KEEPER_RPC_URLS: chain.url,
    KEEPER_FACTORY_ADDRESS: chain.factory.target as string,
    KEEPER_STATE_FILE: path.join(chain.dir, `${name}.json`),
    ...extra,
  };
}

/** The configuration `npm run keeper -- --network localhost --once` would build from this environment. */
export async function keeperConfigFor(env: NodeJS.ProcessEnv, unlockedAccount = ACCOUNT.keeper): Promise<KeeperConfig> {
  const { keeperConfig } = await import("../../src/keeper/config");
  const config = keeperConfig({ network: "localhost", once: true }, env);
  return { ...config, unlockedAccount };
}

/** A keeper of `factory` sending from unlocked account `account`, its state in its own file `name`. */
export async function keeperOn(
  chain: Chain,
  name: string,
  factory: HouseholdVaultFactory,
  account: number = ACCOUNT.keeper,
  extra: Record<string, string> = {},
): Promise<TestKeeper> {
  const env = keeperEnv(chain, name, { KEEPER_FACTORY_ADDRESS: factory.target as string, ...extra });
  return openTestKeeper(await keeperConfigFor(env, account));
}

/** Opens a keeper as the service does, logging JSON lines into `lines`. */
export async function openTestKeeper(config: KeeperConfig): Promise<TestKeeper> {
  const { openKeeper } = await import("../../src/keeper/service");
  const { jsonLogger } = await import("../../src/keeper/log");
  const lines: Record<string, unknown>[] = [];
  const log = jsonLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const ctx = await openKeeper(config, { log });
  return { ctx, lines };
}

/** One keeper run (runOnce), as a system timer's `--once` does. */
export async function runKeeper(keeper: TestKeeper) {
  const { runOnce } = await import("../../src/keeper/run");
  return runOnce(keeper.ctx);
}

/** The events of a keeper's log lines (e.g. "alert", "run.done"). */
export function logged(keeper: TestKeeper, event: string): Record<string, unknown>[] {
  return keeper.lines.filter((l) => l.event === event);
}
