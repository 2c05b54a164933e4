/**
 * The simulation's shared shapes: a generated household-year (what every arm runs on), what one
 * arm's run gives back, the vault arm's log of actions (what the chain replay sends), and the
 * figures the reports show. Amounts are bigint token units; times are whole seconds, UTC.
 */
import type { Plan } from "../rules";

/** Fixed-cost categories as IHouseholdVault.Category numbers them. */
export const CATEGORY = { rent: 0, energy: 1, insurance: 2, water: 3 } as const;
export type CategoryName = keyof typeof CATEGORY;
export const CATEGORY_NAMES = Object.keys(CATEGORY) as CategoryName[];

/** Income tags (IHouseholdVault.Source) of the payers the population uses. */
export const SOURCE = { svb: 1, toeslagen: 2, wi: 3 } as const;

export type IncomeKind =
  "bijstand" | "aow" | "zorgtoeslag" | "huurtoeslag" | "kindgebonden-budget" | "kinderbijslag" | "holiday-pay";

/** One payment as it arrives: 09:00 UTC on `day`. */
export interface Payment {
  /** 00:00 UTC of the day it arrives. */
  day: number;
  /** SOURCE value of its payer. */
  source: number;
  amount: bigint;
  kind: IncomeKind;
}

export interface FixedCost {
  category: number;
  /** 1..28. */
  dueDay: number;
  amountPerMonth: bigint;
}

/** A fixed cost's new monthly amount (an energy instalment change), agreed on `day`. */
export interface CostChange {
  /** 00:00 UTC of the day the household agrees it (before the first due date at the new amount). */
  day: number;
  category: number;
  amountPerMonth: bigint;
  /** The first month index (src/core monthIndexOf) due at the new amount. */
  fromMonth: number;
}

/** An unplanned bill the resident pays herself (14:00 UTC on `day`). */
export interface OneOffCost {
  day: number;
  amount: bigint;
}

export const SHOCKS = ["toeslagen-late", "reclaim", "late-first-bijstand", "one-off-cost", "energy-change"] as const;
export type ShockName = (typeof SHOCKS)[number];

/** One household-year, as the generator draws it. Every arm runs on exactly this. */
export interface HouseholdYear {
  /** Position in the population run (its random stream is derived from the seed and this). */
  index: number;
  /** Household type id and pay-day scheme id from the population file. */
  type: string;
  municipality: string;
  /** 00:00 UTC of the first day run (1 October of the year before): a quarter to settle in. */
  start: number;
  /** 00:00 UTC of the first day measured (1 January). */
  measureFrom: number;
  /** 00:00 UTC of the last day run and measured (31 December). */
  lastDay: number;
  /** Every payment as it really arrives (shocks applied), in day order. */
  incomes: Payment[];
  /** Every payment as the household's income calendar says it comes (no shocks), in day order. */
  expected: Payment[];
  /** The fixed costs at the start (bucket order = this order). */
  costs: FixedCost[];
  costChanges: CostChange[];
  oneOffs: OneOffCost[];
  /** The planned weekly living money. */
  weekly: bigint;
  shocks: ShockName[];
  /**
   * Day of the month (1..28) on which a budget manager pays the fixed costs: the first day after
   * the main income's usual pay day (the 1st for income paid at the end of the month).
   */
  budgetDay: number;
  /** The main income (the type's first): the one the budget day follows. */
  mainIncome: IncomeKind;
  /** Token units per euro (10^decimals). */
  euro: bigint;
}

/** How creditors treat a payment that does not come on its due date (the same in every arm). */
export interface CreditorRules {
  /** Days after an unpaid due date before the creditor sends its reminder. */
  reminderAfterDays: number;
  /** The period the reminder gives (WIK: 14 days); unpaid after it, collection costs are added. */
  reminderPeriodDays: number;
  /** Collection costs: `rate` × the unpaid amount, at least `minimum` (WIK: 15 %, at least €40). */
  rate: number;
  minimum: bigint;
  /** A plain account's creditor presents a bounced direct debit again every this many days. */
  retryEveryDays: number;
}

export type ArmName = "bank" | "budget" | "vault";
export const ARMS: ArmName[] = ["bank", "budget", "vault"];

/** One month of one fixed cost. */
export interface DueDate {
  category: number;
  month: number;
  dueAt: number;
  amount: bigint;
  /** When it was paid in full; undefined when still unpaid as the run ends. */
  paidAt?: number;
}

/** Statutory collection costs a creditor added to one unpaid month. */
export interface CollectionCost {
  category: number;
  month: number;
  /** When they were added. */
  at: number;
  amount: bigint;
  paidAt?: number;
}

/**
 * Where every unit went. Conservation: income + advances =
 * toCreditors + collectionCosts + oneOffs + toResident + repaid + held.
 */
export interface Flows {
  income: bigint;
  /** Municipal advances received. */
  advances: bigint;
  /** Fixed costs paid to creditors (on time or late). */
  toCreditors: bigint;
  /** Collection costs paid. */
  collectionCosts: bigint;
  /** One-off costs paid. */
  oneOffs: bigint;
  /** Living money the resident had to spend. */
  toResident: bigint;
  /** Advances paid back to the municipality. */
  repaid: bigint;
  /** What the account (or vault) still holds at the end. */
  held: bigint;
}

