import { Interface, Log } from "ethers";
import { DAY, WEEK, dueTimestamp, isoTime, monthKey } from "../core";

/** Mirrors IHouseholdVault.Source and IHouseholdVault.Category. */
export const SOURCE_NAMES = [
  "Untagged",
  "SVB",
  "Toeslagen",
  "WorkAndIncome",
  "OtherPayer",
  "MunicipalAdvance",
  "PlanChange",
  "Income",
];
export const CATEGORY_NAMES = ["RENT", "ENERGY", "INSURANCE", "WATER", "TELECOM", "TAXES", "DEBT", "OTHER"];

export type MovementKind =
  | "income" // a registered payer's deposit (IncomeReceived in the same transaction)
  | "advance" // the municipality's advance
  | "transfer-in" // a plain token transfer into the vault (the opening balance): untagged income
  | "fixed-cost" // a creditor paid by settle()
  | "claim" // a creditor took a payment that had bounced
  | "living-money" // weekly living money to the resident (whole weeks at the weekly amount)
  | "savings-withdrawal" // the resident took some of their savings out (withdrawSavings)
  | "advance-repayment" // to the municipal treasury
  | "close" // everything left, when the vault closes (and anything swept after)
  | "other";

export const INFLOW_KINDS: MovementKind[] = ["income", "advance", "transfer-in"];

export interface Movement {
  timestamp: number;
  time: string;
  block: number;
  txHash: string;
  logIndex: number;
  from: string;
  to: string;
  fromRole: string;
  toRole: string;
  /** Token units, as a decimal integer string. */
  amount: string;
  kind: MovementKind;
  /** The payer source the vault tagged the deposit with (its IncomeReceived event); "Untagged" for a
   * plain transfer, "MunicipalAdvance" for an advance. */
  source?: string;
  /** Income (a deposit or a plain transfer): when the keeper call that split it ran (the
   * Allocated(Source.Income) event that took its last unit); absent while it still waits. */
  splitAt?: number;
  /** The bucket's category code for fixed costs and claims. */
  bucket?: string;
  /** For living money: how many weeks the transfer pays (its amount is weeks × the weekly amount). */
  weeks?: number;
  /** Who sent the transaction (a role name), when the scenario sent it. */
  sentBy?: string;
  /** Off-chain annotation by the scenario (which allowance, which shock); not from the chain. */
  label?: string;
}

export interface Payment {
  bucket: string;
  month: string;
  monthIndex: number;
  dueAt: number;
  amount: string;
  /** on-time: paid at the first keeper run on its due day; late: after; missed: not (fully) paid
   * yet. A missed month that was paid in part (close() pays arrears in part) has a nonzero amount. */
  status: "on-time" | "late" | "missed";
  /** For a missed month: the monthly amount it owes (the plan's amount when it was missed). */
  owed?: string;
  paidAt?: number;
  daysLate?: number;
  /** The transfer bounced (creditor blocklisted) and the amount was held as claimable. */
  deferred?: boolean;
  claimedAt?: number;
}

export interface WeekRelease {
  week: number;
  dueAt: number;
  releasedAt: number;
  amount: string;
  daysLate: number;
}

export interface Shortfall {
  timestamp: number;
  kind: "PaymentMissed" | "LivingMoneyShort" | "PaymentDeferred" | "KeeperCallFailed";
  detail: string;
  bucket?: string;
  amount?: string;
}

