/**
 * Which fixed costs the vault really paid this month, from its CreditorPaid events. The bucket's
 * own record (paidThroughMonth) cannot tell: a vault started, or a cost added, after this month's
 * due day counts the month as done without having paid anything, and the resident must not read
 * "paid" for a bill the vault never paid. Each payment is keyed on its line (bucket index and
 * category, carried through later plan changes: see paidKeys in cost-status.ts).
 */
import { useEffect, useState } from "react";
import type { Provider } from "ethers";
import { monthIndexOf } from "../../../src/core/calendar";
import type { HouseholdVault } from "../../../typechain-types";
import { vaultAt, type Household } from "./contracts";
import { paidKeys, type ChainPosition, type PaidThisMonth, type Payment, type PlanChange } from "./cost-status";
import { planFromChain, type PlanLine } from "./plan";
import { useSession } from "./session";

interface Range {
  from: number;
  to: number;
}

/** The keys (paidKey) of the lines paid for month `monthIndex` (year * 12 + month - 1). */
export async function linesPaid(
  reader: Provider,
  household: Household,
  monthIndex: number,
  fromBlock: number,
): Promise<Set<string>> {
  const vault = vaultAt(household.vault, reader);
  const range = { from: fromBlock, to: household.snapshot.blockNumber };
  const [paidLogs, acceptedLogs] = await Promise.all([
    vault.queryFilter(vault.filters.CreditorPaid(), range.from, range.to),
    vault.queryFilter(vault.filters.PlanAccepted(), range.from, range.to),
  ]);
  const payments: Payment[] = paidLogs
    .map((e) => ({
      bucketIndex: Number(e.args.bucketIndex),
      category: Number(e.args.category),
      monthIndex: Number(e.args.monthIndex),
      at: positionOf(e),
    }))
    .filter((p) => p.monthIndex === monthIndex);
  if (payments.length === 0) return new Set();
  const changes = await planChanges(vault, acceptedLogs, payments[0].at, range);
  return paidKeys(payments, changes, monthIndex);
}

/** What is used of a PlanAccepted log. */
interface AcceptedLog {
  blockNumber: number;
  transactionIndex: number;
  args: { nonce: bigint; planHash: string };
}

/**
 * The plans accepted from `since` on (logs come in chain order), each with the lines before and
 * after. The plan after is the proposal's (PlanProposed of that nonce and hash); the plan before
 * is the previous acceptance's, or for the first acceptance the vault's plan one block earlier.
 */
async function planChanges(
  vault: HouseholdVault,
  accepted: AcceptedLog[],
  since: ChainPosition,
  range: Range,
): Promise<PlanChange[]> {
  const first = accepted.findIndex((e) => !isBefore(positionOf(e), since));
  if (first === -1) return [];
  const proposed = await vault.queryFilter(vault.filters.PlanProposed(), range.from, range.to);
  const planOf = (e: AcceptedLog): PlanLine[] => {
    const match = proposed.find((p) => p.args.nonce === e.args.nonce && p.args.planHash === e.args.planHash);
    // Not found: fail, and the view says it cannot tell (a guess could call an unpaid line paid).
    if (!match) throw new Error(`the accepted plan ${e.args.nonce} was not found in the vault's events`);
    return planFromChain(match.args.plan).buckets;
  };
  let before =
    first > 0
      ? planOf(accepted[first - 1])
      : planFromChain(await vault.plan({ blockTag: accepted[first].blockNumber - 1 })).buckets;
  return accepted.slice(first).map((e) => {
    const change = { at: positionOf(e), before, after: planOf(e) };
    before = change.after;
    return change;
  });
}

function positionOf(e: { blockNumber: number; transactionIndex: number }): ChainPosition {
  return { block: e.blockNumber, tx: e.transactionIndex };
}

/** Whether the transaction at `a` came strictly before the one at `b`. */
function isBefore(a: ChainPosition, b: ChainPosition): boolean {
  return a.block < b.block || (a.block === b.block && a.tx < b.tx);
}

/**
 * This month's payments: undefined while read, "failed" when the read failed. A failed read must
 * never read as "not paid" (the resident could pay the landlord twice): the view says it cannot tell.
 */
export function usePaidThisMonth(household: Household): PaidThisMonth {
  const { reader, config } = useSession();
  const [paid, setPaid] = useState<PaidThisMonth>();
  const { vault, blockNumber, timestamp } = household.snapshot;
  useEffect(() => {
    let live = true;
    setPaid(undefined);
    linesPaid(reader, household, monthIndexOf(timestamp), config.fromBlock)
      .then((p) => live && setPaid(p))
      .catch((error: unknown) => {
        console.warn("reading this month's payments failed", error);
        if (live) setPaid("failed");
      });
    return () => {
      live = false;
    };
    // The household object is new after every read; its vault and block say when to read again.
  }, [reader, config, vault, blockNumber, timestamp]);
  return paid;
}
