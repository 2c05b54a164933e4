/** The household book's event handlers: one per event the vault, the token and the factory emit. */
import type { Log } from "ethers";
import { DAY, WEEK, dueTimestamp, isoTime, monthKey } from "../core";
import { CATEGORY_NAMES, Ledger, LedgerContext, Movement, Payment, SOURCE_NAMES } from "./ledger-types";

/** One log parsed by the interface of the contract that emitted it, with its block's time. */
export interface DecodedLog {
  name: string;
  args: Record<string, unknown> & unknown[];
  log: Log;
  timestamp: number;
}

/** What buildLedger carries from one event to the next while it fills the book. */
export interface LedgerBuild {
  ctx: LedgerContext;
  /** The vault's address, lower-case. */
  vault: string;
  ledger: Ledger;
  /** Income received and not yet split, oldest first. */
  waiting: { movement: Movement; left: bigint }[];
  /** Per bucket, the missed months not yet paid in full (oldest first). */
  missedByBucket: Map<string, Payment[]>;
  /** Per creditor (lower-case), the payments whose transfer bounced and that they have not claimed. */
  deferredByPayee: Map<string, Payment[]>;
  weeksReleased: number;
}

/** Handles one event; `inTx` is every decoded log of its transaction, in log order. */
type EventHandler = (b: LedgerBuild, d: DecodedLog, inTx: DecodedLog[]) => void;

export function startBuild(ctx: LedgerContext, ledger: Ledger): LedgerBuild {
  return {
    ctx,
    vault: ctx.vault.toLowerCase(),
    ledger,
    waiting: [],
    missedByBucket: new Map(),
    deferredByPayee: new Map(),
    weeksReleased: 0,
  };
}

/** The role name of an address: a known role, the vault itself, or "other". */
function roleOf(b: LedgerBuild, address: string): string {
  const a = address.toLowerCase();
  return b.ctx.roles.get(a) ?? (a === b.vault ? "vault" : "other");
}

/** A token transfer into or out of the vault becomes a movement; others are not the book's. */
function onTransfer(b: LedgerBuild, d: DecodedLog, inTx: DecodedLog[]): void {
  const a = d.args;
  const from = String(a[0]).toLowerCase();
  const to = String(a[1]).toLowerCase();
  if (from !== b.vault && to !== b.vault) return;
  const amount = a[2] as bigint;
  const m: Movement = {
    timestamp: d.timestamp,
    time: isoTime(d.timestamp),
    block: d.log.blockNumber,
    txHash: d.log.transactionHash,
    logIndex: d.log.index,
    from: String(a[0]),
    to: String(a[1]),
    fromRole: roleOf(b, from),
    toRole: roleOf(b, to),
    amount: amount.toString(),
    kind: "other",
  };
  const label = b.ctx.labels.get(d.log.transactionHash);
  if (label) m.label = label;
  if (to === b.vault) classifyIncoming(b, m, amount, inTx);
  else classifyOutgoing(b, m, d, inTx);
  const sender = b.ctx.senders.get(d.log.transactionHash);
  if (sender) m.sentBy = sender;
  b.ledger.movements.push(m);
}

/**
 * A deposit pulls the tokens and emits IncomeReceived(source, amount) with the payer's tag; an
 * advance emits AdvanceReceived. A transfer into the vault with neither in its transaction is a
 * plain transfer: untagged income, split like any other.
 */
function classifyIncoming(b: LedgerBuild, m: Movement, amount: bigint, inTx: DecodedLog[]): void {
  const received = inTx.find(
    (x) => x.name === "IncomeReceived" && x.log.address.toLowerCase() === b.vault && x.args[1] === amount,
  );
  if (inTx.some((x) => x.name === "AdvanceReceived")) m.kind = "advance";
  else if (received) m.kind = "income";
  else m.kind = "transfer-in";
  m.source =
    m.kind === "advance"
      ? "MunicipalAdvance"
      : m.kind === "income"
        ? SOURCE_NAMES[Number(received!.args[0])]
        : "Untagged";
  if (m.kind !== "advance") b.waiting.push({ movement: m, left: amount });
}

/**
 * An outgoing transfer is explained by the vault event just before it in the same transaction:
 * the vault emits CreditorPaid/ArrearsPaid, LivingMoneyReleased, SavingsWithdrawn, Claimed,
 * AdvanceRepaid, VaultClosed or Swept, then transfers. This matters since release() also settles
 * due fixed costs, and a keeper batch does both: one transaction can pay creditors and the resident.
 */