export interface Ledger {
  movements: Movement[];
  payments: Payment[];
  weeks: WeekRelease[];
  releases: { timestamp: number; weeks: number; amount: bigint }[];
  shortfalls: Shortfall[];
  bufferUsed: { timestamp: number; amount: bigint }[];
  /** The resident's savings moved into living money to cover a short week (SavingsUsed). */
  savingsUsed: { timestamp: number; amount: bigint }[];
  /** The resident's own withdrawals of savings (SavingsWithdrawn). */
  savingsWithdrawn: { timestamp: number; amount: bigint; txHash: string }[];
  allocated: {
    timestamp: number;
    source: string;
    amount: bigint;
    parts: bigint;
    toBuffer: bigint;
    toSavings: bigint;
    /** The role that sent the transaction (the keeper, or the resident's acceptPlan...), when known. */
    sentBy?: string;
    /** For a split of waiting income (source "Income"): what it split, by payer source ("Untagged"
     * for plain transfers), taken oldest first from the income received since the previous split. */
    bySource?: Record<string, bigint>;
  }[];
  /** Income received (deposits and plain transfers) that no split has taken yet: must equal the
   * vault's accounts().unallocated. */
  waiting: bigint;
  /** Splits of more income than had arrived (never expected: the conservation check fails on it). */
  splitProblems: string[];
  advances: { timestamp: number; amount: bigint; outstanding: bigint }[];
  repayments: { timestamp: number; amount: bigint; outstanding: bigint }[];
  planChanges: { timestamp: number; nonce: number; event: "proposed" | "accepted" | "rejected" }[];
}

export interface LedgerContext {
  vault: string;
  resident: string;
  treasury: string;
  /** Lower-case address -> role name (payers, creditors, treasury, resident...). */
  roles: Map<string, string>;
  /** Lower-case creditor address -> bucket code. */
  creditorBucket: Map<string, string>;
  /** The due day of a bucket at a time (plans may change it). */
  dueDayAt: (bucket: string, t: number) => number;
  /** The monthly amount of a bucket in force at a time (token units). */
  amountAt: (bucket: string, t: number) => bigint;
  /** The weekly living money in force at a time. */
  weeklyAt: (t: number) => bigint;
  /** Transaction hash -> the role that sent it (every transaction the scenario sent). */
  senders: Map<string, string>;
  /** When the vault was created: the living-money weeks count from here. */
  start: number;
  labels: Map<string, string>;
  vaultInterface: Interface;
  tokenInterface: Interface;
  factoryInterface: Interface;
}

interface Decoded {
  name: string;
  args: Record<string, unknown> & unknown[];
  log: Log;
  timestamp: number;
}

/** A book with nothing in it yet. */
export function emptyLedger(): Ledger {
  return {
    movements: [],
    payments: [],
    weeks: [],
    releases: [],
    shortfalls: [],
    bufferUsed: [],
    savingsUsed: [],
    savingsWithdrawn: [],
    allocated: [],
    advances: [],
    repayments: [],
    planChanges: [],
    waiting: 0n,
    splitProblems: [],
  };
}

/**
 * Builds the household book from what the chain recorded: the token's Transfer logs into and out
 * of the vault, and the vault's (and keeper batch's) events. Nothing here comes from what the
 * scenario meant to do, except the labels that annotate income.
 *
 * Income comes in two ways and is split later, by the keeper's next call: a payer's deposit (a
 * Transfer into the vault with IncomeReceived(source, amount) in the same transaction: the payer's
 * tag) and a plain transfer (a Transfer into the vault with no vault event: untagged). Each
 * Allocated(Source.Income) event splits what has waited since the previous split; the book assigns
 * it to the waiting income oldest first, so every income movement gets the time it was split
 * (`splitAt`) and every split its amounts by source (`bySource`).
 */
