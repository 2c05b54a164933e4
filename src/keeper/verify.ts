/**
 * After the batches: was every due payment executed? A vault's bucket view says it directly: a
 * bucket's nextDueAt is the due date of the first month not processed yet (paid, or missed for lack
 * of money and turned into arrears), so a nextDueAt at or before now means a payment that is due and
 * not executed. Within the grace period that is normal (the keeper runs shortly after midnight, and a
 * transaction may be slow); after it, an alert ("payment-overdue").
 *
 * Only the vaults found due are read: a vault that was not due has no bucket whose due date passed
 * (nextKeeperCallAt is at or before the earliest nextDueAt). Paused and closed vaults are left out:
 * no keeper can pay from them, and the municipality paused them on purpose. A payment missed for lack
 * of money is the household's problem, not the keeper's: it is logged, not alerted.
 */
import { HouseholdVault__factory } from "../../typechain-types";
import { mapInChunks } from "./due";
import type { KeeperContext } from "./types";

const READ_CONCURRENCY = 200;

export interface Overdue {
  vault: string;
  bucketIndex: number;
  /** 00:00 UTC of the due date that was not processed (unix s). */
  dueAt: number;
  /** How long past due at `now` (s). */
  lateSeconds: number;
}

/** The buckets of `vaults` due more than `graceSeconds` before `at.now` and not executed at block `at.block`. */
export async function findOverdue(
  ctx: KeeperContext,
  vaults: string[],
  at: { block: number; now: number },
  graceSeconds: number,
): Promise<Overdue[]> {
  const { provider } = ctx.chain;
  const { now } = at;
  const blockTag = at.block;
  const views = await mapInChunks(vaults, READ_CONCURRENCY, async (vault) => {
    const contract = HouseholdVault__factory.connect(vault, provider);
    const [paused, closed, buckets] = await Promise.all([
      contract.paused({ blockTag }),
      contract.closed({ blockTag }),
      contract.buckets({ blockTag }),
    ]);
    return { vault, stopped: paused || closed, buckets };
  });
  const overdue: Overdue[] = [];
  for (const { vault, stopped, buckets } of views) {
    if (stopped) continue;
    buckets.forEach((b, bucketIndex) => {
      const dueAt = Number(b.nextDueAt);
      if (dueAt + graceSeconds <= now) overdue.push({ vault, bucketIndex, dueAt, lateSeconds: now - dueAt });
    });
  }
  return overdue;
}
