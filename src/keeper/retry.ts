/**
 * Sending every batch, continuing a batch that stopped, and retrying alone each vault whose entry
 * in a batch failed. One vault's trouble never holds up the others: its batch carries on without it
 * (the factory catches its revert), and it gets its own transactions afterwards.
 */
import { HouseholdVault__factory } from "../../typechain-types";
import { packBatches, sendBatch, type Batch, type BatchLimits, type VaultCost } from "./batches";
import { KEEPER_SELECTORS, readReceipt, type Tally } from "./receipts";
import type { KeeperContext } from "./types";

/** Gas limit of a vault's own call: its estimate with a margin, for payouts' gas allowances. */
const ALONE_MARGIN = 100_000n;

/**
 * Sends the batches; returns the vaults that failed (retried alone and still failing, or in a batch
 * whose transaction failed twice). A batch that stops for lack of gas is continued in a new one.
 */
export async function sendAll(
  ctx: KeeperContext,
  costs: VaultCost[],
  limits: BatchLimits,
  tally: Tally,
): Promise<string[]> {
  const queue: (Batch & { attempt: number })[] = packBatches(costs, limits).map((b) => ({ ...b, attempt: 1 }));
  const retryAlone = new Map<string, string[]>();
  const failed: string[] = [];
  while (queue.length > 0) {
    const batch = queue.shift()!;
    try {
      const result = await sendBatch(ctx, batch, tally);
      for (const [vault, selectors] of result.failedCalls) retryAlone.set(vault, selectors);
      const rest = packBatches(result.notReached, limits).map((b) => ({ ...b, attempt: 1 }));
      queue.unshift(...rest);
    } catch (error) {
      const vaults = batch.vaults.map((v) => v.vault);
      ctx.log.log("warn", "batch.failed", { vaults, attempt: batch.attempt, reason: reasonOf(error) });
      // A failed transaction is most likely the network's: try once more after the other batches.
      if (batch.attempt === 1) queue.push({ ...batch, attempt: 2 });
      else failed.push(...vaults);
    }
  }
  for (const [vault, selectors] of retryAlone) {
    if (!(await retryVault(ctx, vault, selectors, tally))) failed.push(vault);
  }
  return failed;
}

/**
 * The vault's failed calls again, each in its own transaction: true when they went through, or
 * when there was nothing to do after all (paused or closed since: keeper calls revert then, by design).
 */
export async function retryVault(
  ctx: KeeperContext,
  vault: string,
  selectors: string[],
  tally: Tally,
): Promise<boolean> {
  const contract = HouseholdVault__factory.connect(vault, ctx.chain.provider);
  const calls = (["settle", "release"] as const).filter((name) => selectors.includes(KEEPER_SELECTORS[name]));
  for (const name of calls) {
    let gas: bigint;
    try {
      gas = await contract[name].estimateGas({ from: ctx.chain.address });
    } catch (error) {
      if (await pausedOrClosed(ctx, vault)) return true;
      ctx.log.log("warn", "vault.retry-failed", { vault, call: name, reason: reasonOf(error) });
      return false;
    }
    const data = KEEPER_SELECTORS[name]; // neither takes arguments: the call data is the selector
    try {
      const receipt = await ctx.chain.send({ to: vault, data, gasLimit: gas + ALONE_MARGIN });
      if (receipt.status !== 1) throw new Error(`transaction ${receipt.hash} reverted`);
      readReceipt(receipt, ctx.config.factory, tally);
    } catch (error) {
      ctx.log.log("warn", "vault.retry-failed", { vault, call: name, reason: reasonOf(error) });
      return false;
    }
  }
  ctx.log.log("info", "vault.retried", { vault, calls });
  return true;
}

async function pausedOrClosed(ctx: KeeperContext, vault: string): Promise<boolean> {
  const contract = HouseholdVault__factory.connect(vault, ctx.chain.provider);
  try {
    const [paused, closed] = await Promise.all([contract.paused(), contract.closed()]);
    return paused || closed;
  } catch {
    return false;
  }
}

/** An error's message, short: ethers' messages carry the whole request otherwise. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const short = (error as { shortMessage?: string }).shortMessage;
  return short ?? error.message.split("\n")[0].slice(0, 300);
}
