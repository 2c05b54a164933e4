/**
 * Leaving: the resident gives notice (or takes it back), close() pays out everything after the
 * notice, and sweep() passes on what arrives after closing.
 */
import {
  bal,
  clone,
  done,
  emptyEffects,
  fail,
  min,
  pos,
  totalClaimable,
  vaultNextDueAt,
  type Outcome,
  type World,
} from "./state";
import { payOut } from "./token";
import { splitWaiting } from "./waterfall";
import { settleIfDue } from "./settle";

export function requestExit(w0: World, caller: string): Outcome {
  const errors: string[] = [];
  if (caller !== w0.vault.resident) errors.push("HouseholdVaultNotResident");
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (w0.vault.exitAvailableAt !== 0) errors.push("HouseholdVaultExitAlreadyRequested");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.exitAvailableAt = w.now + w.config.exitNotice;
  return done(w, emptyEffects());
}

export function cancelExit(w0: World, caller: string): Outcome {
  const errors: string[] = [];
  if (caller !== w0.vault.resident) errors.push("HouseholdVaultNotResident");
  if (w0.vault.closed) errors.push("HouseholdVaultIsClosed");
  if (w0.vault.exitAvailableAt === 0) errors.push("HouseholdVaultExitNotRequested");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  w.vault.exitAvailableAt = 0;
  return done(w, emptyEffects());
}

export function close(w0: World): Outcome {
  const v0 = w0.vault;
  const errors: string[] = [];
  if (v0.closed) errors.push("HouseholdVaultIsClosed");
  if (v0.paused) errors.push("HouseholdVaultIsPaused");
  if (v0.exitAvailableAt === 0) errors.push("HouseholdVaultExitNotRequested");
  else if (w0.now < v0.exitAvailableAt) errors.push("HouseholdVaultExitNoticeRunning");
  if (errors.length) return fail(...errors);
  const w = clone(w0);
  const v = w.vault;
  const fx = emptyEffects();
  // Waiting income is split and due months settled first; after that everything left goes out
  // as before (tokens that arrive after closing wait for sweep).
  splitWaiting(w, fx);
  settleIfDue(w, fx);
  // More than 12 months behind: settle() again until caught up.
  if (w.now >= vaultNextDueAt(v)) return fail("HouseholdVaultNotCaughtUp");
  // Creditors first: each bucket pays what it holds toward its arrears, topped up from the
  // buffer, in part if need be.
  v.buckets.forEach((b, i) => {
    if (b.arrears === 0n) return;
    const top = min(v.buffer, pos(b.arrears - b.balance));
    v.buffer -= top;
    b.balance += top;
    const paid = min(b.arrears, b.balance);
    if (paid === 0n) return;
    b.balance -= paid;
    b.arrears -= paid;
    fx.arrearsPaid.push({ bucket: i, amount: paid });
    payOut(w, b.creditor, paid, fx);
  });
  const rest = pos(bal(w, w.config.vault) - totalClaimable(v));
  const toTreasury = min(rest, v.advanceOutstanding);
  v.advanceOutstanding -= toTreasury;
  const toResident = rest - toTreasury;
  for (const b of v.buckets) b.balance = 0n;
  v.livingMoney = 0n;
  v.buffer = 0n;
  v.savings = 0n;
  v.repaymentHeld = 0n;
  v.closed = true;
  if (toTreasury > 0n) payOut(w, w.config.treasury, toTreasury, fx);
  if (toResident > 0n) payOut(w, v.resident, toResident, fx);
  return done(w, fx);
}

export function sweep(w0: World): Outcome {
  if (!w0.vault.closed) return fail("HouseholdVaultNotClosed");
  const w = clone(w0);
  const fx = emptyEffects();
  const amount = pos(bal(w, w.config.vault) - totalClaimable(w.vault));
  if (amount > 0n) payOut(w, w.vault.resident, amount, fx);
  fx.returned = amount;
  // Sweeping nothing: the spec does not say whether that reverts.
  return done(w, fx, amount === 0n);
}
