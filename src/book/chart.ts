import { DAY, isoDate, monthIndexOf, monthName, monthStart } from "../core";
import { Money } from "../core";
import type { Report } from "./report";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One stacked layer of the vault chart. */
interface Layer {
  key: string;
  label: string;
  color: string;
  value: (s: Report["samples"][number]) => bigint;
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

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
}

/**
 * The report as a page: a stacked-area chart of what the vault holds per bucket day by day (income
 * waiting for the keeper's next split included, so the stack is the vault's token balance), the
 * resident's weekly living money, the month table and the checks. Hand-written SVG, no scripts.
 */
export function renderHtml(report: Report, money: Money): string {
  const samples = report.samples;
  const eur = (x: string | bigint) => money.eur(BigInt(x));
  const num = (x: string | bigint) => money.num(BigInt(x));
  if (samples.length === 0) return "<!doctype html><title>empty</title><p>No samples.</p>";

  const bucketCodes = report.plan.initial.buckets.map((b) => b.code);
  const layers: Layer[] = [
    ...bucketCodes.map((code) => ({
      key: code,
      label: `${code.toLowerCase()} bucket`,
      color: BUCKET_COLORS[code] ?? "#999",
      value: (s: Report["samples"][number]) => BigInt(s.buckets[code] ?? "0"),
    })),
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

  const W = 1000;
  const H = 380;
  const m = { l: 70, r: 20, t: 20, b: 40 };
  const t0 = samples[0].t - DAY + 1;
  const t1 = samples[samples.length - 1].t;
  const x = (t: number) => m.l + ((t - t0) / (t1 - t0)) * (W - m.l - m.r);

  const totals = samples.map((s) => layers.reduce((acc, l) => acc + num(l.value(s)), 0));
  const advanceMax = Math.max(...samples.map((s) => num(s.advanceOutstanding)));
  const yMax = Math.max(...totals, advanceMax, 1) * 1.08;
  const step = niceStep(yMax, 6);
  const top = Math.ceil(yMax / step) * step;
  const y = (v: number) => H - m.b - (v / top) * (H - m.t - m.b);

  const monthLines: string[] = [];
  for (let mi = monthIndexOf(t0); monthStart(mi) <= t1; mi++) {
    const ms = monthStart(mi);
    if (ms >= t0) {
      monthLines.push(`<line x1="${x(ms)}" x2="${x(ms)}" y1="${m.t}" y2="${H - m.b}" class="grid"/>`);
    }
    const mid = Math.max(ms, t0) + (Math.min(monthStart(mi + 1), t1) - Math.max(ms, t0)) / 2;
    if (monthStart(mi + 1) - Math.max(ms, t0) > 10 * DAY) {
      monthLines.push(
        `<text x="${x(mid)}" y="${H - m.b + 16}" class="axis" text-anchor="middle">${monthName(mi).slice(0, 3)}${mi % 12 === 0 ? ` ${Math.floor(mi / 12)}` : ""}</text>`,
      );
    }
  }
  const yTicks: string[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) {
    yTicks.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
    yTicks.push(
      `<text x="${m.l - 8}" y="${y(v) + 4}" class="axis" text-anchor="end">€${v.toLocaleString("en-US")}</text>`,
    );
  }

  // Stacked areas as step functions: each sample holds for its whole day.
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
      `<polygon points="${[...upper, ...lower].join(" ")}" fill="${layer.color}" fill-opacity="0.85"><title>${esc(layer.label)}</title></polygon>`,
    );
    tops.forEach((v, i) => (base[i] = v));
  }
  const advancePath = samples
    .map(
      (s, i) =>
        `${i === 0 ? "M" : "L"}${x(s.t - DAY + 1).toFixed(1)},${y(num(s.advanceOutstanding)).toFixed(1)} L${x(s.t).toFixed(1)},${y(num(s.advanceOutstanding)).toFixed(1)}`,
    )
    .join(" ");
  const showAdvance = advanceMax > 0;

  const events = report.months.flatMap((mo) => mo.notes);
  const markers = events.map((e, i) => {
    const t = Date.parse(e.date) / 1000 + DAY / 2;
    return `<g><line x1="${x(t)}" x2="${x(t)}" y1="${m.t}" y2="${H - m.b}" class="event"/><circle cx="${x(t)}" cy="${m.t + 8}" r="8" class="marker"/><text x="${x(t)}" y="${m.t + 12}" class="marker-text" text-anchor="middle">${i + 1}</text><title>${esc(`${e.date}: ${e.text}`)}</title></g>`;
  });

  const legend = [
    ...layers.map((l) => ({ color: l.color, label: l.label, dash: false })),
    ...(showAdvance ? [{ color: "#b00020", label: "advance outstanding (owed)", dash: true }] : []),
  ]
    .map((l, i) => {
      const lx = m.l + (i % 4) * 230;
      const ly = 14 + Math.floor(i / 4) * 18;
      const swatch = l.dash
        ? `<line x1="${lx}" x2="${lx + 14}" y1="${ly - 4}" y2="${ly - 4}" stroke="${l.color}" stroke-width="2.5" stroke-dasharray="4 2"/>`
        : `<rect x="${lx}" y="${ly - 10}" width="14" height="12" fill="${l.color}"/>`;
      return `${swatch}<text x="${lx + 20}" y="${ly}" class="legend">${esc(l.label)}</text>`;
    })
    .join("");

  const vaultSvg = `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="What the vault holds, day by day">
<style>.grid{stroke:#e4e4e4;stroke-width:1}.axis{font:12px sans-serif;fill:#555}.event{stroke:#333;stroke-dasharray:3 3;stroke-width:1}.marker{fill:#fff;stroke:#333}.marker-text{font:bold 10px sans-serif;fill:#333}.legend{font:12px sans-serif;fill:#333}</style>
${yTicks.join("")}${monthLines.join("")}${areas.join("")}
${showAdvance ? `<path d="${advancePath}" fill="none" stroke="#b00020" stroke-width="2.5" stroke-dasharray="6 3"/>` : ""}
${markers.join("")}
<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#333"/>
</svg>
<svg viewBox="0 0 ${W} ${20 + Math.ceil((layers.length + 1) / 4) * 18}" width="100%">${legend}</svg>`;

  // The resident's side: every weekly payment (always whole weeks at the weekly amount), and
  // beside them the savings the resident withdrew.
  const H2 = 240;
  const releases = report.movements.filter((mv) => mv.kind === "living-money");
  const withdrawals = report.movements.filter((mv) => mv.kind === "savings-withdrawal");
  const weeklyPlan = money.num(money.units(report.plan.initial.weeklyLivingMoney));
  const maxRelease = Math.max(weeklyPlan, ...[...releases, ...withdrawals].map((r) => num(r.amount))) * 1.1;
  const step2 = niceStep(maxRelease, 4);
  const top2 = Math.ceil(maxRelease / step2) * step2;
  const y2 = (v: number) => H2 - m.b - (v / top2) * (H2 - m.t - m.b);
  const barW = Math.max(3, ((W - m.l - m.r) / ((t1 - t0) / DAY)) * 4);
  const bar = (r: (typeof releases)[number], color: string, title: string) => {
    const v = num(r.amount);
    const cx = x(r.timestamp) - barW / 2;
    return `<g><rect x="${cx.toFixed(1)}" y="${y2(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y2(0) - y2(v)).toFixed(1)}" fill="${color}"/><title>${esc(title)}</title></g>`;
  };
  const bars = [
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
  const ticks2: string[] = [];
  for (let v = 0; v <= top2 + 1e-9; v += step2) {
    ticks2.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y2(v)}" y2="${y2(v)}" class="grid"/>`);
    ticks2.push(
      `<text x="${m.l - 8}" y="${y2(v) + 4}" class="axis" text-anchor="end">€${v.toLocaleString("en-US")}</text>`,
    );
  }
  const monthTicks2 = monthLines.map((l) =>
    l.replace(/y2="\d+(\.\d+)?"/, `y2="${H2 - m.b}"`).replace(/y="\d+(\.\d+)?"/, `y="${H2 - m.b + 16}"`),
  );
  const residentSvg = `<svg viewBox="0 0 ${W} ${H2}" width="100%" role="img" aria-label="Living money paid to the resident">
<style>.grid{stroke:#e4e4e4;stroke-width:1}.axis{font:12px sans-serif;fill:#555}.legend{font:12px sans-serif;fill:#333}</style>
${ticks2.join("")}${monthTicks2.join("")}
<line x1="${m.l}" x2="${W - m.r}" y1="${y2(weeklyPlan)}" y2="${y2(weeklyPlan)}" stroke="#1b5e20" stroke-dasharray="5 4"/>
${bars.join("")}
<line x1="${m.l}" x2="${W - m.r}" y1="${H2 - m.b}" y2="${H2 - m.b}" stroke="#333"/>
<rect x="${m.l}" y="4" width="14" height="12" fill="#2e9e5b"/><text x="${m.l + 20}" y="14" class="legend">weekly living money</text>
<rect x="${m.l + 190}" y="4" width="14" height="12" fill="#7b61a8"/><text x="${m.l + 210}" y="14" class="legend">savings withdrawn by the resident</text>
<line x1="${m.l + 380}" x2="${m.l + 394}" y1="10" y2="10" stroke="#1b5e20" stroke-dasharray="5 4"/><text x="${m.l + 400}" y="14" class="legend">plan: ${esc(eur(money.units(report.plan.initial.weeklyLivingMoney)))} a week</text>
</svg>`;

  const rows = report.months
    .map((mo) => {
      const costs = mo.fixedCosts
        .map((p) => {
          const cls = p.status === "on-time" ? "ok" : "late";
          const when = p.status === "missed" ? "not paid" : p.daysLate ? `${p.daysLate}d late` : "on time";
          return `<span class="${cls}">${p.bucket} ${when}${p.deferred ? " (held)" : ""}</span>`;
        })
        .join(" ");
      return `<tr><td>${esc(mo.name)}</td><td class="n">${eur(mo.income.total)}</td><td>${costs}</td><td class="n">${mo.livingMoney.weeks} × = ${eur(mo.livingMoney.amount)}</td><td class="n">${eur(mo.savings.atEnd)}${BigInt(mo.savings.withdrawn) > 0n ? ` (${eur(mo.savings.withdrawn)} withdrawn)` : ""}</td><td class="n">${eur(mo.bufferAtEnd)}</td><td class="n">${eur(mo.advanceOutstandingAtEnd)}</td><td>${mo.shortfalls.length ? esc(mo.shortfalls.map((s) => s.detail).join("; ")) : ""}</td></tr>`;
    })
    .join("\n");
  const eventList = events.map((e) => `<li>${esc(e.date)}: ${esc(e.text)}</li>`).join("\n");
  const checks = report.checks
    .map((c) => `<li class="${c.ok ? "ok" : "late"}">${c.ok ? "✔" : "✘"} <b>${esc(c.name)}</b>: ${esc(c.detail)}</li>`)
    .join("\n");
  const c = report.conservation;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(report.scenario.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1060px;color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px}
