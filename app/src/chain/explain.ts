/**
 * Why a transaction failed, in plain words. A contract's custom error (from the vault, the factory
 * or the token) is decoded by name and arguments and explained with the texts in i18n/errors.ts; a
 * wallet's refusal, a node that cannot be reached and anything else get a sentence too. Never a
 * stack trace.
 */
import { Interface, isError, type ErrorDescription } from "ethers";
import { EuroToken__factory, HouseholdVault__factory, HouseholdVaultFactory__factory } from "../../../typechain-types";
import { ERROR_TEXTS, type ErrorArgs } from "../i18n/errors";
import type { Formatter } from "../i18n/format";

const INTERFACES = [
  HouseholdVault__factory.createInterface(),
  HouseholdVaultFactory__factory.createInterface(),
  EuroToken__factory.createInterface(),
] as Interface[];

/** Every custom error the app can meet, by name (the test checks each has both texts). */
export function knownErrorNames(): string[] {
  const names = new Set<string>();
  for (const i of INTERFACES) i.forEachError((e) => names.add(e.name));
  return [...names].sort();
}

/** The custom error in revert data, if any of the contracts defines it. */
export function decodeCustomError(data: string | undefined): ErrorDescription | undefined {
  if (!data || data.length < 10) return undefined;
  for (const i of INTERFACES) {
    try {
      const parsed = i.parseError(data);
      if (parsed) return parsed;
    } catch {
      // not this contract's error
    }
  }
  return undefined;
}

/** The revert data inside an error from ethers, a wallet or a node, wherever it is nested. */
export function revertData(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== "object" || error === null) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.data === "string" && /^0x[0-9a-fA-F]{8}/.test(e.data)) return e.data;
  for (const key of ["data", "error", "info", "cause", "payload"]) {
    const found = revertData(e[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The plain-language explanation of a failed transaction. */
export function explainError(error: unknown, f: Formatter): string {
  const texts = ERROR_TEXTS[f.lang];
  const custom = decodeCustomError(revertData(error));
  if (custom) {
    const explain = texts.custom[custom.name];
    return explain ? explain(custom.args as unknown as ErrorArgs, f) : texts.unknownCustom(custom.name);
  }
  if (isError(error, "ACTION_REJECTED")) return texts.rejected;
  if (isError(error, "INSUFFICIENT_FUNDS")) return texts.noGas;
  if (isError(error, "NETWORK_ERROR") || isError(error, "SERVER_ERROR") || isError(error, "TIMEOUT")) {
    return texts.network;
  }
  if (isError(error, "CALL_EXCEPTION")) return texts.reverted;
  if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === 4001) return texts.rejected;
  return texts.other;
}
