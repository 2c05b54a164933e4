/**
 * A vault's full state, read through its views in one round of concurrent eth_calls (a JSON-RPC
 * provider sends them as one batch), optionally as of a past block. Plain data: bigints and
 * numbers, no contract objects, so the rules and the forecast can run on it.
 */
import type { Provider } from "ethers";
import {
  HouseholdVault__factory,
  HouseholdVaultFactory__factory,
  IERC20Metadata__factory,
} from "../../typechain-types";
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import { UserError } from "../core";

export interface BucketState {
  category: number;
  dueDay: number;
  amountPerMonth: bigint;
  creditor: string;
  balance: bigint;
  arrears: bigint;
  paidThroughMonth: number;
  nextDueAt: number;
}

export interface VaultSnapshot {
  vault: string;
  householdId: string;
  factory: string;
  /** The block the state was read at, and its timestamp. */
  blockNumber: number;
  timestamp: number;
  resident: string;
  buckets: BucketState[];
  weeklyLivingMoney: bigint;
  bufferTarget: bigint;
  livingMoney: bigint;
  buffer: bigint;
  savings: bigint;
  repaymentHeld: bigint;
  advanceOutstanding: bigint;
  claimable: bigint;
  unallocated: bigint;
  weeksReleased: number;
  nextReleaseAt: number;
  nextKeeperCallAt: bigint;
  paused: boolean;
  closed: boolean;
}

const factoryInterface = HouseholdVaultFactory__factory.createInterface();

/**
 * Reads one vault at `blockTag` (default: the latest block). Throws a UserError when no vault is
 * at the address.
 */
export async function readVault(provider: Provider, vault: string, blockTag?: number): Promise<VaultSnapshot> {
  const block = await provider.getBlock(blockTag ?? "latest");
  if (!block) throw new UserError(`block ${blockTag} does not exist on this network`);
  return readVaultAt(provider, vault, block.number, block.timestamp);
}

/**
 * Reads one vault at a block whose number and timestamp are known (many vaults share one block).
 * `knownVault` skips the code check for addresses a factory's logs name.
 */
export async function readVaultAt(
  provider: Provider,
  vault: string,
  blockNumber: number,
  timestamp: number,
  knownVault = false,
): Promise<VaultSnapshot> {
  if (!knownVault && (await provider.getCode(vault, blockNumber)) === "0x") {
    throw new UserError(`no contract at ${vault} at block ${blockNumber} on this network`);
  }
  const c = HouseholdVault__factory.connect(vault, provider);
  const at = { blockTag: blockNumber };
  try {
    const [householdId, factory, resident, buckets, plan, acc, schedule, nextCall, paused, closed] = await Promise.all([
      c.householdId(at),
      c.factory(at),
      c.resident(at),
      c.buckets(at),
      c.plan(at),
      c.accounts(at),
      c.livingMoneySchedule(at),
      c.nextKeeperCallAt(at),
      c.paused(at),
      c.closed(at),
    ]);
    return {
      vault,
      householdId,
      factory: factory.toLowerCase(),
      blockNumber,
      timestamp,
      resident: resident.toLowerCase(),
      buckets: buckets.map(bucketState),
      weeklyLivingMoney: plan.weeklyLivingMoney,
      bufferTarget: plan.bufferTarget,
      ...accountsOf(acc),
      weeksReleased: Number(schedule.weeksReleased),
      nextReleaseAt: Number(schedule.nextReleaseAt),
      nextKeeperCallAt: nextCall,
      paused,
      closed,
    };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${vault} does not answer as a household vault: ${(error as Error).message.split("\n")[0]}`);
  }
}

function bucketState(b: IHouseholdVault.BucketViewStructOutput): BucketState {
  return {
    category: Number(b.category),
    dueDay: Number(b.dueDay),
    amountPerMonth: b.amountPerMonth,
    creditor: b.creditor.toLowerCase(),
    balance: b.balance,
    arrears: b.arrears,
    paidThroughMonth: Number(b.paidThroughMonth),
    nextDueAt: Number(b.nextDueAt),
  };
}

function accountsOf(acc: IHouseholdVault.AccountsStructOutput) {
  return {
    livingMoney: acc.livingMoney,
    buffer: acc.buffer,
    savings: acc.savings,
    repaymentHeld: acc.repaymentHeld,
    advanceOutstanding: acc.advanceOutstanding,
    claimable: acc.claimable,
    unallocated: acc.unallocated,
  };
}

/** Every vault a factory created, with its household id, in creation order (VaultCreated logs). */
export async function factoryVaults(
  provider: Provider,
  factory: string,
): Promise<{ householdId: string; vault: string }[]> {
  if ((await provider.getCode(factory)) === "0x") throw new UserError(`no contract at ${factory} on this network`);
  const topic = factoryInterface.getEvent("VaultCreated")!.topicHash;
  const logs = await provider.getLogs({ address: factory, topics: [topic], fromBlock: 0, toBlock: "latest" });
  return logs.map((l) => {
    const parsed = factoryInterface.parseLog(l)!;
    return { householdId: parsed.args.householdId as string, vault: (parsed.args.vault as string).toLowerCase() };
  });
}

/** The decimals of the token a vault holds (its amounts are in these units). */
export async function tokenDecimals(provider: Provider, vault: string): Promise<number> {
  const token = await HouseholdVault__factory.connect(vault, provider).token();
  return Number(await IERC20Metadata__factory.connect(token, provider).decimals());
}

/** The factory's advance cap, for the forecast's advice. */
export async function factoryTerms(provider: Provider, factory: string): Promise<{ advanceCap: bigint }> {
  return { advanceCap: await HouseholdVaultFactory__factory.connect(factory, provider).ADVANCE_CAP() };
}