.sub{color:#666;margin-top:0}table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}.n{text-align:right;white-space:nowrap}
.ok{color:#1b5e20}.late{color:#b00020;font-weight:600}span.ok,span.late{margin-right:8px;white-space:nowrap}
ol{padding-left:22px}code{font-size:12px}
</style></head><body>
<h1>${esc(report.scenario.title)}</h1>
<p class="sub">${esc(report.scenario.household.members.join(", "))} (fictitious; only a random household id is on chain) ·
${esc(report.scenario.start.slice(0, 10))} to ${esc(report.scenario.end.slice(0, 10))} · network ${esc(report.network.name)} ·
${report.stats.transactions} transactions in ${report.stats.wallSeconds.toFixed(1)} s</p>
<h2>What the vault holds, day by day</h2>
${vaultSvg}
<ol>${eventList}</ol>
<h2>Living money paid to ${esc(report.scenario.household.resident)}</h2>
${residentSvg}
<h2>Month by month</h2>
<table><tr><th>month</th><th class="n">income</th><th>fixed costs</th><th class="n">living money</th><th class="n">savings at end</th><th class="n">buffer at end</th><th class="n">advance owed</th><th>shortfalls</th></tr>
${rows}</table>
<h2>Checks</h2>
<ul>${checks}</ul>
<p>Conservation: in ${eur(c.in.total)} = out ${eur(c.out.total)} + held ${eur(c.held)}.
Built from the chain's Transfer logs and the vault's events; the JSON report beside this file has every movement.</p>
<p class="sub">vault <code>${esc(report.vault)}</code> · household id <code>${esc(report.householdId)}</code></p>
</body></html>
`;
}
