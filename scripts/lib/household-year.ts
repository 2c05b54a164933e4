/**
 * Gas per household-year: the family scenario's year (scenarios/family.json) for N identical
 * households at once, each its own vault created from the same plan, with a daily keeper that calls
 * factory.settleAndReleaseMany over batches of `batchSize` vaults. Gas comes from receipts.
 *
 * Usage (scripts/bench.ts, run with `hardhat run`, or any script that has loaded Hardhat):
 *
 *   import { householdYear } from "./lib/household-year";
 *   const r = await householdYear({ households: 100, batchSize: 100 });
 *   r.gasPerHousehold;          // gas of one household's year (see HouseholdYearResult)
 *   r.byKind.keeper;            // { transactions, gas, gasPerHousehold }
 *   r.baselineGasPerHousehold;  // the same money movements as plain EuroToken transfers
 *   r.baselineTransfers;        // how many of each, and the measured gas of one
 *
 * It throws (ScenarioFailure) when any household fails a check the scenario runner makes: a gas
 * figure from a year that went wrong is worthless.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Scenario } from "./scenario-file";

export interface HouseholdYearOptions {
  /** How many identical households (vaults) run the year side by side. */
  households: number;
  /** Vaults per keeper call (settleAndReleaseMany); at most the factory's MAX_BATCH (200). */
  batchSize: number;
  /** The Hardhat runtime; `require("hardhat")` when absent. Must be the in-process network. */
  hre?: HardhatRuntimeEnvironment;
  /** The scenario; scenarios/family.json when absent. */
  scenario?: Scenario;
  /** Only this many months after the start month (default: the scenario's months). */
  months?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** The kinds of transaction counted in the household figure. */
export type GasKind =
  | "deposits" // payers' deposit() of income
  | "keeper" // settleAndReleaseMany batches (the split of waiting income happens here)
  | "plan" // the coach's proposePlan and the resident's acceptPlan
  | "claims" // a creditor's claim() of a payment that bounced
  | "resident" // the resident's withdrawSavings
  | "advance" // the municipality's advance()
  | "approvals" // payers' and the treasury's one-off token approve() of each vault
  | "opening"; // the resident's plain transfer of her opening balance into the vault

export const GAS_KINDS: readonly GasKind[] = [
  "deposits",
  "keeper",
  "plan",
  "claims",
  "resident",
  "advance",
  "approvals",
  "opening",
];

export interface KindFigures {
  transactions: number;
  /** Σ gasUsed over these transactions, all households together. */
  gas: number;
  /** gas / households. */
  gasPerHousehold: number;
}

/** One kind of plain transfer in the baseline (the same money moved without a vault). */
export interface BaselineTransfer {
  kind: "income" | "creditor" | "living-money" | "savings-withdrawal" | "advance" | "advance-repayment";
  /** Who pays whom in the baseline. */
  description: string;
  /** Transfers of this kind in one household's year (counted from what the vaults did). */
  perHousehold: number;
  /** gasUsed of one plain EuroToken transfer of this kind, measured from a receipt in warm state. */
  gasPerTransfer: number;
  gasPerHousehold: number;
}

export interface HouseholdYearResult {
  households: number;
  batchSize: number;
  scenario: string;
  /** First and last day of the run (the scenario's dates, moved whole years if the chain was past them). */
  from: string;
  to: string;
  months: number;
  hardfork: string;
  /** Σ gasUsed over every counted transaction (every kind in GAS_KINDS), all households. */
  gasTotal: number;
  /** gasTotal / households. */
  gasPerHousehold: number;
  byKind: Record<GasKind, KindFigures>;
  /** Counted transactions, all households. */
  transactions: number;
  keeper: {
    /** settleAndReleaseMany transactions sent (a batch that stopped early is continued in another). */
    calls: number;
    /** Batches that stopped early (KeeperBatchStopped) and were continued. */
    batchesStopped: number;
    /** The gas limit each keeper call was sent with. */
    gasLimit: number;
    /** Keeper gas per vault per day it ran. */
    gasPerVaultDay: number;
  };
  /** Σ over baselineTransfers of gasPerHousehold. */
  baselineGasPerHousehold: number;
  baselineTransfers: BaselineTransfer[];
  /** gasPerHousehold / baselineGasPerHousehold. */
  ratio: number;
  /** Sent but not counted: vault creation, minting test euros, the token issuer's blocklist. */
  notCounted: Record<"vaultCreation" | "minting" | "issuer", { transactions: number; gas: number }>;
  /** The runner's checks, passed by every household (the function throws otherwise). */
  checks: { name: string; households: number }[];
  wallSeconds: number;
}

export async function householdYear(options: HouseholdYearOptions): Promise<HouseholdYearResult> {
  void options;
  throw new Error("householdYear: not implemented yet");
}
