/**
 * Which vaults have work: each vault's nextKeeperCallAt(), read at one block so that every answer
 * is about the same moment. Due when that time has come (chain time); type(uint256).max means paused
 * or closed, when keeper calls revert: those are left out. The reads go out many at once (the
 * JSON-RPC provider batches them), in chunks so that thousands of vaults do not flood the node.
 */
import { MaxUint256 } from "ethers";
import { HouseholdVault__factory } from "../../typechain-types";
import type { KeeperContext } from "./types";

/** Reads in flight at once. */
const READ_CONCURRENCY = 500;

export interface DueVaults {
  /** The block read at and its timestamp: the vaults' "now". */
  block: number;
  now: number;
  /** Vaults with work now, in the order given. */
  due: string[];
  /** Vaults that are paused or closed. */
  stopped: string[];
}

/**
 * The vaults of `vaults` that are due, read at the latest block, or at `minBlock` if the provider's
 * "latest" is older (ethers caches an answer for a moment: a read right after a keeper transaction
 * must not see the chain from before it).
 */
export async function readDue(ctx: KeeperContext, vaults: string[], minBlock = 0): Promise<DueVaults> {
  const { provider } = ctx.chain;
  let block = await provider.getBlock("latest");
  if (block && block.number < minBlock) block = await provider.getBlock(minBlock);
  if (!block) throw new Error("the node returned no latest block");
  const times = await mapInChunks(vaults, READ_CONCURRENCY, (vault) =>
    HouseholdVault__factory.connect(vault, provider).nextKeeperCallAt({ blockTag: block.number }),
  );
  const due: string[] = [];
  const stopped: string[] = [];
  vaults.forEach((vault, i) => {
    if (times[i] === MaxUint256) stopped.push(vault);
    else if (times[i] <= BigInt(block.timestamp)) due.push(vault);
  });
  return { block: block.number, now: block.timestamp, due, stopped };
}

/** `fn` over `items`, at most `size` at once, results in order. */
export async function mapInChunks<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  }
  return results;
}