export function buildLedger(logs: Log[], timestamps: Map<number, number>, ctx: LedgerContext): Ledger {
  const vault = ctx.vault.toLowerCase();
  const decoded: Decoded[] = [];
  for (const log of logs) {
    const timestamp = timestamps.get(log.blockNumber);
    if (timestamp === undefined) throw new Error(`no timestamp for block ${log.blockNumber}`);
    const address = log.address.toLowerCase();
    const iface =
      address === vault
        ? ctx.vaultInterface
        : log.topics[0] === transferTopic(ctx)
          ? ctx.tokenInterface
          : ctx.factoryInterface;
    const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
    if (!parsed) continue;
    decoded.push({ name: parsed.name, args: parsed.args as unknown as Decoded["args"], log, timestamp });
  }
  decoded.sort((a, b) => a.log.blockNumber - b.log.blockNumber || a.log.index - b.log.index);

  const byTx = new Map<string, Decoded[]>();
  for (const d of decoded) {
    const list = byTx.get(d.log.transactionHash) ?? [];
    list.push(d);
    byTx.set(d.log.transactionHash, list);
  }

  const ledger = emptyLedger();
  /** Income received and not yet split, oldest first. */
  const waiting: { movement: Movement; left: bigint }[] = [];
  const missedByBucket = new Map<string, Payment[]>();
  const deferredByPayee = new Map<string, Payment[]>();
  let weeksReleased = 0;
  const role = (a: string) => ctx.roles.get(a.toLowerCase()) ?? (a.toLowerCase() === vault ? "vault" : "other");

  for (const d of decoded) {
    const a = d.args;
    const t = d.timestamp;
    const inTx = byTx.get(d.log.transactionHash) ?? [];
    const has = (name: string) => inTx.some((x) => x.name === name);
    switch (d.name) {
      case "Transfer": {
        const from = String(a[0]).toLowerCase();
        const to = String(a[1]).toLowerCase();
        if (from !== vault && to !== vault) break;
        const amount = a[2] as bigint;
        const m: Movement = {
          timestamp: t,
          time: isoTime(t),
          block: d.log.blockNumber,
          txHash: d.log.transactionHash,
          logIndex: d.log.index,
          from: String(a[0]),
          to: String(a[1]),
          fromRole: role(from),
          toRole: role(to),
          amount: amount.toString(),
          kind: "other",
        };
        const label = ctx.labels.get(d.log.transactionHash);
        if (label) m.label = label;
        if (to === vault) {
          // A deposit pulls the tokens and emits IncomeReceived(source, amount) with the payer's
          // tag; an advance emits AdvanceReceived. A transfer into the vault with neither in its
          // transaction is a plain transfer: untagged income, split like any other.
          const received = inTx.find(
            (x) => x.name === "IncomeReceived" && x.log.address.toLowerCase() === vault && x.args[1] === amount,
          );
          if (has("AdvanceReceived")) m.kind = "advance";
          else if (received) m.kind = "income";
          else m.kind = "transfer-in";
          m.source =
            m.kind === "advance"
              ? "MunicipalAdvance"
              : m.kind === "income"
                ? SOURCE_NAMES[Number(received!.args[0])]
                : "Untagged";
          if (m.kind !== "advance") waiting.push({ movement: m, left: amount });
        } else {
          // An outgoing transfer is explained by the vault event just before it in the same
          // transaction: the vault emits CreditorPaid/ArrearsPaid, LivingMoneyReleased,
          // SavingsWithdrawn, Claimed, AdvanceRepaid, VaultClosed or Swept, then transfers. This
          // matters since release() also settles due fixed costs, and a keeper batch does both:
          // one transaction can pay creditors and the resident.
          const bucket = ctx.creditorBucket.get(to);
          const cause = [...inTx]
            .reverse()
            .find((x) => x.log.address.toLowerCase() === vault && x.log.index < d.log.index);
          switch (cause?.name) {
            case "CreditorPaid":
            case "ArrearsPaid":
              if (bucket) m.kind = "fixed-cost";
              break;
            case "LivingMoneyReleased":
              if (to === ctx.resident.toLowerCase()) {
                m.kind = "living-money";
                m.weeks = Number(cause.args[0]);
              }
              break;
            case "SavingsWithdrawn":
              if (to === ctx.resident.toLowerCase()) m.kind = "savings-withdrawal";
              break;
            case "Claimed":
              if (String(cause.args[0]).toLowerCase() === to) m.kind = "claim";
              break;
            case "AdvanceRepaid":
              if (to === ctx.treasury.toLowerCase()) m.kind = "advance-repayment";
              break;
            case "VaultClosed":
            case "Swept":
              m.kind = "close";
              break;
          }
          if (bucket) m.bucket = bucket;
        }
        const sender = ctx.senders.get(d.log.transactionHash);
        if (sender) m.sentBy = sender;
        ledger.movements.push(m);
        break;
      }
      case "Allocated": {
        const parts =
          (a[2] as bigint[]).reduce((s, x) => s + x, 0n) +
          (a[3] as bigint) +
          (a[4] as bigint) +
          (a[5] as bigint) +
          (a[6] as bigint);
        const source = SOURCE_NAMES[Number(a[0])];
        const entry: Ledger["allocated"][number] = {
          timestamp: t,
          source,
          amount: a[1] as bigint,
          parts,
          toBuffer: a[5] as bigint,
          toSavings: a[6] as bigint,
        };
        const sentBy = ctx.senders.get(d.log.transactionHash);
        if (sentBy) entry.sentBy = sentBy;
        if (source === "Income") {
          // The keeper's split of everything waiting: deposits and plain transfers since the last
          // split, oldest first (an amount above the vault's per-call maximum leaves the rest waiting).
          entry.bySource = {};
          let left = entry.amount;
          while (left > 0n && waiting.length > 0) {
            const w = waiting[0];
            const take = left < w.left ? left : w.left;
            const key = w.movement.source ?? "Untagged";
            entry.bySource[key] = (entry.bySource[key] ?? 0n) + take;
            w.left -= take;
            left -= take;
            if (w.left === 0n) {
              w.movement.splitAt = t;
              waiting.shift();
            }
          }
          if (left > 0n) {
            ledger.splitProblems.push(
              `a split on ${isoTime(t)} took ${left} token units more than the income that had arrived`,
            );
          }
        }
        ledger.allocated.push(entry);
        break;
      }
      case "CreditorPaid": {
        const bucket = CATEGORY_NAMES[Number(a[1])];
        const monthIndex = Number(a[2]);
        const dueAt = dueTimestamp(monthIndex, ctx.dueDayAt(bucket, t));
        const daysLate = Math.floor((t - dueAt) / DAY);
        const p: Payment = {
          bucket,
          month: monthKey(monthIndex),
          monthIndex,
          dueAt,
          amount: (a[3] as bigint).toString(),
          status: daysLate > 0 ? "late" : "on-time",
          paidAt: t,
          daysLate,
        };
        const creditor = [...ctx.creditorBucket.entries()].find(([, code]) => code === bucket)?.[0];
        if (
          creditor &&
          inTx.some((x) => x.name === "PaymentDeferred" && String(x.args[0]).toLowerCase() === creditor)
        ) {
          p.deferred = true;
          deferredByPayee.set(creditor, [...(deferredByPayee.get(creditor) ?? []), p]);
        }
        ledger.payments.push(p);
        break;
      }
      case "PaymentMissed": {
        const bucket = CATEGORY_NAMES[Number(a[1])];
        const monthIndex = Number(a[2]);
        const p: Payment = {
          bucket,
          month: monthKey(monthIndex),
          monthIndex,
          dueAt: dueTimestamp(monthIndex, ctx.dueDayAt(bucket, t)),
          amount: "0",
          status: "missed",
          owed: ctx.amountAt(bucket, t).toString(),
        };
        ledger.payments.push(p);
        missedByBucket.set(bucket, [...(missedByBucket.get(bucket) ?? []), p]);
        ledger.shortfalls.push({
          timestamp: t,
          kind: "PaymentMissed",
          bucket,
          amount: (a[3] as bigint).toString(),
          detail: `${bucket} for ${monthKey(monthIndex)} could not be paid on its due date`,
        });
        break;
      }
      case "ArrearsPaid": {
        const bucket = CATEGORY_NAMES[Number(a[1])];
        const open = missedByBucket.get(bucket) ?? [];
        // settle() pays arrears only in full; close() pays what the bucket holds, in part if need
        // be. Either way the oldest open months are paid first, each up to its monthly amount.
        let left = a[2] as bigint;
        for (const p of open) {
          if (left === 0n) break;
          const owed = BigInt(p.owed ?? "0") - BigInt(p.amount);
          const share = left < owed ? left : owed;
          left -= share;
          p.amount = (BigInt(p.amount) + share).toString();
          if (share === owed) {
            p.paidAt = t;
            p.daysLate = Math.floor((t - p.dueAt) / DAY);
            p.status = "late";
          }
        }
        missedByBucket.set(
          bucket,
          open.filter((p) => p.status === "missed"),
        );
        break;
      }
      case "PaymentDeferred": {
        ledger.shortfalls.push({
          timestamp: t,
          kind: "PaymentDeferred",
          amount: (a[1] as bigint).toString(),
          detail: `a transfer to ${role(String(a[0]))} bounced; it is held for them to claim`,
        });
        break;
      }
      case "Claimed": {
        const payee = String(a[0]).toLowerCase();
        for (const p of deferredByPayee.get(payee) ?? []) p.claimedAt = t;
        deferredByPayee.set(payee, []);
        break;
      }
      case "LivingMoneyReleased": {
        // Every week released is paid at the same amount: amount / weekCount, exactly (the
        // living-money check verifies that amount = weekCount × the weekly amount in force).
        const weekCount = Number(a[0]);
        const amount = a[1] as bigint;
        const perWeek = weekCount > 0 ? amount / BigInt(weekCount) : 0n;
        for (let k = 0; k < weekCount; k++) {
          const week = weeksReleased + k + 1;
          const dueAt = ctx.start + week * WEEK;
          ledger.weeks.push({
            week,
            dueAt,
            releasedAt: t,
            amount: perWeek.toString(),
            daysLate: Math.floor((t - dueAt) / DAY),
          });
        }
        weeksReleased += weekCount;
        ledger.releases.push({ timestamp: t, weeks: weekCount, amount });
        break;
      }
      case "SavingsUsed":
        ledger.savingsUsed.push({ timestamp: t, amount: a[0] as bigint });
        break;
      case "SavingsWithdrawn":
        ledger.savingsWithdrawn.push({ timestamp: t, amount: a[0] as bigint, txHash: d.log.transactionHash });
        break;
      case "LivingMoneyShort":
        ledger.shortfalls.push({
          timestamp: t,
          kind: "LivingMoneyShort",
          detail: `${a[0]} week(s) of living money could not be paid`,
        });
        break;
      case "BufferUsed":
        ledger.bufferUsed.push({ timestamp: t, amount: a[0] as bigint });
        break;
      case "AdvanceReceived":
        ledger.advances.push({ timestamp: t, amount: a[0] as bigint, outstanding: a[1] as bigint });
        break;
      case "AdvanceRepaid":
        ledger.repayments.push({ timestamp: t, amount: a[0] as bigint, outstanding: a[1] as bigint });
        break;
      case "PlanProposed":
      case "PlanAccepted":
      case "PlanRejected":
        ledger.planChanges.push({
          timestamp: t,
          nonce: Number(a[0]),
          event: d.name === "PlanProposed" ? "proposed" : d.name === "PlanAccepted" ? "accepted" : "rejected",
        });
        break;
      case "KeeperCallFailed":
        if (String(a[0]).toLowerCase() === vault) {
          ledger.shortfalls.push({ timestamp: t, kind: "KeeperCallFailed", detail: `keeper call ${a[1]} reverted` });
        }
        break;
    }
  }
  ledger.waiting = waiting.reduce((s, w) => s + w.left, 0n);
  return ledger;
}

function transferTopic(ctx: LedgerContext): string {
  return ctx.tokenInterface.getEvent("Transfer")!.topicHash;
}
