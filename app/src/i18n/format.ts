/**
 * Amounts and dates as people read them. The vault counts days in UTC (a due date is 00:00 UTC), so
 * dates are shown in UTC too: the same day the contract means.
 */
import { formatUnits, parseUnits } from "ethers";
import type { Lang } from "./lang";

const LOCALE: Record<Lang, string> = { nl: "nl-NL", en: "en-GB" };

export interface Formatter {
  lang: Lang;
  /** Token units as euros: "€ 1.234,56" (nl), "€1,234.56" (en). */
  euro(units: bigint): string;
  /** A time (seconds) as a date: "1 december 2026". */
  date(seconds: number | bigint): string;
  /** A short date: "ma 1 dec." */
  shortDate(seconds: number | bigint): string;
  /** A month index of the vault (year * 12 + month - 1) as "december 2026". */
  month(index: number): string;
  /** An address or id, shortened for reading: 0x1234…abcd. */
  short(hex: string): string;
}

export function formatter(lang: Lang, decimals: number): Formatter {
  const money = new Intl.NumberFormat(LOCALE[lang], { style: "currency", currency: "EUR" });
  const long = new Intl.DateTimeFormat(LOCALE[lang], {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  const brief = new Intl.DateTimeFormat(LOCALE[lang], {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  const monthYear = new Intl.DateTimeFormat(LOCALE[lang], { month: "long", year: "numeric", timeZone: "UTC" });
  return {
    lang,
    euro: (units) => money.format(Number(formatUnits(units, decimals))),
    date: (s) => long.format(new Date(Number(s) * 1000)),
    shortDate: (s) => brief.format(new Date(Number(s) * 1000)),
    month: (index) => monthYear.format(new Date(Date.UTC(Math.floor(index / 12), index % 12, 1))),
    short: (hex) => `${hex.slice(0, 6)}…${hex.slice(-4)}`,
  };
}

/**
 * A euro amount typed by a person as token units; undefined when it is not an amount. Accepted:
 * "1234", "12,50" or "12.50" (one or two decimals), and thousands written "1.234,56" (Dutch) or
 * "1,234.56" (English); a euro sign and spaces are ignored.
 */
export function parseEuro(text: string, decimals: number): bigint | undefined {
  const t = text.trim().replace(/^€/, "").replace(/\s/g, "");
  const plain = t.match(/^(\d{1,12})(?:[.,](\d{1,2}))?$/);
  const dutch = t.match(/^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/);
  const english = t.match(/^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/);
  const m = plain ?? dutch ?? english;
  if (!m) return undefined;
  const whole = m[1].replace(/[.,]/g, "");
  if (whole.length > 12) return undefined;
  return parseUnits(`${whole}.${m[2] ?? "0"}`, decimals);
}
