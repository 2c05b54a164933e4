/**
 * The summary the simulation prints when it is done: a fixed-width table, one column per arm, with
 * the headline (timing-caused arrears) and the main figures for covered households and for all,
 * then one line for the chain check and one for the run.
 */
import { days, eur, grouped, GROUP_LABELS, pct } from "./report-format";
import { mapArms } from "./report-tables";
import { ARMS, CATEGORY_NAMES, type ArmFigures, type ArmName, type SimulationReport } from "./types";

const LABEL_WIDTH = 44;
const COLUMN_WIDTH = 14;

/** A figure's label and how to write it from one arm's figures. */
type Row = [string, (f: ArmFigures) => string];

const MAIN_ROWS: Row[] = [
  ["household-months paid late", (f) => pct(f.lateMonthShare)],
  ...CATEGORY_NAMES.map((c): Row => [`  ${c} months paid late`, (f) => pct(f.lateShareByCategory[c])]),
  ["days late, mean", (f) => days(f.daysLate.mean)],
  ["days late, 95th percentile", (f) => days(f.daysLate.p95)],
  ["mean peak arrears", (f) => eur(f.arrears.meanPeak)],
  ["collection costs per household", (f) => eur(f.collectionCosts.meanPerHousehold)],
  ["weeks short per household", (f) => grouped(f.livingMoney.weeksShortPerHousehold, 1)],
  ["weekly variation (coefficient of variation)", (f) => pct(f.livingMoney.meanVariation)],
  ["advances per household", (f) => eur(f.advances.meanPerHousehold)],
  ["households needing an advance", (f) => pct(f.advances.householdsNeeding)],
];

function line(label: string, cells: string[]): string {
  return `  ${label.padEnd(LABEL_WIDTH)}${cells.map((c) => c.padStart(COLUMN_WIDTH)).join("")}`;
}

/** One figure per arm, on one line. */
function armLine<T>(label: string, byArm: Record<ArmName, T>, cell: (t: T) => string): string {
  return line(
    label,
    ARMS.map((arm) => cell(byArm[arm])),
  );
}

function figureLines(report: SimulationReport, group: "covered" | "all"): string[] {
  const byArm = mapArms(report.arms, (byGroup) => byGroup[group]);
  const title = `${GROUP_LABELS[group]} (${grouped(byArm.bank.households)} households)`;
  return ["", title, ...MAIN_ROWS.map(([label, cell]) => armLine(label, byArm, cell))];
}

function headlineLines(report: SimulationReport): string[] {
  const h = report.headline;
  return [
    "",
    `Timing-caused arrears (income covers the plan: ${grouped(report.population.covered)} households)`,
    armLine("household-months paid late", h, (x) => pct(x.lateMonthShare)),
    armLine("collection costs per household", h, (x) => eur(x.collectionCosts)),
    armLine("mean peak arrears", h, (x) => eur(x.meanPeakArrears)),
  ];
}

function chainLine(report: SimulationReport): string {
  const c = report.chain;
  const verdict = c.mismatches > 0 ? " FAILED" : "";
  return `chain replay: ${grouped(c.households.length)} household-years, ${grouped(c.mismatches)} mismatches${verdict}, ${grouped(c.householdYearsPerMinute, 1)} household-years/minute`;
}

/** The printed summary, lines joined with newlines (no trailing newline). */
export function summaryTable(report: SimulationReport): string {
  const s = report.settings;
  return [
    `Simulation: ${grouped(s.households)} household-years, ${s.year}, seed ${s.seed}`,
    line("", ARMS),
    ...headlineLines(report),
    ...figureLines(report, "covered"),
    ...figureLines(report, "all"),
    "",
    `vault buffer targets set from the forecast: ${grouped(report.population.bufferTargets.set)} of ${grouped(s.households)}`,
    chainLine(report),
    `model run: ${grouped(report.run.modelSeconds, 1)} s, ${grouped(report.run.householdYearsPerMinute, 1)} household-years/minute`,
  ].join("\n");
}
