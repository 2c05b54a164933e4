/**
 * A household's plan as plain values (the vault's Plan struct), shared by the resident's
 * comparison, the coach's proposal form and the municipality's new-household form.
 */
import type { IHouseholdVault } from "../../../typechain-types/contracts/HouseholdVault";

export interface PlanLine {
  /** IHouseholdVault.Category: 0 rent, 1 energy, 2 insurance, 3 water, 4 telecom, 5 taxes, 6 debt, 7 other. */
  category: number;
  dueDay: number;
  amountPerMonth: bigint;
  creditor: string;
}

export interface PlanValue {
  buckets: PlanLine[];
  weeklyLivingMoney: bigint;
  bufferTarget: bigint;
}

/** From the struct a view function or an event returns. */
export function planFromChain(p: IHouseholdVault.PlanStructOutput): PlanValue {
  return {
    buckets: p.buckets.map((b) => ({
      category: Number(b.category),
      dueDay: Number(b.dueDay),
      amountPerMonth: b.amountPerMonth,
      creditor: b.creditor,
    })),
    weeklyLivingMoney: p.weeklyLivingMoney,
    bufferTarget: p.bufferTarget,
  };
}

/** The struct a transaction takes (acceptPlan, proposePlan, createVault). */
export function planToChain(p: PlanValue): IHouseholdVault.PlanStruct {
  return {
    buckets: p.buckets.map((b) => ({ ...b })),
    weeklyLivingMoney: p.weeklyLivingMoney,
    bufferTarget: p.bufferTarget,
  };
}
