/**
 * Who steers a vault: the coach proposes a plan and the resident accepts or rejects it, the
 * registrar sets the coach, the guardian pauses and unpauses.
 */
import { clone, done, emptyEffects, fail, type Outcome, type Plan, type World } from "./state";
import { applyPlan, plansEqual, validatePlan } from "./plan";
import { splitWaiting } from "./waterfall";
import { settleIfDue } from "./settle";

export function proposePlan(w0: World, caller: string, plan: Plan): Outcome {
  const errors: string[] = [];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (caller !== w0.vault.coach) errors.push("HouseholdVaultNotCoach");
  else if (!w0.config.coaches.includes(caller)) errors.push("HouseholdVaultNotACoach", "HouseholdVaultMissingRole");
  errors.push(...validatePlan(w0, plan));
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.pending = structuredClone(plan);
  return done(w, emptyEffects());
}

export function acceptPlan(w0: World, caller: string, plan: Plan): Outcome {
  const errors: string[] = [];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (caller !== w0.vault.resident) errors.push("HouseholdVaultNotResident");
  if (w0.vault.pending === null) errors.push("HouseholdVaultNoPendingPlan");
  else if (!plansEqual(w0.vault.pending, plan)) errors.push("HouseholdVaultPlanMismatch");
  if (errors.length) return fail(...errors);
  // Registers may have changed since the proposal, and the proposing coach must still be one.
  const invalid = validatePlan(w0, plan);
  if (!w0.config.coaches.includes(w0.vault.coach)) invalid.push("HouseholdVaultNotACoach");
  if (invalid.length) return fail(...invalid);
  const w = clone(w0);
  const fx = emptyEffects();
  // Waiting income is split, and months already due are paid (or become arrears), under the old
  // plan; the split is no outflow, so it happens while paused too, the settle not.
  splitWaiting(w, fx);
  if (!w.vault.paused) settleIfDue(w, fx);
  const error = applyPlan(w, plan, fx);
  if (error) return fail(error);
  w.vault.pending = null;
  return done(w, fx);
}

export function rejectPlan(w0: World, caller: string): Outcome {
  const errors: string[] = [];
  if (caller !== w0.vault.resident) errors.push("HouseholdVaultNotResident");
  if (w0.vault.pending === null) errors.push("HouseholdVaultNoPendingPlan");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.pending = null;
  return done(w, emptyEffects());
}

export function setCoach(w0: World, caller: string, coach: string): Outcome {
  const errors: string[] = [];
  if (!w0.config.registrars.includes(caller)) errors.push("HouseholdVaultMissingRole");
  if (coach === w0.vault.resident) errors.push("HouseholdVaultCoachIsResident");
  if (!w0.config.coaches.includes(coach)) errors.push("HouseholdVaultNotACoach");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.coach = coach;
  w.vault.pending = null;
  return done(w, emptyEffects());
}

export function pause(w0: World, caller: string): Outcome {
  if (!w0.config.guardians.includes(caller)) return fail("HouseholdVaultMissingRole");
  const w = clone(w0);
  w.vault.paused = true;
  // Pausing a paused vault: the spec does not say; either a revert or a no-op is fine.
  return done(w, emptyEffects(), w0.vault.paused);
}

export function unpause(w0: World, caller: string): Outcome {
  const errors: string[] = [];
  if (!w0.config.guardians.includes(caller)) errors.push("HouseholdVaultMissingRole");
  if (!w0.vault.paused) errors.push("HouseholdVaultNotPaused");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.paused = false;
  return done(w, emptyEffects());
}
