/** The report's HTML page: charts, the month table and the checks. */
import type { Money } from "../core";
import { residentChart, timeAxis, vaultChart } from "./chart";
import { escapeHtml as esc } from "./html";
import type { Report } from "./report";

/** Token units (a string or a bigint) as euros. */
type Eur = (x: string | bigint) => string;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1060px;color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px}
.sub{color:#666;margin-top:0}table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}.n{text-align:right;white-space:nowrap}
.ok{color:#1b5e20}.late{color:#b00020;font-weight:600}span.ok,span.late{margin-right:8px;white-space:nowrap}
ol{padding-left:22px}code{font-size:12px}`;

/**
 * The report as a page: a stacked-area chart of what the vault holds per bucket day by day, the
 * resident's weekly living money, the month table and the checks. Hand-written SVG, no scripts.
 */
export function renderHtml(report: Report, money: Money): string {
  const eur: Eur = (x) => money.eur(BigInt(x));
  if (report.samples.length === 0) return "<!doctype html><title>empty</title><p>No samples.</p>";
  const axis = timeAxis(report.samples);
  const events = report.months.flatMap((mo) => mo.notes);
  const c = report.conservation;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(report.scenario.title)}</title>
<style>
${STYLE}
</style></head><body>
<h1>${esc(report.scenario.title)}</h1>
<p class="sub">${esc(report.scenario.household.members.join(", "))} (fictitious; only a random household id is on chain) ·
${esc(report.scenario.start.slice(0, 10))} to ${esc(report.scenario.end.slice(0, 10))} · network ${esc(report.network.name)} ·
${report.stats.transactions} transactions in ${report.stats.wallSeconds.toFixed(1)} s</p>
<h2>What the vault holds, day by day</h2>
${vaultChart(report, money, axis, events)}
<ol>${events.map((e) => `<li>${esc(e.date)}: ${esc(e.text)}</li>`).join("\n")}</ol>
<h2>Living money paid to ${esc(report.scenario.household.resident)}</h2>
${residentChart(report, money, axis)}
<h2>Month by month</h2>
<table><tr><th>month</th><th class="n">income</th><th>fixed costs</th><th class="n">living money</th><th class="n">savings at end</th><th class="n">buffer at end</th><th class="n">advance owed</th><th>shortfalls</th></tr>
${report.months.map((mo) => monthRow(mo, eur)).join("\n")}</table>
<h2>Checks</h2>
<ul>${checkItems(report)}</ul>
<p>Conservation: in ${eur(c.in.total)} = out ${eur(c.out.total)} + held ${eur(c.held)}.
Built from the chain's Transfer logs and the vault's events; the JSON report beside this file has every movement.</p>
<p class="sub">vault <code>${esc(report.vault)}</code> · household id <code>${esc(report.householdId)}</code></p>
</body></html>
`;
}

function monthRow(mo: Report["months"][number], eur: Eur): string {
  const costs = mo.fixedCosts
    .map((p) => {
      const cls = p.status === "on-time" ? "ok" : "late";
      const when = p.status === "missed" ? "not paid" : p.daysLate ? `${p.daysLate}d late` : "on time";
      return `<span class="${cls}">${p.bucket} ${when}${p.deferred ? " (held)" : ""}</span>`;
    })
    .join(" ");
  const withdrawn = BigInt(mo.savings.withdrawn) > 0n ? ` (${eur(mo.savings.withdrawn)} withdrawn)` : "";
  const shortfalls = mo.shortfalls.length ? esc(mo.shortfalls.map((s) => s.detail).join("; ")) : "";
  return `<tr><td>${esc(mo.name)}</td><td class="n">${eur(mo.income.total)}</td><td>${costs}</td><td class="n">${mo.livingMoney.weeks} × = ${eur(mo.livingMoney.amount)}</td><td class="n">${eur(mo.savings.atEnd)}${withdrawn}</td><td class="n">${eur(mo.bufferAtEnd)}</td><td class="n">${eur(mo.advanceOutstandingAtEnd)}</td><td>${shortfalls}</td></tr>`;
}

function checkItems(report: Report): string {
  return report.checks
    .map((c) => `<li class="${c.ok ? "ok" : "late"}">${c.ok ? "✔" : "✘"} <b>${esc(c.name)}</b>: ${esc(c.detail)}</li>`)
    .join("\n");
}
