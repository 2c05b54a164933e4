/** reports/gas-benchmark.json: every figure for scripts, with each target's value and whether it was met. */
import {
  BATCH_TARGET,
  DECIMALS,
  DEPOSIT_AIM,
  DEPOSIT_TARGET,
  INCOME_PATH_TARGET,
  ONBOARDING_TARGET,
  SETTLE_TARGET,
  SPLITS_FUND_DISTRIBUTE,
} from "./constants";
import type { BudgetRuns } from "./batch";
import { count, eventCounts } from "./events";
import { jsonSplit } from "./format";
import type { Row } from "./rows";
import type { BenchResults } from "./run";
import type { Target } from "./targets";

/** Batch runs with their gas as a number (JSON has no bigint). */
const handled = (runs: BudgetRuns) =>
  Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, { ...r, gas: Number(r.gas) }]));

function breakdowns(r: BenchResults) {
  return {
    deposit: r.deposit.breakdown,
    createVault: r.onboarding.breakdown,
    settle: r.settles.noIncomeBreakdown,
    release: r.release.breakdown,
    splitSettle: r.splitSettle.breakdown,
    splitAndPayFive: r.collectionDay.breakdown,
    settleWithIncome: r.settles.waitingBreakdown,
    plainTransferFrom: r.deposit.transferFromBreakdown,
  };
}

function depositJson({ deposit: d }: BenchResults) {
  return {
    gas: Number(d.deposit.gas),
    plainTransferFrom: Number(d.transferFromGas),
    ratio: d.ratio,
    target: DEPOSIT_TARGET,
    aim: DEPOSIT_AIM,
    met: d.ratio <= DEPOSIT_TARGET,
    aimMet: d.ratio <= DEPOSIT_AIM,
    events: eventCounts(d.deposit.events),
  };
}

function incomePathJson(r: BenchResults) {
  const { splitSettle, collectionDay: day } = r;
  return {
    splitsFundAndDistribute: Number(SPLITS_FUND_DISTRIBUTE),
    targetGas: Number(INCOME_PATH_TARGET),
    depositAndSplitSettle: {
      depositGas: Number(r.deposit.deposit.gas),
      settleGas: Number(splitSettle.settle.gas),
      gas: Number(r.depositAndSplitGas),
      ratio: Number(r.depositAndSplitGas) / Number(SPLITS_FUND_DISTRIBUTE),
      met: r.depositAndSplitGas <= INCOME_PATH_TARGET,
      settleEvents: eventCounts(splitSettle.settle.events),
      split: jsonSplit(splitSettle.split),
    },
    depositSplitAndPayFive: {
      depositGas: Number(day.deposit.gas),
      settleGas: Number(day.settle.gas),
      gas: Number(r.depositSplitPayFiveGas),
      ratio: Number(r.depositSplitPayFiveGas) / Number(SPLITS_FUND_DISTRIBUTE),
      met: r.depositSplitPayFiveGas <= INCOME_PATH_TARGET,
      creditorsPaid: count(day.settle.events, "CreditorPaid"),
      settleEvents: eventCounts(day.settle.events),
      plan: "collection day: the five creditors of the 5-bucket plan, all due on the 1st; deposit and settle on 1 March",
    },
  };
}

function onboardingAndSettlementJson({ onboarding: o, implementationDeployGas, settles: s }: BenchResults) {
  const onboarding = {
    createVaultGas: Number(o.gas),
    fullVaultDeployGas: Number(implementationDeployGas),
    target: Number(ONBOARDING_TARGET),
    met: o.gas <= ONBOARDING_TARGET,
  };
  const settlement = {
    gas: Number(s.noIncome.gas),
    fourPlainTransfers: Number(s.plainTransfersGas),
    ratio: s.ratio,
    target: SETTLE_TARGET,
    met: s.ratio <= SETTLE_TARGET,
    incomeWaiting: false,
    events: eventCounts(s.noIncome.events),
    withIncomeWaiting: {
      gas: Number(s.waiting.gas),
      events: eventCounts(s.waiting.events),
      ratio: s.waitingRatio,
      splitGas: Number(s.waiting.gas - s.noIncome.gas),
    },
  };
  return { onboarding, settlement };
}

function batchJson({ batch: { sizes, fit, runs } }: BenchResults) {
  return {
    runs: sizes.map((b) => ({
      size: b.size,
      gas: b.gas === null ? null : Number(b.gas),
      perHousehold: b.perHousehold,
      error: b.error,
    })),
    marginalGasPerHousehold: fit.slope,
    fixedGas: fit.intercept,
    gasPerVault: Number(fit.gasPerVault),
    fitsByGasIn30M: fit.fitsByGasIn30M,
    predictedIn30M: fit.predictedIn30M,
    predictedUnderOsakaCap: fit.predictedUnderOsakaCap,
    handled: handled(runs),
    target: BATCH_TARGET,
    entry: "settle() splits the month's waiting income and pays 4 creditors; release() pays the weeks due",
  };
}

function worstCaseJson({ worst, batch }: BenchResults) {
  return {
    description: worst.description,
    cases: worst.cases.map((c) => ({
      name: c.name,
      settle: Number(c.settle),
      release: Number(c.release),
      batchOfOne: Number(c.batchOfOne),
      shareOfGasPerVault: Number(c.batchOfOne) / Number(batch.fit.gasPerVault),
    })),
    batches: [worst.batch, worst.batch24].map((b) => ({ case: b.case, sent: b.sent, handled: handled(b.runs) })),
  };
}

function householdYearJson(r: BenchResults) {
  if (r.skipHouseholdYear) return null;
  return {
    // Each run's keeper.mode says which keeper ran; the end states (compared in the bench) are left out.
    runs: r.years.map(({ endState: _endState, ...y }) => ({
      ...y,
      ratio: y.gasPerHousehold / y.baselineGasPerHousehold,
      target: null,
      met: null,
    })),
  };
}

export function jsonReport(r: BenchResults, rows: Row[], targets: Target[]) {
  const { release } = r;
  return {
    network: { hardfork: r.hardfork, decimals: DECIMALS },
    breakdown: breakdowns(r),
    release: { gas: Number(release.gas), plainTransfer: Number(release.plainTransferGas), ratio: release.ratio },
    deposit: depositJson(r),
    incomePath: incomePathJson(r),
    ...onboardingAndSettlementJson(r),
    batch: batchJson(r),
    worstCase: worstCaseJson(r),
    householdYear: householdYearJson(r),
    targets,
    targetsMet: Object.fromEntries(rows.map((row) => [row.measure, row.met])),
  };
}
