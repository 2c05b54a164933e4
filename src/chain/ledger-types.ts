import type { Interface } from "ethers";

// The household book's shapes and the contract's enum names: what buildLedger (ledger.ts) fills and
// the reports (src/book) read.

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
