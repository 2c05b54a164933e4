/** The report's table: one row per measure, with its baseline, target and a note on what it measured. */
import { formatUnits } from "ethers";
import type { HouseholdYearResult } from "../scenario";
import {
  BATCH_TARGET,
  DECIMALS,
  DEPOSIT_AIM,
  DEPOSIT_TARGET,
  INCOME_AMOUNT,
  INCOME_PATH_TARGET,
  MAX_BATCH,
  ONBOARDING_TARGET,
  SETTLE_TARGET,
  SPLITS_FUND_DISTRIBUTE,
} from "./constants";
import { describeRun } from "./batch";
import { describeSplit, fmt } from "./format";
import type { BenchResults } from "./run";

export interface Row {
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
  note: string;
}

const SPLITS_BASELINE = `${fmt(SPLITS_FUND_DISTRIBUTE)} (0xSplits v2 fund + distribute, 5 recipients)`;
const income = formatUnits(INCOME_AMOUNT, DECIMALS);

function depositRow({ deposit: d }: BenchResults): Row {
  const aimGas = BigInt(Math.floor(Number(d.transferFromGas) * DEPOSIT_AIM));
  return {
    measure: "Tagged deposit (pull and tag only), 5-bucket vault, second month",
    value: fmt(d.deposit.gas),
    baseline: `${fmt(d.transferFromGas)} (plain transferFrom)`,
    ratio: d.ratio.toFixed(2),
    target: `≤ ${DEPOSIT_TARGET}`,
    met: d.ratio <= DEPOSIT_TARGET,
    note:
      `IncomeReceived(SVB, ${income}) and no Allocated: the income waits in the vault ` +
      `(accounts().unallocated) for the keeper's next call. The ${DEPOSIT_AIM} aim is ` +
      `${d.ratio <= DEPOSIT_AIM ? "met" : `**not met** (${fmt(d.deposit.gas)} against ${fmt(aimGas)})`}. ` +
      "Warm state: the vault, payer and recipient balances are nonzero.",
  };
}

function depositAndSplitRow(r: BenchResults): Row {
  const gas = r.depositAndSplitGas;
  return {
    measure: "Deposit + the keeper's settle() that splits it over 5 buckets (nothing due that day)",
    value: fmt(gas),
    baseline: SPLITS_BASELINE,
    ratio: (Number(gas) / Number(SPLITS_FUND_DISTRIBUTE)).toFixed(2),
    target: `≤ ${fmt(INCOME_PATH_TARGET)} gas`,
    met: gas <= INCOME_PATH_TARGET,
    note:
      `Deposit ${fmt(r.deposit.deposit.gas)} + settle ${fmt(r.splitSettle.settle.gas)} (10 February, next due date the 15th: one ` +
      `Allocated(Income, ${income}), no CreditorPaid). Split: ${describeSplit(r.splitSettle.split)}. ` +
      "The 0xSplits figure is issue 8's (v2, fund plus distribute to 5 recipients, same kind of network and token).",
  };
}

function payFiveRow(r: BenchResults): Row {
  const gas = r.depositSplitPayFiveGas;
  return {
    measure: "Deposit + the keeper's settle() that splits it and pays all 5 creditors",
    value: fmt(gas),
    baseline: SPLITS_BASELINE,
    ratio: (Number(gas) / Number(SPLITS_FUND_DISTRIBUTE)).toFixed(2),
    target: "comparison",
    met: null,
    note:
      `A comparison, not a target: ≤ ${fmt(INCOME_PATH_TARGET)} gas is the issue's ${fmt(INCOME_PATH_TARGET)} read as ` +
      `including five payouts (${fmt(gas)}, ` +
      `${gas <= INCOME_PATH_TARGET ? "within it" : `${fmt(gas - INCOME_PATH_TARGET)} over`}). ` +
      "The issue's 204,000 is 1.5 × 0xSplits' fund + distribute; a settle that pays creditors is measured separately against " +
      "0.92 × four plain transfers, so the income-path target counts the split (deposit + the settle that splits), and this " +
      "like-for-like row is shown for honesty with its gap. " +
      `Deposit ${fmt(r.collectionDay.deposit.gas)} + settle ${fmt(r.collectionDay.settle.gas)} (one Allocated(Income), 5 CreditorPaid). ` +
      "Like for like with 0xSplits' fund + distribute to 5 recipients: a collection-day plan (the same five creditors and " +
      "amounts, all due on the 1st, as Nibud proposes one fixed collection day right after income arrives); March's income " +
      "is deposited on 1 March at 09:00 and the keeper's settle runs after it, second month (February was paid on 1 February). " +
      "A keeper that ran before the income arrived would pay the 1st from money split earlier and split this income a day later.",
  };
}

function settleRows(r: BenchResults): Row[] {
  const s = r.settles;
  const baseline = `${fmt(s.plainTransfersGas)} (4 plain transfer transactions)`;
  return [
    {
      measure: "Monthly settle paying 4 creditors, no income waiting, second month",
      value: fmt(s.noIncome.gas),
      baseline,
      ratio: s.ratio.toFixed(2),
      target: `≤ ${SETTLE_TARGET}`,
      met: s.ratio <= SETTLE_TARGET,
      note:
        "5 March: rent and insurance (1st), energy (5th), February's water (20th). February's income was deposited on " +
        `10 February and split by a keeper settle() that day (${fmt(r.settleVaultSplit.gas)} gas); this settle emits no Allocated.`,
    },
    {
      measure: "The same settle with the month's income waiting (split + pay 4)",
      value: fmt(s.waiting.gas),
      baseline,
      ratio: s.waitingRatio.toFixed(2),
      target: "",
      met: null,
      note:
        `February's income deposited on 10 February and split by this call: one Allocated(Income), 4 CreditorPaid; ` +
        `the split adds ${fmt(s.waiting.gas - s.noIncome.gas)} gas to the settle above.`,
    },
  ];
}

