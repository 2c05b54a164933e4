/**
 * Which fixed costs the vault really paid this month, from its CreditorPaid events. The bucket's
 * own record (paidThroughMonth) cannot tell: a vault started, or a cost added, after this month's
 * due day counts the month as done without having paid anything, and the resident must not read
 * "paid" for a bill the vault never paid.
 */
import { useEffect, useState } from "react";
import type { Provider } from "ethers";
import { monthIndexOf } from "../../../src/core/calendar";
import { vaultAt, type Household } from "./contracts";
import { useSession } from "./session";

/** The categories paid for month `monthIndex` (year * 12 + month - 1). */
export async function categoriesPaid(
  reader: Provider,
  household: Household,
  monthIndex: number,
  fromBlock: number,
): Promise<Set<number>> {
  const vault = vaultAt(household.vault, reader);
  const events = await vault.queryFilter(vault.filters.CreditorPaid(), fromBlock, household.snapshot.blockNumber);
  return new Set(events.filter((e) => Number(e.args.monthIndex) === monthIndex).map((e) => Number(e.args.category)));
}

/** undefined while it is read. On a failed read nothing counts as paid: the view then says "due". */
export function usePaidThisMonth(household: Household): Set<number> | undefined {
  const { reader, config } = useSession();
  const [paid, setPaid] = useState<Set<number>>();
  const { vault, blockNumber, timestamp } = household.snapshot;
  useEffect(() => {
    let live = true;
    setPaid(undefined);
    categoriesPaid(reader, household, monthIndexOf(timestamp), config.fromBlock)
      .then((p) => live && setPaid(p))
      .catch((error: unknown) => {
        console.warn("reading this month's payments failed", error);
        if (live) setPaid(new Set());
      });
    return () => {
      live = false;
    };
    // The household object is new after every read; its vault and block say when to read again.
  }, [reader, config, vault, blockNumber, timestamp]);
  return paid;
}
