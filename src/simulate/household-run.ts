/**
 * One household-year, three ways: drawn from the population, run in the plain bank account, by a
 * budget manager and in the vault on the same income and costs, each checked to account for every
 * unit, and measured.
 */
import { runBankAccount } from "./bank";
import { runBudgetManagement } from "./budget";
import { checkFlows } from "./creditors";
import { generateHousehold } from "./generate";
import { armFigures, incomeCoversPlan, type HouseholdFigures } from "./household-figures";
import { creditorRules, type Population } from "./population-file";
import type { ArmResult, HouseholdYear } from "./types";
import { runVaultArm } from "./vault-arm";
import { SIM_ACCOUNTS, type VaultArmOptions } from "./vault-world";
import type { VaultArmRun } from "./types";

/** What every household of a run shares. */
export interface RunSettings {
  seed: number;
  year: number;
  decimals: number;
  /** The factory's ADVANCE_CAP, in euros. */
  advanceCapEuros: bigint;
}

/**
 * The vault arm's options for a household: the municipality's advance on; no buffer target at the
 * start (an empty vault cannot build one before its first payments), then the forecast's.
 */
export function vaultOptions(h: HouseholdYear, pop: Population, settings: RunSettings): VaultArmOptions {
  return {
    advances: true,
    advanceCap: settings.advanceCapEuros * h.euro,
    bufferTarget: 0n,
    reviewBuffer: true,
    toeslagenLateDays: pop.shocks["toeslagen-late"]?.days.max ?? 0,
    rules: creditorRules(pop, h.euro),
  };
}

/** The three arms' results for one household-year. */
export function runArms(h: HouseholdYear, pop: Population, settings: RunSettings): [ArmResult, ArmResult, VaultArmRun] {
  const rules = creditorRules(pop, h.euro);
  const arms: [ArmResult, ArmResult, VaultArmRun] = [
    runBankAccount(h, rules),
    runBudgetManagement(h, rules),
    runVaultArm(h, SIM_ACCOUNTS, vaultOptions(h, pop, settings)),
  ];
  for (const arm of arms) {
    const difference = checkFlows(arm.flows);
    if (difference !== 0n) {
      throw new Error(`household ${h.index}: the ${arm.arm} arm does not account for ${difference} token units`);
    }
  }
  return arms;
}

/** Household `index` of the run, drawn, run three ways and measured. */
export function simulateHousehold(pop: Population, settings: RunSettings, index: number): HouseholdFigures {
  const h = generateHousehold(pop, settings.seed, index, { year: settings.year, decimals: settings.decimals });
  const [bank, budget, vault] = runArms(h, pop, settings);
  return {
    index,
    type: h.type,
    municipality: h.municipality,
    shocks: h.shocks,
    covered: incomeCoversPlan(h),
    bufferTarget: Number((vault.bufferTarget * 100n) / h.euro) / 100,
    arms: { bank: armFigures(h, bank), budget: armFigures(h, budget), vault: armFigures(h, vault) },
  };
}
