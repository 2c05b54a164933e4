/** Gas from receipts: a transaction's gasUsed, with its hash and events, and the checked deposit. */
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { Source } from "./constants";
import { eventsOf, expectCounts, type ParsedEvent } from "./events";

export type Sent = Promise<ContractTransactionResponse> | ContractTransactionResponse;

export async function gasOf(tx: Sent): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("transaction failed");
  return receipt.gasUsed;
}

export interface Measured {
  gas: bigint;
  hash: string;
  events: ParsedEvent[];
}

/** A transaction's gasUsed, hash and the events `contract`'s interface can parse. */
export async function measure(contract: HouseholdVault | HouseholdVaultFactory, tx: Sent): Promise<Measured> {
  const receipt = (await (await tx).wait())!;
  if (receipt.status !== 1) throw new Error("transaction failed");
  return { gas: receipt.gasUsed, hash: receipt.hash, events: eventsOf(contract, receipt) };
}

/**
 * A deposit that must only pull and tag: IncomeReceived(SVB, amount), no Allocated, and the
 * amount waiting as accounts().unallocated. A bench of the wrong thing fails here.
 */
export async function checkedDeposit(
  vault: HouseholdVault,
  payer: HardhatEthersSigner,
  amount: bigint,
): Promise<Measured> {
  const waitingBefore = (await vault.accounts()).unallocated;
  const m = await measure(vault, vault.connect(payer).deposit(amount));
  expectCounts("deposit", m.events, { IncomeReceived: 1, Allocated: 0 });
  const received = m.events.find((e) => e.name === "IncomeReceived")!;
  if (received.args.source !== Source.SVB || received.args.amount !== amount) {
    throw new Error(
      `deposit: IncomeReceived(${received.args.source}, ${received.args.amount}), expected (SVB, ${amount})`,
    );
  }
  const waiting = (await vault.accounts()).unallocated - waitingBefore;
  if (waiting !== amount) throw new Error(`deposit: ${waiting} waits in the vault, expected ${amount}`);
  return m;
}
