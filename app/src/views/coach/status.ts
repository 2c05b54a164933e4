/**
 * A household's state as the coach's and the municipality's tables name it. Plain TypeScript: the
 * order is the order of importance (a closed vault is only closed; otherwise every fact that holds).
 */
import { ZeroHash } from "ethers";
import type { Household } from "../../chain/contracts";

export type StatusPart =
  | { kind: "closed" }
  | { kind: "paused" }
  | { kind: "exit"; at: bigint }
  | { kind: "arrears"; amount: bigint }
  | { kind: "proposalWaiting" }
  | { kind: "onTime" };

/** A proposal waits while its hash is set: the nonce stays above 0 after the resident answers. */
export const hasPendingProposal = (h: Household) => h.pending.nonce > 0n && h.pending.planHash !== ZeroHash;

export const arrearsOf = (h: Household) => h.snapshot.buckets.reduce((sum, b) => sum + b.arrears, 0n);

export function statusParts(h: Household): StatusPart[] {
  if (h.snapshot.closed) return [{ kind: "closed" }];
  const parts: StatusPart[] = [];
  if (h.snapshot.paused) parts.push({ kind: "paused" });
  if (h.exitAvailableAt > 0n) parts.push({ kind: "exit", at: h.exitAvailableAt });
  const arrears = arrearsOf(h);
  if (arrears > 0n) parts.push({ kind: "arrears", amount: arrears });
  if (hasPendingProposal(h)) parts.push({ kind: "proposalWaiting" });
  return parts.length > 0 ? parts : [{ kind: "onTime" }];
}
