/**
 * What a keeper transaction did, read from its receipt's events: the factory's KeeperCallFailed and
 * KeeperBatchStopped, and the vaults' CreditorPaid, PaymentMissed and LivingMoneyReleased. The
 * token's Transfer events and everything else are ignored.
 */
import type { TransactionReceipt } from "ethers";
import { HouseholdVault__factory, HouseholdVaultFactory__factory } from "../../typechain-types";

const factoryInterface = HouseholdVaultFactory__factory.createInterface();
const vaultInterface = HouseholdVault__factory.createInterface();

/** Totals over every keeper transaction of a run. */
export interface Tally {
  batches: number;
  gasUsed: bigint;
  paymentsExecuted: number;
  paymentsMissed: number;
  weeksReleased: number;
  /** The highest block a keeper transaction was mined in (reads after it must see at least that block). */
  lastBlock: number;
}

export function emptyTally(): Tally {
  return { batches: 0, gasUsed: 0n, paymentsExecuted: 0, paymentsMissed: 0, weeksReleased: 0, lastBlock: 0 };
}

/** The factory's word on a batch: the vault calls that reverted, and where it stopped if it did. */
export interface BatchEvents {
  /** Vault address (checksummed) -> the selectors (settle, release) whose call reverted. */
  failedCalls: Map<string, string[]>;
  /** How many vaults it handled before stopping for lack of gas; undefined when it did them all. */
  stoppedAfter?: number;
}

/** Adds the receipt's payments, weeks and gas to `tally`, and returns the factory's events in it. */
export function readReceipt(receipt: TransactionReceipt, factory: string, tally: Tally): BatchEvents {
  tally.gasUsed += receipt.gasUsed;
  tally.lastBlock = Math.max(tally.lastBlock, receipt.blockNumber);
  const events: BatchEvents = { failedCalls: new Map() };
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() === factory.toLowerCase()) {
      readFactoryLog(factoryInterface.parseLog(log), events);
      continue;
    }
    const parsed = vaultInterface.parseLog(log);
    if (parsed?.name === "CreditorPaid") tally.paymentsExecuted += 1;
    if (parsed?.name === "PaymentMissed") tally.paymentsMissed += 1;
    if (parsed?.name === "LivingMoneyReleased") tally.weeksReleased += Number(parsed.args.weekCount);
  }
  return events;
}

function readFactoryLog(parsed: ReturnType<typeof factoryInterface.parseLog>, events: BatchEvents): void {
  if (parsed?.name === "KeeperCallFailed") {
    const vault = String(parsed.args.vault);
    events.failedCalls.set(vault, [...(events.failedCalls.get(vault) ?? []), String(parsed.args.selector)]);
  }
  if (parsed?.name === "KeeperBatchStopped") events.stoppedAfter = Number(parsed.args.processed);
}

/** settle()'s and release()'s selectors, in the order a keeper calls them. */
export const KEEPER_SELECTORS = {
  settle: vaultInterface.getFunction("settle").selector,
  release: vaultInterface.getFunction("release").selector,
};
