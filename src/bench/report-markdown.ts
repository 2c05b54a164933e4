/** reports/gas-benchmark.md: the table of measures, the targets, keeper batches, the worst case, notes and traces. */
import { BLOCK_BUDGET, DECIMALS, OSAKA_TX_CAP } from "./constants";
import { describeRun, type BudgetRuns } from "./batch";
import { fmt } from "./format";
import { householdYearSection } from "./household-year-section";
import { limits } from "./limits";
import type { Row } from "./rows";
import type { BenchResults } from "./run";
import type { Target } from "./targets";

function measuresTable(hardfork: string, rows: Row[]): string[] {
  const md = ["# Gas benchmark", ""];
  md.push(
    `In-process Hardhat network, hardfork ${hardfork}, solc 0.8.28 (optimizer 200 runs), EuroToken with ${DECIMALS} decimals.`,
    "Every figure is a whole transaction's `gasUsed` from its receipt, in warm second-month state.",
    "A deposit only pulls and tags the income (IncomeReceived); the next keeper call splits what waits (Allocated, Source.Income).",
    "",
  );
  md.push("| measure | gas | baseline | ratio | target | met |", "| --- | ---: | --- | ---: | --- | --- |");
  for (const r of rows) {
    md.push(
      `| ${r.measure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === null ? "" : r.met ? "yes" : "**no**"} |`,
    );
  }
  return md;
}

function targetsTable(targets: Target[]): string[] {
  const md = ["", "## Targets (issue 8)", ""];
  md.push("| id | measure | value | target | met |", "| --- | --- | ---: | --- | --- |");
  for (const t of targets) {
    const v = t.unit === "ratio" ? t.value.toFixed(2) : fmt(t.value);
    const goal = `${t.comparison === "<=" ? "≤" : "≥"} ${t.unit === "ratio" ? t.target : fmt(t.target)}${t.unit === "ratio" ? "×" : t.unit === "gas" ? " gas" : ""}`;
    md.push(
      `| ${t.id}${t.kind === "aim" ? " (aim)" : ""} | ${t.measure} | ${v} | ${goal} | ${t.kind === "comparison" ? "comparison" : t.met ? "yes" : "**no**"} |`,
    );
  }
  return md;
}

function batchTable({ batch }: BenchResults): string[] {
  const md = [
    "",
    "## Keeper batch (settle + release per household: the waiting income split, all 4 creditors and the resident paid)",
    "",
  ];
  md.push("| households | gas | gas per household | within 30M | within 2^24 |", "| ---: | ---: | ---: | --- | --- |");
  for (const b of batch.sizes) {
    md.push(
      b.gas === null
        ? `| ${b.size} | failed: ${b.error} | | | |`
        : `| ${b.size} | ${fmt(b.gas)} | ${Math.round(b.perHousehold!).toLocaleString("en-US")} | ${b.gas <= BLOCK_BUDGET ? "yes" : "no"} | ${b.gas <= OSAKA_TX_CAP ? "yes" : "no"} |`,
    );
  }
  return md;
}

function worstCaseSection({ worst, batch }: BenchResults): string[] {
  const gasPerVault = batch.fit.gasPerVault;
  const md = [
    "",
    `## Worst-case vault against GAS_PER_VAULT = ${fmt(gasPerVault)}`,
    "",
    worst.description,
    "",
    "| case | settle() | release() | settle() + release() | one batch entry (batch of 1) | share of GAS_PER_VAULT |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const c of worst.cases) {
    md.push(
      `| ${c.name} | ${fmt(c.settle)} | ${fmt(c.release)} | ${fmt(c.settle + c.release)} | ${fmt(c.batchOfOne)} | ${((Number(c.batchOfOne) / Number(gasPerVault)) * 100).toFixed(0)}% |`,
    );
  }
  md.push("");
  for (const c of worst.cases) {
    // What the vault uses inside a batch: the batch of one less the transaction's own base cost.
    const inBatch = c.batchOfOne - 21_000n;
    md.push(
      `- ${c.name}: about ${fmt(inBatch)} gas inside a batch, ` +
        (inBatch <= gasPerVault
          ? `${fmt(gasPerVault - inBatch)} below GAS_PER_VAULT.`
          : `**${fmt(inBatch - gasPerVault)} above GAS_PER_VAULT**: a batch that starts this vault with less left than it needs ` +
            "sees a call run out of gas; the call fails alone (KeeperCallFailed, rolled back), the batch goes on or stops cleanly, " +
            "and the next batch catches the vault up."),
    );
  }
  md.push(
    "",
    "A vault more than 12 months behind costs more than one settle() because release() settles again whenever a month is " +
      "still due (fixed costs first): one batch entry then processes up to 24 months.",
  );
  return md;
}

