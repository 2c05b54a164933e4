/** How the reports write figures and an income split. */
import { formatUnits } from "ethers";
import { DECIMALS } from "./constants";
import type { ParsedEvent } from "./events";

export function fmt(x: bigint | number): string {
  return BigInt(x).toLocaleString("en-US");
}

/** An Allocated event's split in euros, for a row's note. */
export function describeSplit(a: ParsedEvent["args"]): string {
  const eur = (x: bigint) => formatUnits(x, DECIMALS);
  return (
    `buckets [${(a.toBuckets as bigint[]).map(eur).join(", ")}], living money ${eur(a.toLivingMoney)}, ` +
    `buffer ${eur(a.toBuffer)}, savings ${eur(a.toSavings)}`
  );
}

/** An Allocated event's split, in token units, for the JSON. */
export function jsonSplit(a: ParsedEvent["args"]) {
  return {
    source: Number(a.source),
    amount: Number(a.amount),
    toBuckets: (a.toBuckets as bigint[]).map(Number),
    toLivingMoney: Number(a.toLivingMoney),
    toAdvanceRepayment: Number(a.toAdvanceRepayment),
    toBuffer: Number(a.toBuffer),
    toSavings: Number(a.toSavings),
  };
}
