/**
 * The report page's two SVG charts: the vault's accounts day by day (stacked areas with due dates
 * and shocks marked) and what the resident received week by week.
 */
import { DAY, isoDate, Money, monthIndexOf, monthName, monthStart } from "../core";
import { escapeHtml } from "./html";
import type { Report } from "./report";

type Sample = Report["samples"][number];
type Note = Report["months"][number]["notes"][number];

/** One stacked layer of the vault chart. */
interface Layer {
  key: string;
  label: string;
  color: string;
  value: (s: Sample) => bigint;
}

const BUCKET_COLORS: Record<string, string> = {
  RENT: "#1f6f8b",
  INSURANCE: "#6a4c93",
  ENERGY: "#e07a1f",
  WATER: "#3aa0d8",
  TELECOM: "#8d6e63",
  TAXES: "#546e7a",
  DEBT: "#b23a48",
  OTHER: "#9e9e9e",
};

/** The layers above the buckets, bottom to top. */
const ACCOUNT_LAYERS: Layer[] = [
  { key: "living", label: "living money reserved", color: "#2e9e5b", value: (s) => BigInt(s.livingMoney) },
  { key: "buffer", label: "buffer", color: "#f2c14e", value: (s) => BigInt(s.buffer) },
  { key: "savings", label: "savings (resident's)", color: "#a7d49b", value: (s) => BigInt(s.savings) },
  {
    key: "held",
    label: "held for others (claims, repayments)",
    color: "#d1495b",
    value: (s) => BigInt(s.claimable) + BigInt(s.repaymentHeld),
  },
  // Income waits in the vault (unallocated) until the keeper's next call splits it.
  {
    key: "waiting",
    label: "income waiting for the keeper",
    color: "#c7c7c7",
    value: (s) => BigInt(s.unallocated),
  },
];

/** Both charts' width and margins (SVG user units). */
const W = 1000;
const M = { l: 70, r: 20, t: 20, b: 40 };
const VAULT_HEIGHT = 380;
const RESIDENT_HEIGHT = 240;

/** The time axis both charts share: from the first sample's day to the last. */
export interface TimeAxis {
  t0: number;
  t1: number;
  x: (t: number) => number;
}

/** A value axis: `top` euros at the top, a grid line every `step`. */
interface ValueAxis {
  step: number;
  top: number;
  y: (v: number) => number;
}

export function timeAxis(samples: Sample[]): TimeAxis {
  const t0 = samples[0].t - DAY + 1;
  const t1 = samples[samples.length - 1].t;
  return { t0, t1, x: (t) => M.l + ((t - t0) / (t1 - t0)) * (W - M.l - M.r) };
}

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
}

function valueAxis(max: number, ticks: number, height: number): ValueAxis {
  const step = niceStep(max, ticks);
  const top = Math.ceil(max / step) * step;
  return { step, top, y: (v) => height - M.b - (v / top) * (height - M.t - M.b) };
}

/** Horizontal grid lines with their euro labels. */
function valueTicks({ step, top, y }: ValueAxis): string[] {
  const ticks: string[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) {
    ticks.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
    ticks.push(
      `<text x="${M.l - 8}" y="${y(v) + 4}" class="axis" text-anchor="end">€${v.toLocaleString("en-US")}</text>`,
    );
  }
  return ticks;
}

/** A grid line at each month's start and the month's name under it (if it shows more than ten days). */
function monthTicks({ t0, t1, x }: TimeAxis, height: number): string[] {
  const ticks: string[] = [];
  for (let mi = monthIndexOf(t0); monthStart(mi) <= t1; mi++) {
    const ms = monthStart(mi);
    if (ms >= t0) ticks.push(`<line x1="${x(ms)}" x2="${x(ms)}" y1="${M.t}" y2="${height - M.b}" class="grid"/>`);
    const mid = Math.max(ms, t0) + (Math.min(monthStart(mi + 1), t1) - Math.max(ms, t0)) / 2;
    if (monthStart(mi + 1) - Math.max(ms, t0) > 10 * DAY) {
      ticks.push(
        `<text x="${x(mid)}" y="${height - M.b + 16}" class="axis" text-anchor="middle">${monthName(mi).slice(0, 3)}${mi % 12 === 0 ? ` ${Math.floor(mi / 12)}` : ""}</text>`,
      );
    }
  }
  return ticks;
}

/**
 * What the vault holds per bucket day by day (income waiting for the keeper's next split included,
 * so the stack is the vault's token balance), the advance it owes, and the scenario's events.
 */
