/** Checks of the municipality's small forms (plain TypeScript), with the texts' error keys. */
import { getAddress } from "ethers";
import { checkAddress, checkAmount, MAX_AMOUNT } from "../../chain/plan-form";
import type { MunicipalityError } from "../../i18n/municipality";

/** The address typed, checksummed, or what is wrong with it. */
export function parseAddress(text: string): { address: string } | { error: MunicipalityError } {
  const checked = checkAddress(text);
  if (checked.startsWith("0x")) return { address: getAddress(checked) };
  if (checked === "creditorMissing") return { error: "addressMissing" };
  return { error: checked === "creditorZero" ? "addressZero" : "addressInvalid" };
}

export const addressError = (text: string): MunicipalityError | undefined => {
  const parsed = parseAddress(text);
  return "error" in parsed ? parsed.error : undefined;
};

/** The resident of a new vault: a good address, and not one of the coaches. */
export function residentError(text: string, coaches: string[]): MunicipalityError | undefined {
  const parsed = parseAddress(text);
  if ("error" in parsed) return parsed.error;
  const same = (a: string) => a.toLowerCase() === parsed.address.toLowerCase();
  return coaches.some(same) ? "residentIsCoach" : undefined;
}

/** An advance: a euro amount above zero (the cap is the vault's to check). */
export function parseAdvance(text: string, decimals: number): { units: bigint } | { error: MunicipalityError } {
  const checked = checkAmount(text, decimals, MAX_AMOUNT, false);
  if (typeof checked === "bigint") return { units: checked };
  if (checked === "amountMissing" || checked === "amountZero") return { error: checked };
  return { error: "amountInvalid" };
}