function classifyOutgoing(b: LedgerBuild, m: Movement, d: DecodedLog, inTx: DecodedLog[]): void {
  const to = m.to.toLowerCase();
  const bucket = b.ctx.creditorBucket.get(to);
  const cause = [...inTx].reverse().find((x) => x.log.address.toLowerCase() === b.vault && x.log.index < d.log.index);
  switch (cause?.name) {
    case "CreditorPaid":
    case "ArrearsPaid":
      if (bucket) m.kind = "fixed-cost";
      break;
    case "LivingMoneyReleased":
      if (to === b.ctx.resident.toLowerCase()) {
        m.kind = "living-money";
        m.weeks = Number(cause.args[0]);
      }
      break;
    case "SavingsWithdrawn":
      if (to === b.ctx.resident.toLowerCase()) m.kind = "savings-withdrawal";
      break;
    case "Claimed":
      if (String(cause.args[0]).toLowerCase() === to) m.kind = "claim";
      break;
    case "AdvanceRepaid":
      if (to === b.ctx.treasury.toLowerCase()) m.kind = "advance-repayment";
      break;
    case "VaultClosed":
    case "Swept":
      m.kind = "close";
      break;
  }
  if (bucket) m.bucket = bucket;
}

function onAllocated(b: LedgerBuild, d: DecodedLog): void {
  const a = d.args;
  const parts =
    (a[2] as bigint[]).reduce((s, x) => s + x, 0n) +
    (a[3] as bigint) +
    (a[4] as bigint) +
    (a[5] as bigint) +
    (a[6] as bigint);
  const source = SOURCE_NAMES[Number(a[0])];
  const entry: Ledger["allocated"][number] = {
    timestamp: d.timestamp,
    source,
    amount: a[1] as bigint,
    parts,
    toBuffer: a[5] as bigint,
    toSavings: a[6] as bigint,
  };
  const sentBy = b.ctx.senders.get(d.log.transactionHash);
  if (sentBy) entry.sentBy = sentBy;
  if (source === "Income") splitWaiting(b, entry, d.timestamp);
  b.ledger.allocated.push(entry);
}

/**
 * The keeper's split of everything waiting: deposits and plain transfers since the last split,
 * oldest first (an amount above the vault's per-call maximum leaves the rest waiting).
 */
function splitWaiting(b: LedgerBuild, entry: Ledger["allocated"][number], t: number): void {
  const bySource: Record<string, bigint> = {};
  entry.bySource = bySource;
  let left = entry.amount;
  while (left > 0n && b.waiting.length > 0) {
    const w = b.waiting[0];
    const take = left < w.left ? left : w.left;
    const key = w.movement.source ?? "Untagged";
    bySource[key] = (bySource[key] ?? 0n) + take;
    w.left -= take;
    left -= take;
    if (w.left === 0n) {
      w.movement.splitAt = t;
      b.waiting.shift();
    }
  }
  if (left > 0n) {
    b.ledger.splitProblems.push(
      `a split on ${isoTime(t)} took ${left} token units more than the income that had arrived`,
    );
  }
}

function onCreditorPaid(b: LedgerBuild, d: DecodedLog, inTx: DecodedLog[]): void {
  const a = d.args;
  const t = d.timestamp;
  const bucket = CATEGORY_NAMES[Number(a[1])];
  const monthIndex = Number(a[2]);
  const dueAt = dueTimestamp(monthIndex, b.ctx.dueDayAt(bucket, t));
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
  const creditor = [...b.ctx.creditorBucket.entries()].find(([, code]) => code === bucket)?.[0];
  if (creditor && inTx.some((x) => x.name === "PaymentDeferred" && String(x.args[0]).toLowerCase() === creditor)) {
    p.deferred = true;
    b.deferredByPayee.set(creditor, [...(b.deferredByPayee.get(creditor) ?? []), p]);
  }
  b.ledger.payments.push(p);
}

function onPaymentMissed(b: LedgerBuild, d: DecodedLog): void {
  const a = d.args;
  const t = d.timestamp;
  const bucket = CATEGORY_NAMES[Number(a[1])];
  const monthIndex = Number(a[2]);
  const p: Payment = {
    bucket,
    month: monthKey(monthIndex),
    monthIndex,
    dueAt: dueTimestamp(monthIndex, b.ctx.dueDayAt(bucket, t)),
    amount: "0",
    status: "missed",
    owed: b.ctx.amountAt(bucket, t).toString(),
  };
  b.ledger.payments.push(p);
  b.missedByBucket.set(bucket, [...(b.missedByBucket.get(bucket) ?? []), p]);
  b.ledger.shortfalls.push({
    timestamp: t,
    kind: "PaymentMissed",
    bucket,
    amount: (a[3] as bigint).toString(),
    detail: `${bucket} for ${monthKey(monthIndex)} could not be paid on its due date`,
  });
}

/**
 * settle() pays arrears only in full; close() pays what the bucket holds, in part if need be.
 * Either way the oldest open months are paid first, each up to its monthly amount.
 */
