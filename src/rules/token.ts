/** The token side of a payment: balances that move, and why a transfer would revert or wait. */
import { bal, type Effects, type World } from "./state";

export function move(w: World, from: string, to: string, amount: bigint): void {
  w.balances[from] = bal(w, from) - amount;
  w.balances[to] = bal(w, to) + amount;
}

/** Why a plain token transfer would revert, or []. */
export function tokenTransferErrors(w: World, from: string, to: string, amount: bigint): string[] {
  const errors: string[] = [];
  if (w.tokenPaused) errors.push("EnforcedPause");
  if (w.blocklisted[from] || w.blocklisted[to]) errors.push("EuroTokenBlocked");
  if (bal(w, from) < amount) errors.push("ERC20InsufficientBalance");
  return errors;
}

/** `_pay`: a transfer that cannot go through becomes claimable by its recipient. (Payout gas is not modelled.) */
export function payOut(w: World, to: string, amount: bigint, fx: Effects): void {
  const vaultAddr = w.config.vault;
  if (w.tokenPaused || w.blocklisted[to] || w.blocklisted[vaultAddr]) {
    w.vault.claimable[to] = (w.vault.claimable[to] ?? 0n) + amount;
    fx.transfers.push({ to, amount, deferred: true });
  } else {
    move(w, vaultAddr, to, amount);
    fx.transfers.push({ to, amount, deferred: false });
  }
}