/** What one arm did with one household-year. */
export interface ArmResult {
  arm: ArmName;
  /** Every month of every fixed cost due after `start` up to the end of `lastDay`, in due order. */
  dueDates: DueDate[];
  /**
   * weeks[k]: the living money the resident had to spend in week k, the 7 days from
   * start + (k + 1) weeks (the vault's release day), after one-off and collection costs she paid
   * from it.
   */
  weeks: bigint[];
  collectionCosts: CollectionCost[];
  advances: { at: number; amount: bigint }[];
  flows: Flows;
  /** One-off and collection costs still owed by the resident at the end (not money moved). */
  residentOwes: bigint;
}

/** What the vault arm sends: the chain replay sends exactly these, at exactly these times. */
export type VaultAction =
  | { t: number; kind: "keeper" }
  | { t: number; kind: "deposit"; source: number; amount: bigint }
  | { t: number; kind: "advance"; amount: bigint }
  | { t: number; kind: "propose"; plan: Plan }
  | { t: number; kind: "accept"; plan: Plan }
  | { t: number; kind: "withdraw"; amount: bigint };

/** The vault's state as its views show it, at the end of time `t` (after every action at `t`). */
export interface VaultCheckpoint {
  t: number;
  buckets: { balance: bigint; arrears: bigint; paidThroughMonth: number; amountPerMonth: bigint }[];
  livingMoney: bigint;
  buffer: bigint;
  savings: bigint;
  repaymentHeld: bigint;
  advanceOutstanding: bigint;
  claimable: bigint;
  unallocated: bigint;
  weeksReleased: number;
  /** The token balance of the vault. */
  balance: bigint;
}

/** A token transfer out of the vault. */
export interface VaultTransfer {
  t: number;
  to: string;
  amount: bigint;
}

/** The addresses the vault arm's world uses (stand-ins in the simulation, real ones in the replay). */
export interface VaultAccounts {
  vault: string;
  resident: string;
  coach: string;
  treasury: string;
  /** Payer address by SOURCE value. */
  payers: Record<number, string>;
  /** Creditor address by category. */
  creditors: Record<number, string>;
}

export interface VaultArmRun extends ArmResult {
  /** The plan's buffer target when the vault was created, and at the end (after any review). */
  startBufferTarget: bigint;
  bufferTarget: bigint;
  actions: VaultAction[];
  transfers: VaultTransfer[];
  /** The state after the last action of every month (and at the end). */
  checkpoints: VaultCheckpoint[];
}

/** A count per labelled range, for the distributions. */
export interface Bin {
  label: string;
  count: number;
}

/** One arm's figures over a group of households. Euros are numbers (2 decimals); shares 0..1. */
export interface ArmFigures {
  households: number;
  householdMonths: number;
  /** Share of household-months with any fixed cost paid late (or not at all). */
  lateMonthShare: number;
  /** Per creditor type: late months / months due. */
  lateShareByCategory: Record<CategoryName, number>;
  /** Days late of every late payment (unpaid at the end: days until the end). */
  daysLate: { payments: number; mean: number; p50: number; p95: number; max: number; histogram: Bin[] };
  arrears: {
    /** Mean over households of the most they owed in overdue fixed costs at once. */
    meanPeak: number;
    /** Mean over household-months of what was overdue at the month's end. */
    meanAtMonthEnd: number;
    /** Share of households still in arrears at the end of the year. */
    householdsInArrearsAtEnd: number;
  };
  collectionCosts: { total: number; meanPerHousehold: number; householdsCharged: number };
  livingMoney: {
    /** Weeks with less than the planned amount, per household-year. */
    weeksShortPerHousehold: number;
    shareOfWeeksShort: number;
    /** Mean over households of the coefficient of variation of the weekly amount. */
    meanVariation: number;
    /** Weekly amounts as a share of the planned amount. */
    histogram: Bin[];
  };
  advances: { count: number; total: number; householdsNeeding: number; meanPerHousehold: number };
}

/** A household's income covers its plan: all it received in the run >= all its plan asks. */
export type Group = "all" | "covered" | "notCovered";

export interface SimulationReport {
  settings: {
    households: number;
    seed: number;
    year: number;
    populationFile: string;
    chainSample: number;
    workers: number;
  };
  population: {
    byType: Record<string, number>;
    byMunicipality: Record<string, number>;
    shocks: Record<ShockName, number>;
    covered: number;
    notCovered: number;
    /** Vaults whose coach set the forecast's buffer target on 1 January, and its mean (euros). */
    bufferTargets: { set: number; meanEuros: number };
  };
  arms: Record<ArmName, Record<Group, ArmFigures>>;
  /** Timing-caused arrears: households whose income covers their plan, late household-months. */
  headline: Record<ArmName, { lateMonthShare: number; collectionCosts: number; meanPeakArrears: number }>;
  chain: {
    sample: number;
    /** Household indices replayed. */
    households: number[];
    mismatches: number;
    firstMismatches: string[];
    seconds: number;
    householdYearsPerMinute: number;
  };
  run: { modelSeconds: number; householdYearsPerMinute: number };
}