export function vaultChart(report: Report, money: Money, axis: TimeAxis, events: Note[]): string {
  const samples = report.samples;
  const num = (x: bigint) => money.num(x);
  const layers = [...report.plan.initial.buckets.map((b) => bucketLayer(b.code)), ...ACCOUNT_LAYERS];
  const totals = samples.map((s) => layers.reduce((acc, l) => acc + num(l.value(s)), 0));
  const advanceMax = Math.max(...samples.map((s) => num(BigInt(s.advanceOutstanding))));
  const ys = valueAxis(Math.max(...totals, advanceMax, 1) * 1.08, 6, VAULT_HEIGHT);
  const showAdvance = advanceMax > 0;
  const advance = showAdvance
    ? `<path d="${advancePath(samples, axis, ys, num)}" fill="none" stroke="#b00020" stroke-width="2.5" stroke-dasharray="6 3"/>`
    : "";
  const H = VAULT_HEIGHT;
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="What the vault holds, day by day">
<style>.grid{stroke:#e4e4e4;stroke-width:1}.axis{font:12px sans-serif;fill:#555}.event{stroke:#333;stroke-dasharray:3 3;stroke-width:1}.marker{fill:#fff;stroke:#333}.marker-text{font:bold 10px sans-serif;fill:#333}.legend{font:12px sans-serif;fill:#333}</style>
${valueTicks(ys).join("")}${monthTicks(axis, H).join("")}${stackedAreas(samples, layers, axis, ys, num).join("")}
${advance}
${eventMarkers(events, axis).join("")}
<line x1="${M.l}" x2="${W - M.r}" y1="${H - M.b}" y2="${H - M.b}" stroke="#333"/>
</svg>
<svg viewBox="0 0 ${W} ${20 + Math.ceil((layers.length + 1) / 4) * 18}" width="100%">${legend(layers, showAdvance)}</svg>`;
}

function bucketLayer(code: string): Layer {
  return {
    key: code,
    label: `${code.toLowerCase()} bucket`,
    color: BUCKET_COLORS[code] ?? "#999",
    value: (s) => BigInt(s.buckets[code] ?? "0"),
  };
}

/** Stacked areas as step functions: each sample holds for its whole day. Empty layers are left out. */
function stackedAreas(
  samples: Sample[],
  layers: Layer[],
  { x }: TimeAxis,
  { y }: ValueAxis,
  num: (x: bigint) => number,
): string[] {
  const areas: string[] = [];
  const base = samples.map(() => 0);
  for (const layer of layers) {
    const tops = samples.map((s, i) => base[i] + num(layer.value(s)));
    if (tops.every((v, i) => v === base[i])) continue;
    const upper: string[] = [];
    const lower: string[] = [];
    samples.forEach((s, i) => {
      const a = x(s.t - DAY + 1);
      const b = x(s.t);
      upper.push(`${a.toFixed(1)},${y(tops[i]).toFixed(1)}`, `${b.toFixed(1)},${y(tops[i]).toFixed(1)}`);
      lower.unshift(`${b.toFixed(1)},${y(base[i]).toFixed(1)}`, `${a.toFixed(1)},${y(base[i]).toFixed(1)}`);
    });
    areas.push(
      `<polygon points="${[...upper, ...lower].join(" ")}" fill="${layer.color}" fill-opacity="0.85"><title>${escapeHtml(layer.label)}</title></polygon>`,
    );
    tops.forEach((v, i) => (base[i] = v));
  }
  return areas;
}

/** The advance outstanding as a step line over the days. */
function advancePath(samples: Sample[], { x }: TimeAxis, { y }: ValueAxis, num: (x: bigint) => number): string {
  return samples
    .map((s, i) => {
      const v = y(num(BigInt(s.advanceOutstanding))).toFixed(1);
      return `${i === 0 ? "M" : "L"}${x(s.t - DAY + 1).toFixed(1)},${v} L${x(s.t).toFixed(1)},${v}`;
    })
    .join(" ");
}

/** A numbered marker at midday of each event, numbered as in the list under the chart. */
function eventMarkers(events: Note[], { x }: TimeAxis): string[] {
  return events.map((e, i) => {
    const t = Date.parse(e.date) / 1000 + DAY / 2;
    return `<g><line x1="${x(t)}" x2="${x(t)}" y1="${M.t}" y2="${VAULT_HEIGHT - M.b}" class="event"/><circle cx="${x(t)}" cy="${M.t + 8}" r="8" class="marker"/><text x="${x(t)}" y="${M.t + 12}" class="marker-text" text-anchor="middle">${i + 1}</text><title>${escapeHtml(`${e.date}: ${e.text}`)}</title></g>`;
  });
}

/** Four entries a row: the layers' swatches, and the advance's dashed line when it shows. */
function legend(layers: Layer[], showAdvance: boolean): string {
  return [
    ...layers.map((l) => ({ color: l.color, label: l.label, dash: false })),
    ...(showAdvance ? [{ color: "#b00020", label: "advance outstanding (owed)", dash: true }] : []),
  ]
    .map((l, i) => {
      const lx = M.l + (i % 4) * 230;
      const ly = 14 + Math.floor(i / 4) * 18;
      const swatch = l.dash
        ? `<line x1="${lx}" x2="${lx + 14}" y1="${ly - 4}" y2="${ly - 4}" stroke="${l.color}" stroke-width="2.5" stroke-dasharray="4 2"/>`
        : `<rect x="${lx}" y="${ly - 10}" width="14" height="12" fill="${l.color}"/>`;
      return `${swatch}<text x="${lx + 20}" y="${ly}" class="legend">${escapeHtml(l.label)}</text>`;
    })
    .join("");
}

/**
 * The resident's side: every weekly payment (always whole weeks at the weekly amount), and beside
 * them the savings the resident withdrew.
 */
export function residentChart(report: Report, money: Money, axis: TimeAxis): string {
  const H = RESIDENT_HEIGHT;
  const num = (x: string) => money.num(BigInt(x));
  const releases = report.movements.filter((mv) => mv.kind === "living-money");
  const withdrawals = report.movements.filter((mv) => mv.kind === "savings-withdrawal");
  const weekly = money.units(report.plan.initial.weeklyLivingMoney);
  const weeklyPlan = money.num(weekly);
  const ys = valueAxis(Math.max(weeklyPlan, ...[...releases, ...withdrawals].map((r) => num(r.amount))) * 1.1, 4, H);
  const y = ys.y;
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Living money paid to the resident">
<style>.grid{stroke:#e4e4e4;stroke-width:1}.axis{font:12px sans-serif;fill:#555}.legend{font:12px sans-serif;fill:#333}</style>
${valueTicks(ys).join("")}${monthTicks(axis, H).join("")}
<line x1="${M.l}" x2="${W - M.r}" y1="${y(weeklyPlan)}" y2="${y(weeklyPlan)}" stroke="#1b5e20" stroke-dasharray="5 4"/>
${residentBars(releases, withdrawals, money, axis, ys).join("")}
<line x1="${M.l}" x2="${W - M.r}" y1="${H - M.b}" y2="${H - M.b}" stroke="#333"/>
<rect x="${M.l}" y="4" width="14" height="12" fill="#2e9e5b"/><text x="${M.l + 20}" y="14" class="legend">weekly living money</text>
<rect x="${M.l + 190}" y="4" width="14" height="12" fill="#7b61a8"/><text x="${M.l + 210}" y="14" class="legend">savings withdrawn by the resident</text>
<line x1="${M.l + 380}" x2="${M.l + 394}" y1="10" y2="10" stroke="#1b5e20" stroke-dasharray="5 4"/><text x="${M.l + 400}" y="14" class="legend">plan: ${escapeHtml(money.eur(weekly))} a week</text>
</svg>`;
}

/** One bar per payment to the resident, each about four days wide so a week's bar is visible. */
function residentBars(
  releases: Report["movements"],
  withdrawals: Report["movements"],
  money: Money,
  { t0, t1, x }: TimeAxis,
  { y }: ValueAxis,
): string[] {
  const eur = (v: string) => money.eur(BigInt(v));
  const barW = Math.max(3, ((W - M.l - M.r) / ((t1 - t0) / DAY)) * 4);
  const bar = (r: Report["movements"][number], color: string, title: string) => {
    const v = money.num(BigInt(r.amount));
    const cx = x(r.timestamp) - barW / 2;
    return `<g><rect x="${cx.toFixed(1)}" y="${y(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${color}"/><title>${escapeHtml(title)}</title></g>`;
  };
  return [
    ...releases.map((r) =>
      bar(
        r,
        "#2e9e5b",
        `${isoDate(r.timestamp)}: living money ${eur(r.amount)} (${r.weeks ?? 1} week${r.weeks === 1 ? "" : "s"})`,
      ),
    ),
    ...withdrawals.map((r) =>
      bar(r, "#7b61a8", `${isoDate(r.timestamp)}: savings withdrawn by the resident ${eur(r.amount)}`),
    ),
  ];
}
