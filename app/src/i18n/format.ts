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
  return {
    lang,
    euro: (units) => money.format(Number(formatUnits(units, decimals))),
    date: (s) => long.format(new Date(Number(s) * 1000)),
    shortDate: (s) => brief.format(new Date(Number(s) * 1000)),
    short: (hex) => `${hex.slice(0, 6)}…${hex.slice(-4)}`,
  };
}

/**
 * A euro amount typed by a person ("12,50", "12.50", "1.234,50", "1234") as token units; undefined
 * when it is not an amount. A comma or a point before the last one or two digits is the decimal mark.
 */
export function parseEuro(text: string, decimals: number): bigint | undefined {
  const t = text.trim().replace(/^€\s*/, "").replace(/\s/g, "");
  if (!/^\d[\d.,]*$/.test(t)) return undefined;
  const decimal = t.match(/[.,](\d{1,2})$/);
  const whole = (decimal ? t.slice(0, -decimal[0].length) : t).replace(/[.,]/g, "");
  if (!/^\d{1,12}$/.test(whole)) return undefined;
  try {
    return parseUnits(`${whole}.${decimal ? decimal[1] : "0"}`, decimals);
  } catch {
    return undefined;
  }
}
