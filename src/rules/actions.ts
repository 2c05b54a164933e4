/**
 * The actions that move money in and out of an open vault: income (deposit, a plain transfer,
 * allocate, a municipal advance), the keeper calls (settle, release), and the resident's own
 * money (withdrawSavings, claims). Each takes a world and returns an Outcome.
 */
import { MAX_AMOUNT, Source } from "./constants";
import { bucketsNeed, clone, done, emptyEffects, fail, type Outcome, type World } from "./state";
import { move, tokenTransferErrors } from "./token";
import { splitWaiting, waterfall } from "./waterfall";
import { settleIfDue } from "./settle";
import { releaseBody } from "./release";

export function deposit(w0: World, caller: string, amount: bigint): Outcome {
  const v0 = w0.vault;
  const errors = [...amountErrors(amount)];
  if (v0.closed) errors.push("HouseholdVaultIsClosed");
  const source = w0.config.payers[caller];
  if (source === undefined) errors.push("HouseholdVaultUnknownPayer");
  if (errors.length === 0) errors.push(...tokenTransferErrors(w0, caller, w0.config.vault, amount));
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const fx = emptyEffects();
  // The deposit only pulls and tags: the money waits for the next keeper call.
  move(w, caller, w.config.vault, amount);
  fx.incomeReceived.push({ source, amount });
  return done(w, fx);
}

/** A plain ERC-20 transfer into the vault: it waits with the deposits for the next keeper call. */
export function plainTransfer(w0: World, from: string, amount: bigint): Outcome {
  const errors = tokenTransferErrors(w0, from, w0.config.vault, amount);
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  move(w, from, w.config.vault, amount);
  return done(w, emptyEffects());
}

export function allocate(w0: World): Outcome {
  if (w0.vault.closed) return fail("HouseholdVaultIsClosed");
  const w = clone(w0);
  const fx = emptyEffects();
  const amount = splitWaiting(w, fx);
  if (amount === 0n) return fail("HouseholdVaultNothingToAllocate");
  fx.returned = amount;
  return done(w, fx);
}

export function advance(w0: World, caller: string, amount: bigint): Outcome {
  const errors = [...amountErrors(amount)];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (!w0.config.treasurers.includes(caller)) errors.push("HouseholdVaultMissingRole");
  const w = clone(w0);
  const fx = emptyEffects();
  // Waiting income pays first: the cap and the need are those after its split.
  if (!w.vault.closed) splitWaiting(w, fx);
  const v = w.vault;
  if (v.advanceOutstanding + amount > w.config.advanceCap) errors.push("HouseholdVaultAdvanceCapExceeded");
  if (amount > bucketsNeed(v, w.now)) errors.push("HouseholdVaultAdvanceExceedsNeed");
  if (errors.length === 0) errors.push(...tokenTransferErrors(w, caller, w.config.vault, amount));
  if (errors.length) return fail(...errors);
  move(w, caller, w.config.vault, amount);
  fx.allocations.push(waterfall(w, amount, Source.MunicipalAdvance, true));
  w.vault.advanceOutstanding += amount;
  return done(w, fx);
}

export function settle(w0: World): Outcome {
  const errors: string[] = [];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (w0.vault.paused) errors.push("HouseholdVaultIsPaused");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const fx = emptyEffects();
  splitWaiting(w, fx);
  fx.returned = settleIfDue(w, fx);
  return done(w, fx);
}

export function release(w0: World): Outcome {
  const errors: string[] = [];
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (w0.vault.paused) errors.push("HouseholdVaultIsPaused");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const fx = emptyEffects();
  splitWaiting(w, fx);
  fx.returned = releaseBody(w, fx);
  return done(w, fx);
}

export function withdrawSavings(w0: World, caller: string, amount: bigint): Outcome {
  const v0 = w0.vault;
  const errors: string[] = [];
  if (caller !== v0.resident) errors.push("HouseholdVaultNotResident");
  if (v0.closed) errors.push("HouseholdVaultIsClosed");
  if (v0.paused) errors.push("HouseholdVaultIsPaused");
  const w = clone(w0);
  const fx = emptyEffects();
  // Waiting income is split first: what it adds to the savings can be withdrawn at once.
  if (!v0.closed) splitWaiting(w, fx);
  if (amount === 0n) errors.push("HouseholdVaultZeroAmount");
  else if (amount > w.vault.savings) errors.push("HouseholdVaultInsufficientSavings");
  // The spec says only that the amount is sent: a withdrawal the token refuses (paused, resident
  // blocklisted) is taken to revert with the token's error, not to become claimable.
  if (errors.length === 0) errors.push(...tokenTransferErrors(w, w.config.vault, v0.resident, amount));
  if (errors.length) return fail(...errors);
  w.vault.savings -= amount;
  fx.savingsWithdrawn.push(amount);
  move(w, w.config.vault, w.vault.resident, amount);
  fx.transfers.push({ to: w.vault.resident, amount, deferred: false });
  return done(w, fx);
}

/** claim() by `caller`, or payClaimable(payee) by anyone: both pay the payee only, never another address. */
function payClaimableTo(w0: World, payee: string): Outcome {
  const errors: string[] = [];
  const amount = w0.vault.claimable[payee] ?? 0n;
  if (w0.vault.paused) errors.push("HouseholdVaultIsPaused");
  if (amount === 0n) errors.push("HouseholdVaultNothingToClaim");
  // The spec does not say how a claim by a recipient who still cannot receive fails; any revert.
  if (errors.length === 0 && tokenTransferErrors(w0, w0.config.vault, payee, amount).length) errors.push("*");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const fx = emptyEffects();
  delete w.vault.claimable[payee];
  move(w, w.config.vault, payee, amount);
  fx.transfers.push({ to: payee, amount, deferred: false });
  fx.returned = amount;
  return done(w, fx);
}

export function claim(w0: World, caller: string): Outcome {
  return payClaimableTo(w0, caller);
}

export function payClaimable(w0: World, payee: string): Outcome {
  return payClaimableTo(w0, payee);
}

function amountErrors(amount: bigint): string[] {
  if (amount === 0n) return ["HouseholdVaultZeroAmount"];
  if (amount > MAX_AMOUNT) return ["HouseholdVaultAmountTooLarge"];
  return [];
}
