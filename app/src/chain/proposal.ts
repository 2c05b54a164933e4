/**
 * STUB (helper A replaces the body, keeping the signatures): the plans of a household.
 */
import type { Provider } from "ethers";
import type { Household } from "./contracts";
import type { PlanValue } from "./plan";

/** The plan in force. */
export async function currentPlan(reader: Provider, household: Household): Promise<PlanValue> {
  void reader;
  void household;
  throw new Error("stub");
}

/** The coach's proposal waiting for the resident (household.pending), or undefined when none. */
export async function proposedPlan(reader: Provider, household: Household): Promise<PlanValue | undefined> {
  void reader;
  void household;
  return undefined;
}