/** One row of the vaults-per-batch table: the batch sent with both gas limits. */
function runsRow(label: string, sent: number, runs: BudgetRuns): string {
  const [full, cap] = [runs["30M"], runs["2^24"]];
  return `| ${label} | ${sent} | ${describeRun(full)} | ${fmt(full.gas)} | ${describeRun(cap)} | ${fmt(cap.gas)} |`;
}

function vaultsPerBatchTable({ batch, worst }: BenchResults): string[] {
  return [
    "",
    "## Vaults per keeper batch",
    "",
    "Counted from real transactions: the batch is sent with the gas limit and handles vaults until less than GAS_PER_VAULT is left (KeeperBatchStopped).",
    "",
    "| vaults | sent | with gasLimit 30,000,000 | gas used | with gasLimit 2^24 | gas used |",
    "| --- | ---: | --- | ---: | --- | ---: |",
    runsRow("ordinary (4 creditors, warm, second month, income waiting)", batch.sent, batch.runs),
    runsRow(`worst case (${worst.cases[0].name})`, worst.batch.sent, worst.batch.runs),
    runsRow(`worst case (${worst.cases[worst.cases.length - 1].name})`, worst.batch24.sent, worst.batch24.runs),
  ];
}

function notes(rows: Row[]): string[] {
  const md = ["", "## Notes", ""];
  for (const r of rows) if (r.note) md.push(`- **${r.measure}**: ${r.note}`);
  return md;
}

function traceTable(r: BenchResults): string[] {
  const md = ["", "## Where the gas goes (opcode trace of the measured transactions)", ""];
  md.push(
    "| transaction | total | intrinsic (21,000 + calldata) | SSTORE | SLOAD | LOG | EXTCODECOPY (clone args) | calls, creates, code deposit | other (arithmetic, memory, hashing) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  const traced = [
    ["deposit (pull and tag, 5-bucket vault)", r.deposit.breakdown],
    ["settle that splits (5 buckets, nothing due)", r.splitSettle.breakdown],
    ["settle that splits and pays 5 (collection day)", r.collectionDay.breakdown],
    ["settle paying 4, no income waiting", r.settles.noIncomeBreakdown],
    ["settle paying 4, income waiting (split + pay)", r.settles.waitingBreakdown],
    ["release (1 week)", r.release.breakdown],
    ["createVault (5 buckets)", r.onboarding.breakdown],
    ["plain transferFrom (the deposit's baseline)", r.deposit.transferFromBreakdown],
  ] as const;
  for (const [name, b] of traced) {
    md.push(
      `| ${name} | ${fmt(b.total)} | ${fmt(b.intrinsic)} | ${fmt(b.sstore)} (${b.sstoreCount}×, ${b.sstoreFresh} fresh) | ${fmt(b.sload)} (${b.sloadCount}×) | ${fmt(b.log)} | ${fmt(b.extcodecopy)} (${b.extcodecopyCount}×) | ${fmt(b.calls)} | ${fmt(b.other)} |`,
    );
  }
  md.push(
    "",
    'Every opcode is counted at its own cost at every depth (inside the token and the factory too); "calls" is what is ' +
      "left: the call opcodes' own cost (cold or warm account access), less any refund.",
  );
  return md;
}

export function markdownReport(r: BenchResults, rows: Row[], targets: Target[]): string {
  const md = [
    ...measuresTable(r.hardfork, rows),
    ...targetsTable(targets),
    ...batchTable(r),
    ...worstCaseSection(r),
    ...vaultsPerBatchTable(r),
    ...householdYearSection(r.years),
    ...notes(rows),
    ...traceTable(r),
    ...limits(targets, r),
  ];
  if (!rows.some((row) => row.met === false)) md.push("", "All targets met.");
  return md.join("\n") + "\n";
}