function releaseAndOnboardingRows({ release, onboarding: o, implementationDeployGas }: BenchResults): Row[] {
  const b = o.breakdown;
  return [
    {
      measure: "Weekly release of living money (1 week, no fixed cost due), second month",
      value: fmt(release.gas),
      baseline: `${fmt(release.plainTransferGas)} (plain transfer)`,
      ratio: release.ratio.toFixed(2),
      target: "",
      met: null,
      note: "",
    },
    {
      measure: "Onboarding: factory.createVault (clone + initialise, 5 buckets)",
      value: fmt(o.gas),
      baseline: `${fmt(implementationDeployGas)} (deploying HouseholdVault itself)`,
      ratio: (Number(o.gas) / Number(implementationDeployGas)).toFixed(2),
      target: `≤ ${fmt(ONBOARDING_TARGET)} gas`,
      met: o.gas <= ONBOARDING_TARGET,
      note:
        `Storage writes ${fmt(b.sstore)} (${b.sstoreCount}, ${b.sstoreFresh} fresh slots), ` +
        `reads ${fmt(b.sload)}, calls, clone creation and code deposit ${fmt(b.calls)}, ` +
        `intrinsic ${fmt(b.intrinsic)}, other ${fmt(b.other)}.`,
    },
  ];
}

function batchRow({ batch }: BenchResults): Row {
  const { fit, runs } = batch;
  const confirmed = runs["30M"];
  const largestMeasured = fit.largestMeasuredIn30M;
  return {
    measure: "Households per settleAndReleaseMany within 30,000,000 gas",
    value: `${confirmed.released} of ${batch.sent} sent`,
    baseline: `${Math.round(fit.slope).toLocaleString("en-US")} gas per household (marginal)`,
    ratio: "",
    target: `≥ ${BATCH_TARGET}`,
    met: confirmed.released >= BATCH_TARGET && confirmed.failedCalls.length === 0,
    note:
      "Each entry's settle() splits the February income waiting since 10 February (one Allocated), pays 4 creditors, " +
      "and its release() pays the resident the weeks due. " +
      `Largest measured batch within 30M: ${largestMeasured.length ? Math.max(...largestMeasured) : "none"}. ` +
      `By gas alone ~${fit.fitsByGasIn30M} would fit (MAX_BATCH ${MAX_BATCH}); the batch starts a vault only while ` +
      `GAS_PER_VAULT = ${fmt(fit.gasPerVault)} is left, which predicts ${fit.largest}. Sent with gasLimit 30,000,000: ` +
      `${describeRun(confirmed)}, ${fmt(confirmed.gas)} gas. Under Osaka's per-transaction cap of 2^24 gas (EIP-7825): ` +
      `predicted ${fit.predictedUnderOsakaCap}; sent: ${describeRun(runs["2^24"])}, ${fmt(runs["2^24"].gas)} gas.`,
  };
}

/** What the keeper did in a household-year run, and for the "when due" keeper how it compares. */
function keeperNote(y: HouseholdYearResult, daily: HouseholdYearResult | undefined): string {
  if (y.keeper.mode === "daily") return ` (every day the keeper ran: ${y.keeper.daysRun})`;
  return (
    ` on ${y.keeper.daysCalled} of the ${y.keeper.daysRun} days the keeper ran, over ${fmt(y.keeper.vaultCalls)} ` +
    `vaults in all, after ${fmt(y.keeper.viewReads)} nextKeeperCallAt() reads (eth_call, no gas); keeper gas ` +
    `${fmt(Math.round(y.byKind.keeper.gasPerHousehold))} per household` +
    (daily
      ? ` against the daily keeper's ${fmt(Math.round(daily.byKind.keeper.gasPerHousehold))}; every household ends ` +
        "in the same state as with the daily keeper (buckets, accounts, living money, claimable, balances: checked)"
      : "")
  );
}

function householdYearRow(y: HouseholdYearResult, years: HouseholdYearResult[]): Row {
  const ratio = y.gasPerHousehold / y.baselineGasPerHousehold;
  const households = `${y.households} household${y.households === 1 ? "" : "s"}`;
  const daily = years.find((r) => r.keeper.mode === "daily" && r.households === y.households);
  return {
    measure:
      y.keeper.mode === "daily"
        ? `Gas per household-year, keeper batch size ${y.batchSize} (${households}, per household)`
        : `Gas per household-year, keeper only when nextKeeperCallAt() says so, batch size ${y.batchSize} (${households}, per household)`,
    value: fmt(Math.round(y.gasPerHousehold)),
    baseline: `${fmt(Math.round(y.baselineGasPerHousehold))} (the same money movements as plain transfers)`,
    ratio: ratio.toFixed(2),
    target: "",
    met: null,
    note:
      `${y.scenario}, ${y.from} to ${y.to} (${y.months} months): ${fmt(y.transactions)} transactions counted for ` +
      `${y.households} household${y.households === 1 ? "" : "s"} (deposits, keeper batches, plan changes, claims and the ` +
      `resident's own calls; not vault creation, minting or the issuer's calls), ${y.keeper.calls} keeper calls` +
      keeperNote(y, daily) +
      `. Wall time ${y.wallSeconds.toFixed(0)} s.`,
  };
}

export function buildRows(r: BenchResults): Row[] {
  return [
    depositRow(r),
    depositAndSplitRow(r),
    payFiveRow(r),
    ...settleRows(r),
    ...releaseAndOnboardingRows(r),
    batchRow(r),
    ...r.years.map((y) => householdYearRow(y, r.years)),
  ];
}
