/**
 * The income path (issue 8): deposit() only pulls the tokens and tags them (IncomeReceived); the
 * next keeper call splits everything waiting (Allocated with Source.Income). So the deposit is
 * measured alone and together with the settle() that splits it, and on a collection day with the
 * settle that splits it and pays all five creditors (like for like with 0xSplits' fund + distribute).
 */
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { MaxUint256, type Result } from "ethers";
import { INCOME_AMOUNT, utc } from "./constants";
import { expectCounts, expectIncomeSplit } from "./events";
import type { Fixture } from "./fixture";
import { checkedDeposit, gasOf, measure, type Measured } from "./measure";
import type { Breakdown } from "./trace";

export interface DepositFigures {
  deposit: Measured;
  breakdown: Breakdown;
  transferFromGas: bigint;
  transferFromBreakdown: Breakdown;
  /** The deposit against a plain transferFrom of the same token. */
  ratio: number;
}

export interface SplitSettleFigures {
  settle: Measured;
  /** The settle's one Allocated(Income). */
  split: Result;
  breakdown: Breakdown;
}

export interface CollectionDayFigures {
  deposit: Measured;
  settle: Measured;
  breakdown: Breakdown;
}

/** 10 February: a tagged deposit into the 5-bucket vault, against a plain transferFrom. */
export async function measureDeposit(f: Fixture): Promise<DepositFigures> {
  const { token, signers: s } = f;
  const deposit = await checkedDeposit(f.onboarding.vault, s.svb, INCOME_AMOUNT);
  const breakdown = await f.trace(deposit.hash);
  await token.connect(s.svb).approve(s.keeper.address, MaxUint256);
  await token.connect(s.keeper).transferFrom(s.svb.address, s.plainRecipient.address, 1n); // warm the allowance path once
  const transferFromTx = await token
    .connect(s.keeper)
    .transferFrom(s.svb.address, s.plainRecipient.address, INCOME_AMOUNT);
  const transferFromGas = await gasOf(transferFromTx);
  const transferFromBreakdown = await f.trace(transferFromTx.hash);
  const ratio = Number(deposit.gas) / Number(transferFromGas);
  return { deposit, breakdown, transferFromGas, transferFromBreakdown, ratio };
}

/**
 * The keeper's settle() the same day: splits the waiting income over the 5 buckets; nothing is
 * due on 10 February (telecom on the 15th is next), so it pays no one.
 */
export async function measureSplitSettle(f: Fixture): Promise<SplitSettleFigures> {
  const vault = f.onboarding.vault;
  const label = "settle that splits (nothing due)";
  const settle = await measure(vault, vault.connect(f.signers.keeper).settle());
  expectCounts(label, settle.events, { Allocated: 1, CreditorPaid: 0 });
  const split = expectIncomeSplit(label, settle.events, INCOME_AMOUNT);
  return { settle, split, breakdown: await f.trace(settle.hash) };
}

/**
 * 1 March, the collection day: March's income arrives and the keeper's settle after it splits it
 * and pays all five creditors in the same call.
 */
export async function measureCollectionDay(f: Fixture): Promise<CollectionDayFigures> {
  await time.increaseTo(utc(2027, 3, 1, 9));
  const vault = f.collectionVault;
  const label = "settle that splits and pays 5";
  const deposit = await checkedDeposit(vault, f.signers.svb, INCOME_AMOUNT);
  const settle = await measure(vault, vault.connect(f.signers.keeper).settle());
  expectCounts(label, settle.events, { Allocated: 1, CreditorPaid: 5, PaymentMissed: 0 });
  expectIncomeSplit(label, settle.events, INCOME_AMOUNT);
  return { deposit, settle, breakdown: await f.trace(settle.hash) };
}
