import { formatUnits, parseUnits } from "ethers";

/** Euro amounts in token units, for a token with `decimals` decimals. */
export class Money {
  constructor(readonly decimals: number) {}

  /** "850.00" -> token units. */
  units(euro: string): bigint {
    return parseUnits(euro, this.decimals);
  }

  /** Token units -> "€1,234.56" (rounded down to cents for display only). */
  eur(units: bigint): string {
    const negative = units < 0n;
    const abs = negative ? -units : units;
    const cents = this.decimals >= 2 ? abs / 10n ** BigInt(this.decimals - 2) : abs * 10n ** BigInt(2 - this.decimals);
    const whole = (cents / 100n).toLocaleString("en-US");
    return `${negative ? "-" : ""}€${whole}.${String(cents % 100n).padStart(2, "0")}`;
  }

  /** Token units -> exact decimal string ("850.000000"). */
  exact(units: bigint): string {
    return formatUnits(units, this.decimals);
  }

  /** Token units -> a number of euros, for chart coordinates only. */
  num(units: bigint): number {
    return Number(formatUnits(units, this.decimals));
  }
}
