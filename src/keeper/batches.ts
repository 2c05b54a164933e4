/**
 * Sending the due vaults through the factory's batch call (settleAndReleaseMany), in batches sized
 * by estimated gas under the network's per-transaction cap.
 *
 * The factory starts on a vault only while GAS_PER_VAULT (4M, its worst case) is left, and stops
 * cleanly otherwise (KeeperBatchStopped). So a batch is packed such that before every vault in it,
 * the gas the vaults before it are estimated to use plus GAS_PER_VAULT fits under the cap; the batch
 * is sent with that explicit gas limit (a node's own estimate would let it succeed handling no vault).
 * An estimate that proves low costs nothing worse than a stop: the rest go into the next batch.
 *
 * A vault's cost is estimated once per run from release() alone, sent from the keeper's address (it
 * is permissionless): release() splits waiting income and settles what is due before it releases
 * living money, so it does all the work settle() and release() together do in the batch, which adds
 * only the second call's overhead (PER_VAULT_OVERHEAD).
 */
import type { Provider } from "ethers";
import { HouseholdVault__factory, HouseholdVaultFactory__factory } from "../../typechain-types";
import { mapInChunks } from "./due";
import { readReceipt, type Tally } from "./receipts";
import type { KeeperContext } from "./types";

/** A batch's fixed gas: the transaction itself, the call into the factory, the loop's end. */
export const BATCH_BASE_GAS = 100_000n;
/** Per vault beyond its release() estimate: its calldata, the loop, the settle() call before release(). */
export const PER_VAULT_OVERHEAD = 60_000n;
/** The base cost of a transaction, included in eth_estimateGas but paid once per batch. */
const TX_BASE_GAS = 21_000n;
/** Estimates in flight at once. */
const ESTIMATE_CONCURRENCY = 50;

export interface BatchLimits {
  gasCap: bigint;
  /** The factory's GAS_PER_VAULT. */
  gasPerVault: bigint;
  /** The factory's MAX_BATCH. */
  maxBatch: number;
}

export interface VaultCost {
  vault: string;
  gas: bigint;
}

export interface Batch {
  vaults: VaultCost[];
  gasLimit: bigint;
}

/** The factory's own limits, with the configured cap. */
export async function batchLimits(ctx: KeeperContext): Promise<BatchLimits> {
  const factory = HouseholdVaultFactory__factory.connect(ctx.config.factory, ctx.chain.provider);
  const [gasPerVault, maxBatch] = await Promise.all([factory.GAS_PER_VAULT(), factory.MAX_BATCH()]);
  return { gasCap: ctx.config.gasCap, gasPerVault, maxBatch: Number(maxBatch) };
}

/**
 * Each vault's estimated gas in the batch. A vault whose estimate reverts (paused since it was read,
 * or broken) is costed at GAS_PER_VAULT: it still goes in, and its failure is retried alone.
 */
export async function estimateCosts(ctx: KeeperContext, vaults: string[], limits: BatchLimits): Promise<VaultCost[]> {
  const from = ctx.chain.address;
  return mapInChunks(vaults, ESTIMATE_CONCURRENCY, async (vault) => ({
    vault,
    gas: await releaseGas(ctx.chain.provider, vault, from).then(
      (gas) => (gas > TX_BASE_GAS ? gas - TX_BASE_GAS : 0n) + PER_VAULT_OVERHEAD,
      () => limits.gasPerVault,
    ),
  }));
}

function releaseGas(provider: Provider, vault: string, from: string): Promise<bigint> {
  return HouseholdVault__factory.connect(vault, provider).release.estimateGas({ from });
}

/**
 * Greedy packing in the given order: vault k joins the batch while the estimated gas of the vaults
 * before it, plus GAS_PER_VAULT, plus the base fits under the cap, and the batch has fewer than
 * MAX_BATCH vaults. The first vault of a batch always fits (the config keeps the cap above 5M).
 */
export function packBatches(costs: VaultCost[], limits: BatchLimits): Batch[] {
  const batches: Batch[] = [];
  let current: VaultCost[] = [];
  let before = 0n;
  for (const cost of costs) {
    const fits = BATCH_BASE_GAS + before + limits.gasPerVault <= limits.gasCap && current.length < limits.maxBatch;
    if (!fits && current.length > 0) {
      batches.push(closeBatch(current, limits));
      current = [];
      before = 0n;
    }
    current.push(cost);
    before += cost.gas;
  }
  if (current.length > 0) batches.push(closeBatch(current, limits));
  return batches;
}

/** The gas limit: enough for the last vault to start with GAS_PER_VAULT left, never above the cap. */
function closeBatch(vaults: VaultCost[], limits: BatchLimits): Batch {
  const last = vaults[vaults.length - 1];
  const beforeLast = vaults.slice(0, -1).reduce((sum, v) => sum + v.gas, 0n);
  const lastNeeds = last.gas > limits.gasPerVault ? last.gas : limits.gasPerVault;
  const wanted = BATCH_BASE_GAS + beforeLast + lastNeeds;
  return { vaults, gasLimit: wanted < limits.gasCap ? wanted : limits.gasCap };
}

export interface BatchResult {
  /** Vault (checksummed) -> the selectors whose call reverted in the batch. */
  failedCalls: Map<string, string[]>;
  /** Vaults the batch did not reach (it stopped for lack of gas). */
  notReached: VaultCost[];
}

/** Sends one batch and reads what it did; throws when the transaction fails as a whole. */
export async function sendBatch(ctx: KeeperContext, batch: Batch, tally: Tally): Promise<BatchResult> {
  const data = HouseholdVaultFactory__factory.createInterface().encodeFunctionData("settleAndReleaseMany", [
    batch.vaults.map((v) => v.vault),
  ]);
  const receipt = await ctx.chain.send({ to: ctx.config.factory, data, gasLimit: batch.gasLimit });
  if (receipt.status !== 1) throw new Error(`batch transaction ${receipt.hash} reverted`);
  tally.batches += 1;
  const events = readReceipt(receipt, ctx.config.factory, tally);
  const reached = events.stoppedAfter ?? batch.vaults.length;
  ctx.log.log("info", "batch.mined", {
    tx: receipt.hash,
    vaults: batch.vaults.length,
    processed: reached,
    gasLimit: batch.gasLimit,
    gasUsed: receipt.gasUsed,
    failedCalls: events.failedCalls.size,
  });
  return { failedCalls: events.failedCalls, notReached: batch.vaults.slice(reached) };
}
