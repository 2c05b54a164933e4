/**
 * The replay's comparisons: the transfers out of a vault and the vault's state at a checkpoint, as
 * the model has them and as the chain shows them, to the unit. Each difference is one line naming
 * the household's index, the time, the field and both values; addresses appear only as the role
 * they play (no personal data, no raw addresses).
 */
import type { VaultSnapshot } from "../chain";
import { isoTime } from "../core";
import {
  CATEGORY,
  CATEGORY_NAMES,
  SOURCE,
  type VaultAccounts,
  type VaultCheckpoint,
  type VaultTransfer,
} from "./types";

type Value = bigint | number | string;

/** One mismatch: household index, time, field, the model's value and the chain's. */
export function mismatch(index: number, t: number, field: string, model: Value, chain: Value): string {
  return `household ${index} ${isoTime(t)} ${field}: model ${model}, chain ${chain}`;
}

/** The checkpoint's fields besides the buckets, in the order mismatches name them. */
const FIELDS = [
  "livingMoney",
  "buffer",
  "savings",
  "repaymentHeld",
  "advanceOutstanding",
  "claimable",
  "unallocated",
  "weeksReleased",
  "balance",
] as const;

const BUCKET_FIELDS = ["balance", "arrears", "paidThroughMonth", "amountPerMonth"] as const;

/** The vault's state as a checkpoint: its views at a block and its token balance there. */
export function checkpointOf(s: VaultSnapshot, balance: bigint): VaultCheckpoint {
  return {
    t: s.timestamp,
    buckets: s.buckets.map((b) => ({
      balance: b.balance,
      arrears: b.arrears,
      paidThroughMonth: b.paidThroughMonth,
      amountPerMonth: b.amountPerMonth,
    })),
    livingMoney: s.livingMoney,
    buffer: s.buffer,
    savings: s.savings,
    repaymentHeld: s.repaymentHeld,
    advanceOutstanding: s.advanceOutstanding,
    claimable: s.claimable,
    unallocated: s.unallocated,
    weeksReleased: s.weeksReleased,
    balance,
  };
}

/** Every field of the model's checkpoint that the chain's state does not match. */
export function checkpointMismatches(index: number, model: VaultCheckpoint, chain: VaultCheckpoint): string[] {
  const out: string[] = [];
  const t = model.t;
  if (model.buckets.length !== chain.buckets.length) {
    out.push(mismatch(index, t, "buckets", model.buckets.length, chain.buckets.length));
  }
  for (let i = 0; i < Math.min(model.buckets.length, chain.buckets.length); i++) {
    for (const f of BUCKET_FIELDS) {
      if (model.buckets[i][f] !== chain.buckets[i][f]) {
        out.push(mismatch(index, t, `bucket ${i} ${f}`, model.buckets[i][f], chain.buckets[i][f]));
      }
    }
  }
  for (const f of FIELDS) {
    if (model[f] !== chain[f]) out.push(mismatch(index, t, f, model[f], chain[f]));
  }
  return out;
}

/**
 * The transfers out of the vault, k-th against k-th: time, recipient and amount. A transfer only
 * one side has is named with its amount and recipient.
 */
export function transferMismatches(
  index: number,
  model: VaultTransfer[],
  chain: VaultTransfer[],
  accounts: VaultAccounts,
): string[] {
  const out: string[] = [];
  const role = roleNames(accounts);
  const name = (a: string) => role.get(a.toLowerCase()) ?? "another address";
  const shown = (x: VaultTransfer) => `${x.amount} to ${name(x.to)}`;
  for (let k = 0; k < Math.max(model.length, chain.length); k++) {
    const m = model[k];
    const c = chain[k];
    if (!m || !c) {
      out.push(mismatch(index, (m ?? c).t, `transfer ${k}`, m ? shown(m) : "none", c ? shown(c) : "none"));
      continue;
    }
    if (m.t !== c.t) out.push(mismatch(index, m.t, `transfer ${k} time`, isoTime(m.t), isoTime(c.t)));
    if (m.to.toLowerCase() !== c.to.toLowerCase()) {
      out.push(mismatch(index, m.t, `transfer ${k} to`, name(m.to), name(c.to)));
    }
    if (m.amount !== c.amount) out.push(mismatch(index, m.t, `transfer ${k} amount`, m.amount, c.amount));
  }
  return out;
}

/** Lower-case address -> the role it plays for this household. */
function roleNames(a: VaultAccounts): Map<string, string> {
  const names = new Map<string, string>();
  const sources = Object.entries(SOURCE) as [string, number][];
  for (const [name, source] of sources)
    if (a.payers[source]) names.set(a.payers[source].toLowerCase(), `payer ${name}`);
  for (const category of CATEGORY_NAMES) {
    const creditor = a.creditors[CATEGORY[category]];
    if (creditor) names.set(creditor.toLowerCase(), `${category} creditor`);
  }
  names.set(a.coach.toLowerCase(), "coach");
  names.set(a.treasury.toLowerCase(), "treasury");
  names.set(a.resident.toLowerCase(), "resident");
  names.set(a.vault.toLowerCase(), "vault");
  return names;
}
