/**
 * The simulation page's tables: every header cell scoped, every table captioned, so a screen
 * reader reads each number with its row and column.
 */
import { escapeHtml as esc } from "../book";
import { ARM_LABELS, grouped, pct } from "./report-format";
import { ARMS, type ArmName } from "./types";

/** A row of one figure per arm, already written out. */
export interface ArmRow {
  label: string;
  cells: Record<ArmName, string>;
}

/** The same thing done to each arm's part. */
export function mapArms<T, U>(byArm: Record<ArmName, T>, fn: (t: T, arm: ArmName) => U): Record<ArmName, U> {
  return { bank: fn(byArm.bank, "bank"), budget: fn(byArm.budget, "budget"), vault: fn(byArm.vault, "vault") };
}

/** A row whose cells are one figure read from each arm's part. */
export function armRow<T>(label: string, byArm: Record<ArmName, T>, cell: (t: T) => string): ArmRow {
  return { label, cells: mapArms(byArm, (t) => cell(t)) };
}

/** Figures down, arms across. */
export function armTable(caption: string, firstColumn: string, rows: ArmRow[]): string {
  const head = ARMS.map((arm) => `<th scope="col" class="n">${esc(ARM_LABELS[arm])}</th>`).join("");
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.label)}</th>${ARMS.map((arm) => `<td class="n">${esc(r.cells[arm])}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<table><caption>${esc(caption)}</caption>
<thead><tr><th scope="col">${esc(firstColumn)}</th>${head}</tr></thead>
<tbody>
${body}
</tbody></table>`;
}

/** Two columns: what, and its value (already written out). */
export function keyValueTable(caption: string, rows: [string, string][]): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join("\n");
  return `<table class="kv"><caption>${esc(caption)}</caption>
<tbody>
${body}
</tbody></table>`;
}

/** Households per kind, with their share of `total`. */
export function countTable(caption: string, kind: string, counts: [string, number][], total: number): string {
  const body = counts
    .map(
      ([k, n]) =>
        `<tr><th scope="row">${esc(k)}</th><td class="n">${grouped(n)}</td><td class="n">${pct(total > 0 ? n / total : NaN)}</td></tr>`,
    )
    .join("\n");
  return `<table><caption>${esc(caption)}</caption>
<thead><tr><th scope="col">${esc(kind)}</th><th scope="col" class="n">households</th><th scope="col" class="n">share</th></tr></thead>
<tbody>
${body}
</tbody></table>`;
}
