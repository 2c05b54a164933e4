/** The terminal text of one month of the run: income, payments, living money, balances, notes. */
import type { Ledger } from "../chain";
import { Money, monthKey, shortDate } from "../core";
import type { PlanSpec } from "../scenario";
import { MonthSummary, summarizeMonth } from "./month";
import type { Sample } from "./sample";

/** Token units (a string or a bigint) as euros. */
type Eur = (x: string | bigint) => string;

const SOURCE_LABEL: Record<string, string> = {
  WorkAndIncome: "W&I",
  Toeslagen: "Toeslagen",
  SVB: "SVB",
  MunicipalAdvance: "advance",
  Untagged: "plain transfer",
  OtherPayer: "other",
};

/** The terminal block for one month. */
export function formatMonth(
  m: number,
  ledger: Ledger,
  samples: Sample[],
  plan: PlanSpec,
  money: Money,
  notes: { t: number; text: string }[],
  bufferTarget: bigint,
): string {
  const s = summarizeMonth(m, ledger, samples, notes);
  const eur: Eur = (x) => money.eur(BigInt(x));
  return [
    `━━ ${s.name} ${"━".repeat(Math.max(4, 70 - s.name.length))}`,
    incomeLine(s, eur),
    splitLine(s, eur),
    ...fixedCostLines(s, m, eur),
    livingMoneyLine(s, money.units(plan.weeklyLivingMoney), eur),
    savingsLine(s, eur),
    `  buffer        ${eur(s.bufferAtEnd)} at month end (target ${eur(bufferTarget)}), drawn ${eur(s.bufferDrawn)} this month`,
    advanceLine(s, eur),
    `  shortfalls    ${s.shortfalls.length === 0 ? "none" : s.shortfalls.map((x) => `${shortDate(Date.parse(x.date) / 1000)} ${x.detail}`).join("; ")}`,
  ].join("\n");
}

function incomeLine(s: MonthSummary, eur: Eur): string {
  const sources = Object.entries(s.income.bySource)
    .map(([k, v]) => `${SOURCE_LABEL[k] ?? k} ${eur(v)}`)
    .join(" · ");
  return `  income        ${eur(s.income.total).padEnd(11)} ${sources || "none"}`;
}

/** Income waits in the vault until the keeper's next call splits it (waterfall at that moment). */
function splitLine(s: MonthSummary, eur: Eur): string {
  const waiting = BigInt(s.split.waitingAtEnd);
  const callers = Object.entries(s.split.callsBy).sort((a, b) => b[1] - a[1]);
  const calls = `${s.split.calls} call${s.split.calls === 1 ? "" : "s"}`;
  const by =
    callers.length === 1 && callers[0][0] === "keeper"
      ? `in ${s.split.calls} keeper ${calls.split(" ")[1]}`
      : `in ${calls}${callers.length ? ` (${callers.map(([role, n]) => `${n} by the ${role}`).join(", ")})` : ""}`;
  return (
    `  split         ${eur(s.split.amount).padEnd(11)} ${by}` +
    (waiting > 0n ? `; ${eur(waiting)} still waiting at month end` : "")
  );
}

/** Two payments a line. */
function fixedCostLines(s: MonthSummary, m: number, eur: Eur): string[] {
  const costs = s.fixedCosts.map((p) => fixedCostText(p, m, eur));
  if (costs.length === 0) costs.push("nothing due");
  const lines = [`  fixed costs   ${costs.slice(0, 2).join(" · ")}`];
  for (let i = 2; i < costs.length; i += 2) lines.push(`                ${costs.slice(i, i + 2).join(" · ")}`);
  return lines;
}

function fixedCostText(p: MonthSummary["fixedCosts"][number], m: number, eur: Eur): string {
  const when =
    p.status === "missed"
      ? "NOT PAID (arrears)"
      : `${shortDate(p.paidAt!)} ${p.daysLate ? `${p.daysLate} day${p.daysLate > 1 ? "s" : ""} LATE` : "on time"}`;
  const held = p.deferred
    ? p.claimedAt
      ? `, held until claimed ${shortDate(p.claimedAt)}`
      : ", held as claimable"
    : "";
  const forMonth = p.monthIndex === m ? "" : ` for ${monthKey(p.monthIndex)}`;
  return `${p.bucket} ${eur(p.amount === "0" ? 0n : p.amount)}${forMonth} ${when}${held}`;
}

function livingMoneyLine(s: MonthSummary, weekly: bigint, eur: Eur): string {
  const weeks = s.livingMoney.weeks;
  return `  living money  ${weeks} week${weeks === 1 ? "" : "s"} × ${eur(weekly)} = ${eur(s.livingMoney.amount)}`;
}

function savingsLine(s: MonthSummary, eur: Eur): string {
  const moves = [
    BigInt(s.savings.added) > 0n ? `+${eur(s.savings.added)} saved` : "",
    BigInt(s.savings.used) > 0n ? `${eur(s.savings.used)} covered weeks that fell short` : "",
    BigInt(s.savings.withdrawn) > 0n ? `${eur(s.savings.withdrawn)} withdrawn by the resident` : "",
  ].filter((x) => x !== "");
  return `  savings       ${eur(s.savings.atEnd)} at month end${moves.length ? `, ${moves.join(", ")}` : ""}`;
}

function advanceLine(s: MonthSummary, eur: Eur): string {
  const adv = BigInt(s.advanced) > 0n ? `, advanced ${eur(s.advanced)}` : "";
  const rep = BigInt(s.repaid) > 0n ? `, repaid ${eur(s.repaid)}` : "";
  return `  advance       outstanding ${eur(s.advanceOutstandingAtEnd)}${adv}${rep}`;
}