function onArrearsPaid(b: LedgerBuild, d: DecodedLog): void {
  const t = d.timestamp;
  const bucket = CATEGORY_NAMES[Number(d.args[1])];
  const open = b.missedByBucket.get(bucket) ?? [];
  let left = d.args[2] as bigint;
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
  b.missedByBucket.set(
    bucket,
    open.filter((p) => p.status === "missed"),
  );
}

function onPaymentDeferred(b: LedgerBuild, d: DecodedLog): void {
  b.ledger.shortfalls.push({
    timestamp: d.timestamp,
    kind: "PaymentDeferred",
    amount: (d.args[1] as bigint).toString(),
    detail: `a transfer to ${roleOf(b, String(d.args[0]))} bounced; it is held for them to claim`,
  });
}

function onClaimed(b: LedgerBuild, d: DecodedLog): void {
  const payee = String(d.args[0]).toLowerCase();
  for (const p of b.deferredByPayee.get(payee) ?? []) p.claimedAt = d.timestamp;
  b.deferredByPayee.set(payee, []);
}

/**
 * Every week released is paid at the same amount: amount / weekCount, exactly (the living-money
 * check verifies that amount = weekCount × the weekly amount in force).
 */
function onLivingMoneyReleased(b: LedgerBuild, d: DecodedLog): void {
  const t = d.timestamp;
  const weekCount = Number(d.args[0]);
  const amount = d.args[1] as bigint;
  const perWeek = weekCount > 0 ? amount / BigInt(weekCount) : 0n;
  for (let k = 0; k < weekCount; k++) {
    const week = b.weeksReleased + k + 1;
    const dueAt = b.ctx.start + week * WEEK;
    b.ledger.weeks.push({
      week,
      dueAt,
      releasedAt: t,
      amount: perWeek.toString(),
      daysLate: Math.floor((t - dueAt) / DAY),
    });
  }
  b.weeksReleased += weekCount;
  b.ledger.releases.push({ timestamp: t, weeks: weekCount, amount });
}

function onLivingMoneyShort(b: LedgerBuild, d: DecodedLog): void {
  b.ledger.shortfalls.push({
    timestamp: d.timestamp,
    kind: "LivingMoneyShort",
    detail: `${d.args[0]} week(s) of living money could not be paid`,
  });
}

const PLAN_EVENTS: Record<string, "proposed" | "accepted" | "rejected"> = {
  PlanProposed: "proposed",
  PlanAccepted: "accepted",
  PlanRejected: "rejected",
};

function onPlanEvent(b: LedgerBuild, d: DecodedLog): void {
  b.ledger.planChanges.push({ timestamp: d.timestamp, nonce: Number(d.args[0]), event: PLAN_EVENTS[d.name] });
}

/** The keeper batch names the vault whose call reverted: only this vault's failures are its shortfalls. */
function onKeeperCallFailed(b: LedgerBuild, d: DecodedLog): void {
  if (String(d.args[0]).toLowerCase() !== b.vault) return;
  b.ledger.shortfalls.push({
    timestamp: d.timestamp,
    kind: "KeeperCallFailed",
    detail: `keeper call ${d.args[1]} reverted`,
  });
}

/** The events the book reads, by name; every other event is ignored. */
export const EVENT_HANDLERS = new Map<string, EventHandler>([
  ["Transfer", onTransfer],
  ["Allocated", onAllocated],
  ["CreditorPaid", onCreditorPaid],
  ["PaymentMissed", onPaymentMissed],
  ["ArrearsPaid", onArrearsPaid],
  ["PaymentDeferred", onPaymentDeferred],
  ["Claimed", onClaimed],
  ["LivingMoneyReleased", onLivingMoneyReleased],
  ["SavingsUsed", (b, d) => b.ledger.savingsUsed.push({ timestamp: d.timestamp, amount: d.args[0] as bigint })],
  [
    "SavingsWithdrawn",
    (b, d) =>
      b.ledger.savingsWithdrawn.push({
        timestamp: d.timestamp,
        amount: d.args[0] as bigint,
        txHash: d.log.transactionHash,
      }),
  ],
  ["LivingMoneyShort", onLivingMoneyShort],
  ["BufferUsed", (b, d) => b.ledger.bufferUsed.push({ timestamp: d.timestamp, amount: d.args[0] as bigint })],
  [
    "AdvanceReceived",
    (b, d) =>
      b.ledger.advances.push({ timestamp: d.timestamp, amount: d.args[0] as bigint, outstanding: d.args[1] as bigint }),
  ],
  [
    "AdvanceRepaid",
    (b, d) =>
      b.ledger.repayments.push({
        timestamp: d.timestamp,
        amount: d.args[0] as bigint,
        outstanding: d.args[1] as bigint,
      }),
  ],
  ["PlanProposed", onPlanEvent],
  ["PlanAccepted", onPlanEvent],
  ["PlanRejected", onPlanEvent],
  ["KeeperCallFailed", onKeeperCallFailed],
]);
