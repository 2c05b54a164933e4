/** Sums and strings of token amounts, shared by the month summaries and the report. */

/** The sum of token amounts. */
export function sumAmounts(xs: bigint[]): bigint {
  return xs.reduce((s, x) => s + x, 0n);
}

/** Token amounts as the decimal integer strings the report holds. */
export function amountStrings(o: Record<string, bigint>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.toString()]));
}
