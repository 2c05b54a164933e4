/**
 * Finding the factory's vaults: VaultCreated events from the block after the last one read up to the
 * latest, in chunks (providers cap the block range of eth_getLogs), the position saved after each
 * chunk so that a stopped keeper resumes where it was rather than at the start.
 */
import { HouseholdVaultFactory__factory } from "../../typechain-types";
import { saveState } from "./state";
import type { KeeperContext, KeeperState } from "./types";

/** Blocks per eth_getLogs request: within what common providers allow. */
export const SCAN_CHUNK = 10_000;

/** Adds the vaults created since `state.lastBlock` to the state (saved); returns how many are new. */
export async function discoverVaults(ctx: KeeperContext, state: KeeperState): Promise<number> {
  const factory = HouseholdVaultFactory__factory.connect(ctx.config.factory, ctx.chain.provider);
  const latest = await ctx.chain.provider.getBlockNumber();
  await checkStateAgainstChain(ctx, state, latest);
  const known = new Set(state.vaults.map((v) => v.vault.toLowerCase()));
  let found = 0;
  for (let from = state.lastBlock + 1; from <= latest; from += SCAN_CHUNK) {
    const to = Math.min(from + SCAN_CHUNK - 1, latest);
    const events = await factory.queryFilter(factory.filters.VaultCreated(), from, to);
    for (const event of events) {
      const vault = event.args.vault;
      // A second keeper sharing the file, or a rescan, must not list a vault twice.
      if (known.has(vault.toLowerCase())) continue;
      known.add(vault.toLowerCase());
      state.vaults.push({ householdId: event.args.householdId, vault });
      found += 1;
    }
    state.lastBlock = to;
    saveState(ctx.config.stateFile, state);
  }
  if (found > 0) ctx.log.log("info", "vaults.found", { new: found, total: state.vaults.length, block: latest });
  return found;
}

/**
 * A state that does not belong to this chain as it is now: its first vault has no code (the chain
 * was reset, as a restarted local node is; the list is read again from the start), or it read
 * blocks the chain does not have while its vaults exist (the RPC node is behind: the next run reads on).
 */
async function checkStateAgainstChain(ctx: KeeperContext, state: KeeperState, latest: number): Promise<void> {
  const first = state.vaults[0]?.vault;
  const gone = first !== undefined && (await ctx.chain.provider.getCode(first)) === "0x";
  const ahead = state.lastBlock > latest;
  if (!gone && !ahead) return;
  const reset = gone || first === undefined;
  ctx.log.log("warn", "state.not-this-chain", { lastBlock: state.lastBlock, latest, vaultGone: gone, reset });
  if (!reset) return;
  state.lastBlock = ctx.config.fromBlock - 1;
  state.vaults = [];
  saveState(ctx.config.stateFile, state);
}
