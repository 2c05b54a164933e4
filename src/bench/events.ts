/**
 * The events of measured transactions, and the checks on them: a bench of the wrong thing (a
 * deposit that splits, a settle that pays no one) fails loudly instead of reporting a figure.
 */
import type { ContractTransactionReceipt, Result } from "ethers";
import type { HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { Source } from "./constants";

export interface ParsedEvent {
  name: string;
  /** Positional and, for the vault's own events, named (ethers Result). */
  args: Result;
}

/** The events `contract`'s interface can parse in a receipt (any emitter with the same ABI). */
export function eventsOf(
  contract: HouseholdVault | HouseholdVaultFactory,
  receipt: ContractTransactionReceipt,
): ParsedEvent[] {
  const out: ParsedEvent[] = [];
  for (const log of receipt.logs) {
    try {
      const parsed = contract.interface.parseLog(log);
      if (parsed) out.push({ name: parsed.name, args: parsed.args });
    } catch {
      // another contract's event (the token's Transfer)
    }
  }
  return out;
}

export const count = (events: ParsedEvent[], name: string) => events.filter((e) => e.name === name).length;

/** How many of each event, for the JSON: what the measured transaction did. */
export function eventCounts(events: ParsedEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.name] = (out[e.name] ?? 0) + 1;
  return out;
}

/** Fails loudly when a measured transaction did not do what its row says it measures. */
export function expectCounts(label: string, events: ParsedEvent[], expected: Record<string, number>): void {
  for (const [name, n] of Object.entries(expected)) {
    if (count(events, name) !== n) {
      throw new Error(
        `${label}: expected ${n} ${name}, saw ${count(events, name)} (events: ${events.map((e) => e.name).join(", ")})`,
      );
    }
  }
}

/** The one Allocated of a keeper call that split `amount` of waiting income (Source.Income). */
export function expectIncomeSplit(label: string, events: ParsedEvent[], amount: bigint): ParsedEvent["args"] {
  const allocated = events.filter((e) => e.name === "Allocated");
  if (allocated.length !== 1 || allocated[0].args.source !== Source.Income || allocated[0].args.amount !== amount) {
    throw new Error(
      `${label}: expected one Allocated(Income=${Source.Income}, ${amount}), saw ` +
        allocated.map((a) => `Allocated(${a.args.source}, ${a.args.amount})`).join(", "),
    );
  }
  return allocated[0].args;
}
