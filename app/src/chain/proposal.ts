/**
 * The plans of a household: the one in force (the vault's plan()) and the coach's proposal waiting
 * for the resident. The vault keeps only the proposal's hash; the plan itself is in the
 * PlanProposed event of the pending nonce, and is used only when its hash is the pending one.
 */
import { ZeroHash, type Provider } from "ethers";
import { vaultAt, type Household } from "./contracts";
import { planFromChain, type PlanValue } from "./plan";

/**
 * Whether a proposal waits for the resident. The vault's nonce stays above 0 after a proposal was
 * answered: only the hash (zero once accepted or rejected) says one is waiting.
 */
export function hasPendingProposal(household: Household): boolean {
  return household.pending.nonce > 0n && household.pending.planHash !== ZeroHash;
}

/** The plan in force, as of the block the household was read at. */
export async function currentPlan(reader: Provider, household: Household): Promise<PlanValue> {
  const plan = await vaultAt(household.vault, reader).plan({ blockTag: household.snapshot.blockNumber });
  return planFromChain(plan);
}

/**
 * The coach's proposal waiting for the resident (household.pending), or undefined when none.
 * `fromBlock` (the app config's) keeps the log search short on a long chain.
 */
export async function proposedPlan(
  reader: Provider,
  household: Household,
  fromBlock = 0,
): Promise<PlanValue | undefined> {
  if (!hasPendingProposal(household)) return undefined;
  const vault = vaultAt(household.vault, reader);
  const events = await vault.queryFilter(
    vault.filters.PlanProposed(household.pending.nonce),
    fromBlock,
    household.snapshot.blockNumber,
  );
  const match = events.find((e) => e.args.planHash === household.pending.planHash);
  if (!match) throw new Error(`the proposal ${household.pending.nonce} was not found in the vault's events`);
  return planFromChain(match.args.plan);
}
