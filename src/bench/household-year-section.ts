/** The markdown section on gas per household-year: by kind, per household, for each run. */
import { GAS_KINDS, type HouseholdYearResult } from "../scenario";
import { fmt } from "./format";

const keeperName = (y: HouseholdYearResult) => (y.keeper.mode === "daily" ? "daily" : "when due");
/** A count per household, with a decimal only when it does not divide evenly. */
const per = (n: number, y: HouseholdYearResult) => (n / y.households).toFixed(n % y.households === 0 ? 0 : 1);

function introduction(years: HouseholdYearResult[]): string {
  const y0 = years[0];
  return (
    `The ${y0.scenario} scenario's year (${y0.months} months), run for ${years.map((y) => y.households).join(", ")} ` +
    "identical households side by side, each its own vault, on the same chain one size after another, each size's " +
    "two keepers from the same chain state (the same year) " +
    `(${years.map((y) => `${y.from} to ${y.to}`).join("; ")}); the keeper calls settleAndReleaseMany over batches as ` +
    "large as the households (the split of waiting income happens there): the daily keeper every day over every vault, " +
    'the keeper "when due" only over the vaults whose nextKeeperCallAt() (read each day by eth_call, no gas) has come, ' +
    "and not at all on a day without work. Both end every household in the same state (checked). The sum of gasUsed " +
    "over every transaction of the year, per household; not counted: vault creation, minting test euros and the token " +
    "issuer's calls. The baseline is the same money movements as plain token transfers (each a measured transfer)."
  );
}

/** One column pair (transactions | gas) per run, a row per kind of transaction, then the totals. */
function runsTable(years: HouseholdYearResult[]): string[] {
  const out = [
    `| kind | ${years.map((y) => `${keeperName(y)}, batch ${y.batchSize}: transactions | gas`).join(" | ")} |`,
    `| --- | ${years.map(() => "---: | ---:").join(" | ")} |`,
  ];
  for (const kind of GAS_KINDS) {
    if (years.every((y) => y.byKind[kind].transactions === 0)) continue;
    out.push(
      `| ${kind} | ${years.map((y) => `${per(y.byKind[kind].transactions, y)} | ${fmt(Math.round(y.byKind[kind].gasPerHousehold))}`).join(" | ")} |`,
    );
  }
  out.push(
    `| **per household-year** | ${years.map((y) => `${per(y.transactions, y)} | **${fmt(Math.round(y.gasPerHousehold))}**`).join(" | ")} |`,
    `| plain-transfer baseline | ${years.map((y) => `${y.baselineTransfers.reduce((s, t) => s + t.perHousehold, 0)} | ${fmt(Math.round(y.baselineGasPerHousehold))}`).join(" | ")} |`,
    `| ratio | ${years.map((y) => ` | ${(y.gasPerHousehold / y.baselineGasPerHousehold).toFixed(2)}`).join(" | ")} |`,
    `| keeper: days called / days run | ${years.map((y) => `${y.keeper.daysCalled} / ${y.keeper.daysRun} | `).join(" | ")} |`,
    `| keeper: calls (all households) | ${years.map((y) => `${fmt(y.keeper.calls)} | `).join(" | ")} |`,
    `| wall time | ${years.map((y) => `${y.wallSeconds.toFixed(0)} s | `).join(" | ")} |`,
  );
  return out;
}

function baselineTable(y0: HouseholdYearResult): string[] {
  const out = [
    "Transactions and gas per household. The baseline's transfers, per household-year:",
    "",
    "| kind | who pays whom | transfers | gas each | gas |",
    "| --- | --- | ---: | ---: | ---: |",
  ];
  for (const t of y0.baselineTransfers) {
    out.push(
      `| ${t.kind} | ${t.description} | ${t.perHousehold} | ${fmt(Math.round(t.gasPerTransfer))} | ${fmt(Math.round(t.gasPerHousehold))} |`,
    );
  }
  return out;
}

export function householdYearSection(years: HouseholdYearResult[]): string[] {
  const out = ["", "## Gas per household-year (the family scenario's year)", ""];
  if (years.length === 0) {
    out.push("Not measured in this run (BENCH_HOUSEHOLD_YEAR=skip).");
    return out;
  }
  return [...out, introduction(years), "", ...runsTable(years), "", ...baselineTable(years[0])];
}
