/**
 * The simulation's page: one self-contained HTML file (no scripts, no external assets) with the
 * headline, the settings, the population, the arms compared per group of households, the chain
 * check and the run. Every chart is followed by its numbers in a table.
 */
import { escapeHtml as esc } from "../book";
import { eur, grouped, GROUP_LABELS, pct } from "./report-format";
import { groupSection } from "./report-groups";
import { armRow, armTable, countTable, keyValueTable } from "./report-tables";
import { SHOCKS, type Group, type ShockName, type SimulationReport } from "./types";

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:24px auto;max-width:1060px;color:#1a1a1a;background:#fff;padding:0 16px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:36px;border-bottom:1px solid #ccc}h3{font-size:16px;margin-top:24px}
.sub{color:#4a4a4a;margin-top:0}table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0 16px}
caption{text-align:left;font-size:13px;color:#4a4a4a;padding-bottom:4px}
td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}.n{text-align:right;white-space:nowrap}
table.kv{width:auto}.chart{margin-top:8px}
.grid{stroke:#ddd;stroke-width:1}.baseline{stroke:#333}.axis{font:12px sans-serif;fill:#444}.legend{font:13px sans-serif;fill:#1a1a1a}
.ok{color:#1b5e20}.fail{color:#fff;background:#b00020;padding:10px 14px;font-weight:700;font-size:17px;border-radius:4px}
strong.fail{padding:1px 8px;font-size:inherit}`;

const SHOCK_LABELS: Record<ShockName, string> = {
  "toeslagen-late": "toeslagen paid late",
  reclaim: "toeslagen reclaimed",
  "late-first-bijstand": "first bijstand payment late",
  "one-off-cost": "an unplanned one-off cost",
  "energy-change": "energy instalment changed",
};

/** Covered first: their arrears are caused by timing alone, the question the simulation asks. */
const GROUP_ORDER: Group[] = ["covered", "notCovered", "all"];

/** The page. */
export function simulationHtml(report: SimulationReport): string {
  const s = report.settings;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulation: ${grouped(s.households)} household-years, ${s.year}</title>
<style>
${STYLE}
</style></head><body>
<main>
<h1>Simulation: ${grouped(s.households)} household-years in ${s.year}, three ways</h1>
<p class="sub">The same households and the same money, run through a bank account with direct debits, budget management by hand, and the household vault.</p>
${report.chain.mismatches > 0 ? `<p class="fail" role="alert">${mismatchText(report)}</p>` : ""}
${headlineSection(report)}
${settingsSection(report)}
${populationSection(report)}
${GROUP_ORDER.map((g) => groupSection(report, g)).join("\n")}
${chainSection(report)}
${runSection(report)}
</main>
</body></html>
`;
}

function mismatchText(report: SimulationReport): string {
  const c = report.chain;
  return `Chain check FAILED: ${grouped(c.mismatches)} mismatch${c.mismatches === 1 ? "" : "es"} between the model and the EVM in ${grouped(c.households.length)} household-years replayed.`;
}

function headlineSection(report: SimulationReport): string {
  const h = report.headline;
  return `<section>
<h2 id="headline">Timing-caused arrears</h2>
<p>Households whose income over the year covers their plan (${grouped(report.population.covered)} of ${grouped(report.settings.households)}): whatever they pay late, they pay late because of when money arrives, not how much.</p>
${armTable("Timing-caused arrears per arm (households whose income covers their plan)", "figure", [
  armRow("household-months with a fixed cost paid late", h, (x) => pct(x.lateMonthShare)),
  armRow("collection costs per household", h, (x) => eur(x.collectionCosts)),
  armRow("mean peak arrears", h, (x) => eur(x.meanPeakArrears)),
])}
</section>`;
}

function settingsSection(report: SimulationReport): string {
  const s = report.settings;
  return `<section>
<h2 id="settings">Settings</h2>
${keyValueTable("The run's settings", [
  ["households", grouped(s.households)],
  ["seed", String(s.seed)],
  ["year", String(s.year)],
  ["population file", s.populationFile],
  ["chain sample", `${grouped(s.chainSample)} household-years`],
  ["workers", grouped(s.workers)],
])}
</section>`;
}

function populationSection(report: SimulationReport): string {
  const p = report.population;
  const total = report.settings.households;
  return `<section>
<h2 id="population">Population</h2>
<h3>Household types</h3>
${countTable("Households by type", "household type", Object.entries(p.byType), total)}
<h3>Municipal pay-day schemes</h3>
${countTable("Households by their municipality's pay-day scheme", "pay-day scheme", Object.entries(p.byMunicipality), total)}
<h3>Shocks</h3>
${countTable(
  "Households hit by each shock (a household can have several)",
  "shock",
  SHOCKS.map((k) => [SHOCK_LABELS[k], p.shocks[k] ?? 0]),
  total,
)}
<h3>Income against the plan</h3>
${countTable(
  "Households whose income over the year covers their plan",
  "group",
  [
    [GROUP_LABELS.covered, p.covered],
    [GROUP_LABELS.notCovered, p.notCovered],
  ],
  total,
)}
<h3>The vault's buffer target</h3>
<p>Vaults whose coach set the buffer target the forecast recommended on 1 January: ${grouped(p.bufferTargets.set)} of ${grouped(total)}${p.bufferTargets.set > 0 ? `, ${eur(p.bufferTargets.meanEuros)} on average` : ""}. The others kept no target: the forecast found none that keeps every payment and week on time in its three months (see docs/simulation.md).</p>
</section>`;
}

function chainSection(report: SimulationReport): string {
  const c = report.chain;
  const verdict =
    c.mismatches > 0
      ? `<strong class="fail">FAILED: ${grouped(c.mismatches)}</strong>`
      : `<strong class="ok">✔ 0: the EVM matched the model to the unit</strong>`;
  const listed = c.firstMismatches.length
    ? `<h3>First mismatches</h3>\n<ol>${c.firstMismatches.map((m) => `<li><code>${esc(m)}</code></li>`).join("\n")}</ol>`
    : "";
  return `<section>
<h2 id="chain">Chain check</h2>
<p>A random sample of household-years was replayed on the EVM (an in-process Hardhat network); each must match the model to the unit.</p>
<p>Mismatches: ${verdict}</p>
${keyValueTable("The chain replay", [
  ["sample size", `${grouped(c.sample)} household-years`],
  ["households replayed", `${grouped(c.households.length)}: ${c.households.join(", ")}`],
  ["mismatches", grouped(c.mismatches)],
  ["replay time", `${grouped(c.seconds, 1)} s`],
  ["throughput", `${grouped(c.householdYearsPerMinute, 1)} household-years per minute`],
])}
${listed}
</section>`;
}

function runSection(report: SimulationReport): string {
  const r = report.run;
  return `<section>
<h2 id="run">The run</h2>
${keyValueTable("The model's run (all arms, all households)", [
  ["model time", `${grouped(r.modelSeconds, 1)} s`],
  ["throughput", `${grouped(r.householdYearsPerMinute, 1)} household-years per minute`],
  ["workers", grouped(report.settings.workers)],
])}
</section>`;
}
