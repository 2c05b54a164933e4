/**
 * The page's comparison of the three arms over one group of households (income covers the plan,
 * does not, all): one chart per topic, each followed by its numbers in a table.
 */
import { escapeHtml as esc } from "../book";
import { groupedBarChart, type GroupedBars } from "./report-charts";
import { days, eur, grouped, GROUP_LABELS, pct } from "./report-format";
import { armRow, armTable, mapArms, type ArmRow } from "./report-tables";
import {
  ARMS,
  CATEGORY_NAMES,
  type ArmFigures,
  type ArmName,
  type Bin,
  type Group,
  type SimulationReport,
} from "./types";

type Figures = Record<ArmName, ArmFigures>;

/** Table rows, one per chart group, each cell written from that group's value. */
function valueRows(groups: string[], values: Record<ArmName, number[]>, write: (v: number) => string): ArmRow[] {
  return groups.map((label, i) => ({ label, cells: mapArms(values, (v) => write(v[i])) }));
}

/** A chart and the table with its numbers right under it. */
function chartWithTable(chart: GroupedBars, table: string): string {
  return `<div class="chart">${groupedBarChart(chart)}</div>\n${table}`;
}

/** Every bin label any arm uses, in the order they first appear. */
function binLabels(figures: Figures, bins: (f: ArmFigures) => Bin[]): string[] {
  return [...new Set(ARMS.flatMap((arm) => bins(figures[arm]).map((b) => b.label)))];
}

function binCounts(f: ArmFigures, bins: (f: ArmFigures) => Bin[], labels: string[]): number[] {
  return labels.map((label) => bins(f).find((b) => b.label === label)?.count ?? 0);
}

function lateTopic(figures: Figures, group: string): string {
  const groups = ["any fixed cost", ...CATEGORY_NAMES];
  const values = mapArms(figures, (f) => [f.lateMonthShare, ...CATEGORY_NAMES.map((c) => f.lateShareByCategory[c])]);
  const title = `${group}: share of household-months with a fixed cost paid late, by creditor type and arm`;
  const rows = valueRows(groups, values, pct);
  return `<h3>Household-months paid late, by creditor type</h3>
${chartWithTable({ title, groups, values, unit: "share" }, armTable(title, "creditor type", rows))}`;
}

function daysLateTopic(figures: Figures, group: string): string {
  const histogram = (f: ArmFigures) => f.daysLate.histogram;
  const groups = binLabels(figures, histogram);
  const values = mapArms(figures, (f) => binCounts(f, histogram, groups));
  const title = `${group}: late payments by how many days late they were, per arm`;
  const binRows = valueRows(groups, values, (n) => grouped(n));
  const stats: ArmRow[] = [
    armRow("late payments", figures, (f) => grouped(f.daysLate.payments)),
    armRow("mean (days)", figures, (f) => days(f.daysLate.mean)),
    armRow("median (days)", figures, (f) => days(f.daysLate.p50)),
    armRow("95th percentile (days)", figures, (f) => days(f.daysLate.p95)),
    armRow("longest (days)", figures, (f) => days(f.daysLate.max)),
  ];
  return `<h3>Days late</h3>
${chartWithTable({ title, groups, values, unit: "count" }, armTable(title, "days late", binRows))}
${armTable(`${group}: days late, summed up`, "days late", stats)}`;
}

function arrearsTopic(figures: Figures, group: string): string {
  const groups = ["mean peak arrears", "mean arrears at a month's end", "collection costs per household"];
  const values = mapArms(figures, (f) => [
    f.arrears.meanPeak,
    f.arrears.meanAtMonthEnd,
    f.collectionCosts.meanPerHousehold,
  ]);
  const title = `${group}: arrears and collection costs in euros, per arm`;
  const rows = [
    ...valueRows(groups, values, eur),
    armRow("households in arrears at the year's end", figures, (f) => pct(f.arrears.householdsInArrearsAtEnd)),
    armRow("collection costs in total", figures, (f) => eur(f.collectionCosts.total)),
    armRow("households charged collection costs", figures, (f) => pct(f.collectionCosts.householdsCharged)),
  ];
  return `<h3>Arrears and collection costs</h3>
${chartWithTable({ title, groups, values, unit: "eur" }, armTable(title, "figure", rows))}`;
}

function livingMoneyTopic(figures: Figures, group: string): string {
  const histogram = (f: ArmFigures) => f.livingMoney.histogram;
  const groups = binLabels(figures, histogram);
  const counts = mapArms(figures, (f) => binCounts(f, histogram, groups));
  const values = mapArms(counts, (c) => c.map((n) => n / c.reduce((a, m) => a + m, 0)));
  const title = `${group}: weeks by the living money the resident had, as a share of the planned weekly amount, per arm`;
  const rows = groups.map((label, i) => ({
    label,
    cells: mapArms(counts, (c, arm) => `${grouped(c[i])} (${pct(values[arm][i])})`),
  }));
  return `<h3>Weekly living money</h3>
${chartWithTable({ title, groups, values, unit: "share" }, armTable(`${title} (weeks, share)`, "share of the plan", rows))}`;
}

function shortTopic(figures: Figures, group: string): string {
  const groups = ["weeks short of the plan", "variation of the weekly amount"];
  const values = mapArms(figures, (f) => [f.livingMoney.shareOfWeeksShort, f.livingMoney.meanVariation]);
  const title = `${group}: share of weeks short of the plan and the weekly amount's variation, per arm`;
  const rows = [
    armRow("weeks short per household-year", figures, (f) => grouped(f.livingMoney.weeksShortPerHousehold, 1)),
    armRow("share of weeks short", figures, (f) => pct(f.livingMoney.shareOfWeeksShort)),
    armRow("variation (mean coefficient of variation)", figures, (f) => pct(f.livingMoney.meanVariation)),
  ];
  return `<h3>Weeks short and how much the weekly amount varies</h3>
${chartWithTable({ title, groups, values, unit: "share" }, armTable(title, "figure", rows))}`;
}

function advancesTopic(figures: Figures, group: string): string {
  const groups = ["advance per household"];
  const values = mapArms(figures, (f) => [f.advances.meanPerHousehold]);
  const title = `${group}: municipal advances per household in euros, per arm`;
  const rows = [
    armRow("advances", figures, (f) => grouped(f.advances.count)),
    armRow("advanced in total", figures, (f) => eur(f.advances.total)),
    armRow("households needing one", figures, (f) => pct(f.advances.householdsNeeding)),
    armRow("advance per household", figures, (f) => eur(f.advances.meanPerHousehold)),
  ];
  return `<h3>Advances</h3>
${chartWithTable({ title, groups, values, unit: "eur" }, armTable(title, "figure", rows))}`;
}

const TOPICS = [lateTopic, daysLateTopic, arrearsTopic, livingMoneyTopic, shortTopic, advancesTopic];

/** The arms compared over one group; a group without households says so instead. */
export function groupSection(report: SimulationReport, group: Group): string {
  const figures: Figures = mapArms(report.arms, (byGroup) => byGroup[group]);
  const size = figures.bank;
  const label = GROUP_LABELS[group];
  const heading = `<h2 id="group-${group}">${esc(label)}: ${grouped(size.households)} households, ${grouped(size.householdMonths)} household-months</h2>`;
  if (size.households === 0) return `<section>\n${heading}\n<p>No households in this group.</p>\n</section>`;
  return `<section>\n${heading}\n${TOPICS.map((topic) => topic(figures, label)).join("\n")}\n</section>`;
}
