/**
 * The simulation page's charts: grouped bars, one bar per arm in each group (a creditor type, a
 * histogram bin, a figure). Hand-written SVG as src/book draws its charts; the page's style sheet
 * gives the classes their look, so a chart carries no style of its own.
 */
import { escapeHtml as esc } from "../book";
import { ARM_LABELS, formatUnit, grouped, type Unit } from "./report-format";
import { ARMS, type ArmName } from "./types";

export interface GroupedBars {
  /** What the chart shows: its <title> and accessible name. */
  title: string;
  /** The groups along the x axis, left to right. */
  groups: string[];
  /** Per arm, one value per group. */
  values: Record<ArmName, number[]>;
  unit: Unit;
}

/** Dark enough for 4.5:1 against white, and apart from each other for colour-blind readers. */
export const ARM_COLORS: Record<ArmName, string> = { bank: "#b35806", budget: "#542788", vault: "#1b7837" };

const W = 800;
const H = 320;
const M = { l: 76, r: 16, t: 48, b: 56 };
/** The widest a bar gets, so a chart of one or two groups does not draw slabs. */
const MAX_BAR_WIDTH = 56;
/** About how wide one character of the axis font is, for wrapping the group names. */
const CHAR_WIDTH = 7.5;
/** The axis's top when every bar is zero, so the empty chart still has a scale. */
const EMPTY_TOP: Record<Unit, number> = { share: 0.1, eur: 10, days: 1, count: 1, decimal: 1 };

interface ValueAxis {
  step: number;
  top: number;
  y: (v: number) => number;
}

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
}

function valueAxis(values: number[], unit: Unit): ValueAxis {
  const max = Math.max(0, ...values.filter(Number.isFinite));
  const scale = max > 0 ? max : EMPTY_TOP[unit];
  const step = niceStep(scale, 5);
  const top = Math.ceil(scale / step - 1e-9) * step;
  return { step, top, y: (v) => H - M.b - (v / top) * (H - M.t - M.b) };
}

/** A tick's label: as short as the step allows ("20 %", "€250", "2.5"). */
function tickLabel(v: number, step: number, unit: Unit): string {
  const decimals = (scaled: number) => (Number.isInteger(Math.round(scaled * 1000) / 1000) ? 0 : 1);
  if (unit === "share") return `${grouped(v * 100, decimals(step * 100))} %`;
  if (unit === "eur") return `€${grouped(v, decimals(step))}`;
  return grouped(v, decimals(step));
}

function valueTicks({ step, top, y }: ValueAxis, unit: Unit): string {
  const ticks: string[] = [];
  for (let i = 0; i * step <= top + 1e-9; i++) {
    const v = i * step;
    ticks.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    ticks.push(
      `<text x="${M.l - 8}" y="${(y(v) + 4).toFixed(1)}" class="axis" text-anchor="end">${tickLabel(v, step, unit)}</text>`,
    );
  }
  return ticks.join("");
}

/** Words packed into lines of at most `chars` characters (a longer word gets a line of its own). */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= chars) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Group names under the axis, wrapped to their group's width. */
function groupLabels(groups: string[]): string {
  const width = (W - M.l - M.r) / groups.length;
  const chars = Math.max(4, Math.floor(width / CHAR_WIDTH));
  return groups
    .map((g, i) => {
      const x = (M.l + (i + 0.5) * width).toFixed(1);
      const lines = wrap(g, chars).map((line, k) => `<tspan x="${x}" dy="${k === 0 ? 0 : 14}">${esc(line)}</tspan>`);
      return `<text x="${x}" y="${H - M.b + 16}" class="axis" text-anchor="middle">${lines.join("")}</text>`;
    })
    .join("");
}

/** One bar per arm per group; a value that could not be computed draws no bar. */
function bars(chart: GroupedBars, { y }: ValueAxis): string {
  const width = (W - M.l - M.r) / chart.groups.length;
  const barWidth = Math.min((width * 0.8) / ARMS.length, MAX_BAR_WIDTH);
  const inset = (width - barWidth * ARMS.length) / 2;
  return chart.groups
    .flatMap((g, gi) =>
      ARMS.map((arm, ai) => {
        const v = chart.values[arm][gi];
        if (!Number.isFinite(v)) return "";
        const x = M.l + gi * width + inset + ai * barWidth;
        const label = `${ARM_LABELS[arm]}, ${g}: ${formatUnit(v, chart.unit)}`;
        return `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${ARM_COLORS[arm]}"><title>${esc(label)}</title></rect>`;
      }),
    )
    .join("");
}

function legend(): string {
  return ARMS.map((arm, i) => {
    const x = M.l + i * 220;
    return `<rect x="${x}" y="8" width="14" height="14" fill="${ARM_COLORS[arm]}"/><text x="${x + 20}" y="20" class="legend">${esc(ARM_LABELS[arm])}</text>`;
  }).join("");
}

/** The chart as an image with its title as accessible name; the page puts its numbers in a table under it. */
export function groupedBarChart(chart: GroupedBars): string {
  const axis = valueAxis(
    ARMS.flatMap((arm) => chart.values[arm]),
    chart.unit,
  );
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(chart.title)}"><title>${esc(chart.title)}</title>
${legend()}${valueTicks(axis, chart.unit)}${bars(chart, axis)}
<line x1="${M.l}" x2="${W - M.r}" y1="${H - M.b}" y2="${H - M.b}" class="baseline"/>${groupLabels(chart.groups)}
</svg>`;
}
