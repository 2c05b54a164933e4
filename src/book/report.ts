import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import { CATEGORY_NAMES, Deployment, Ledger, Movement, Payment } from "../chain";
import { DAY, isoTime, monthIndexOf, monthKey, Money } from "../core";
import type { PlanSpec, Scenario } from "../scenario";
import { amountStrings } from "./amounts";
import { Check, Conservation, conservationCheck, livingMoneyCheck, rentCheck, RentWatch } from "./checks";
import { MonthSummary, summarizeMonth } from "./month";
import { accountStrings, type Sample } from "./sample";

/** The scenario report (the JSON file): what the chain recorded, month by month, and the checks. */
export interface Report {
  format: "huishoudboekje-scenario-report/1";
  generatedAt: string;
  scenario: {
    name: string;
    title: string;
    file?: string;
    household: Scenario["household"];
    start: string;
    end: string;
    months: number;
    yearsShifted: number;
  };
  network: { name: string; chainId: number };
  deployment: { id: string; reused: boolean; module: string; token: string; factory: string; implementation: string };
  vault: string;
  householdId: string;
  token: { decimals: number; note: string };
  plan: { initial: PlanSpec; changes: { from: string; plan: PlanSpec }[] };
  stats: { wallSeconds: number; transactions: number; blocks: number };
  movements: Movement[];
  fixedCostPayments: Payment[];
  livingMoneyWeeks: Ledger["weeks"];
  shortfalls: Ledger["shortfalls"];
  months: MonthSummary[];
  finalBalances: {
    vaultTokenBalance: string;
    vault: Record<string, string>;
    buckets: { bucket: string; balance: string; arrears: string; paidThroughMonth: string }[];
    accounts: Record<string, string>;
  };
  conservation: {
    equation: string;
    in: Record<string, string> & { total: string };
    out: Record<string, string> & { total: string };
    held: string;
    holds: boolean;
  };
  checks: Check[];
  samples: Sample[];
}

export interface ReportInput {
  scenario: Scenario;
  scenarioFile?: string;
  yearsShifted: number;
  months: number;
  network: { name: string; chainId: number };
  deployment: Deployment;
  vault: string;
  householdId: string;
  vaultStart: number;
  endDay: number;
  money: Money;
  ledger: Ledger;
  samples: Sample[];
  notes: { t: number; text: string }[];
  accounts: IHouseholdVault.AccountsStructOutput;
  bucketViews: IHouseholdVault.BucketViewStructOutput[];
  vaultBalance: bigint;
  balances: Record<string, string>;
  rentWatch: RentWatch;
  planHistory: { from: number; plan: PlanSpec }[];
  stats: { wallSeconds: number; transactions: number; blocks: number };
  lastKeeperRun: number;
}

/** The report of a run: the book, its months and its checks, with the vault's final state. */
export function buildReport(input: ReportInput): Report {
  const checks: Check[] = [rentCheck(input.ledger, input.rentWatch, input.money)];
  const conservation = conservationCheck(input);
  checks.push(conservation.check);
  // 3. Living money is exactly the plan, and never a lump.
  checks.push(livingMoneyCheck(input.ledger, input.planHistory, input.vaultStart, input.lastKeeperRun, input.money));
  return {
    format: "huishoudboekje-scenario-report/1",
    generatedAt: new Date().toISOString(),
    ...runHeader(input),
    movements: input.ledger.movements,
    fixedCostPayments: input.ledger.payments,
    livingMoneyWeeks: input.ledger.weeks,
    shortfalls: input.ledger.shortfalls,
    months: monthsOf(input),
    finalBalances: finalBalancesOf(input),
    conservation: conservationOf(conservation, input.vaultBalance),
    checks,
    samples: input.samples,
  };
}

/** Which scenario ran where: the report's fields from `scenario` to `stats`. */
function runHeader(
  input: ReportInput,
): Pick<Report, "scenario" | "network" | "deployment" | "vault" | "householdId" | "token" | "plan" | "stats"> {
  return {
    scenario: {
      name: input.scenario.name,
      title: input.scenario.title,
      file: input.scenarioFile,
      household: input.scenario.household,
      start: isoTime(input.vaultStart),
      end: isoTime(input.endDay + DAY - 1),
      months: input.months,
      yearsShifted: input.yearsShifted,
    },
    network: input.network,
    deployment: {
      id: input.deployment.deploymentId,
      reused: input.deployment.reused,
      module: input.deployment.moduleId,
      ...input.deployment.addresses,
    },
    vault: input.vault,
    householdId: input.householdId,
    token: {
      decimals: input.money.decimals,
      note: "every amount is in token units (an integer string); divide by 10^decimals for euros",
    },
    plan: {
      initial: input.scenario.plan,
      changes: input.planHistory.slice(1).map((p) => ({ from: isoTime(p.from), plan: p.plan })),
    },
    stats: input.stats,
  };
}

/** Every calendar month from the vault's start to the last day run. */
function monthsOf(input: ReportInput): MonthSummary[] {
  const months: MonthSummary[] = [];
  for (let m = monthIndexOf(input.vaultStart); m <= monthIndexOf(input.endDay); m++) {
    months.push(summarizeMonth(m, input.ledger, input.samples, input.notes));
  }
  return months;
}

function finalBalancesOf(input: ReportInput): Report["finalBalances"] {
  const { accounts } = input;
  return {
    vaultTokenBalance: input.vaultBalance.toString(),
    vault: accountStrings(accounts),
    buckets: input.bucketViews.map((b) => ({
      bucket: CATEGORY_NAMES[Number(b.category)],
      balance: b.balance.toString(),
      arrears: b.arrears.toString(),
      paidThroughMonth: monthKey(Number(b.paidThroughMonth)),
    })),
    accounts: input.balances,
  };
}

function conservationOf(c: Conservation, vaultBalance: bigint): Report["conservation"] {
  return {
    equation: "in.total = out.total + held, where held = finalBalances.vaultTokenBalance",
    in: { ...amountStrings(c.inflow), total: c.totalIn.toString() },
    out: { ...amountStrings(c.outflow), total: c.totalOut.toString() },
    held: vaultBalance.toString(),
    holds: c.totalIn === c.totalOut + vaultBalance,
  };
}
