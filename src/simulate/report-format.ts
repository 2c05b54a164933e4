/**
 * How the simulation's reports write their numbers (the page and the printed summary alike):
 * shares as "12.3 %", euros as "€1,234.56", days with one decimal. A figure that could not be
 * computed (a mean over no households) shows as a dash rather than "NaN".
 */
import type { ArmName, Group } from "./types";

/** What a figure counts, and so how it is written. */
export type Unit = "share" | "eur" | "days" | "count" | "decimal";

const NONE = "–";

export const ARM_LABELS: Record<ArmName, string> = {
  bank: "bank account",
  budget: "budget management",
  vault: "household vault",
};

export const GROUP_LABELS: Record<Group, string> = {
  covered: "Income covers the plan",
  notCovered: "Income does not cover the plan",
  all: "All households",
};

/** Digits with a comma every three places: 1234567.5 -> "1,234,567.5". */
export function grouped(n: number, decimals = 0): string {
  if (!Number.isFinite(n)) return NONE;
  const [whole, fraction] = Math.abs(n).toFixed(decimals).split(".");
  // A negative that rounds to zero is written without its sign.
  const sign = n < 0 && /[1-9]/.test(whole + (fraction ?? "")) ? "-" : "";
  return sign + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction ? `.${fraction}` : "");
}

/** A share 0..1 as a percentage with one decimal: 0.1234 -> "12.3 %". */
export function pct(share: number): string {
  return Number.isFinite(share) ? `${grouped(share * 100, 1)} %` : NONE;
}

/** Euros (a number with cents) as "€1,234.56"; negative as "-€12.00". */
export function eur(euros: number): string {
  if (!Number.isFinite(euros)) return NONE;
  const text = grouped(euros, 2);
  return text.startsWith("-") ? `-€${text.slice(1)}` : `€${text}`;
}

/** Days with one decimal: 4.25 -> "4.3". */
export function days(n: number): string {
  return grouped(n, 1);
}

export function formatUnit(value: number, unit: Unit): string {
  switch (unit) {
    case "share":
      return pct(value);
    case "eur":
      return eur(value);
    case "days":
      return days(value);
    case "count":
      return grouped(value);
    case "decimal":
      return grouped(value, 1);
  }
}
