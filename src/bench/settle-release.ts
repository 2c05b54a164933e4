/**
 * The keeper's calls on one vault, second month: a weekly release against a plain transfer, and
 * the monthly settle paying 4 creditors (with and without the month's income waiting) against
 * four plain transfers. Onboarding (createVault) is traced here too, against a full deploy.
 */
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { EUR, INCOME_AMOUNT, utc } from "./constants";
import { expectCounts, expectIncomeSplit, type ParsedEvent } from "./events";
import type { Fixture } from "./fixture";
import { gasOf, measure, type Measured } from "./measure";
import type { Breakdown } from "./trace";

export interface ReleaseFigures {
  gas: bigint;
  breakdown: Breakdown;
  plainTransferGas: bigint;
  ratio: number;
}

export interface SettleFigures {
  noIncome: Measured;
  noIncomeBreakdown: Breakdown;
  waiting: Measured;
  waitingBreakdown: Breakdown;
  plainTransfersGas: bigint;
  ratio: number;
  waitingRatio: number;
}

export interface OnboardingFigures {
  gas: bigint;
  breakdown: Breakdown;
}

/** The release measure must pay one week and neither settle nor split. */
function expectOneWeekOnly(events: ParsedEvent[]): void {
  const released = events.find((e) => e.name === "LivingMoneyReleased");
  if (!released || released.args[0] !== 1n || events.some((e) => e.name === "CreditorPaid" || e.name === "Allocated")) {
    throw new Error(`the release measure is not one week without settlement or split: ${events.map((e) => e.name)}`);
  }
}

/**
 * A standalone weekly release: one week due (7 February), no fixed cost due, no income waiting
 * (the settle before it split it), so release() only pays the resident.
 */
export async function measureRelease(f: Fixture): Promise<ReleaseFigures> {
  const { token, signers: s } = f;
  const vault = f.onboarding.vault;
  const release = await measure(vault, vault.connect(s.keeper).release());
  const breakdown = await f.trace(release.hash);
  expectOneWeekOnly(release.events);
  await token.connect(s.admin).transfer(s.plainRecipient.address, 1n); // warm the sender's balance path once
  const plainTransferGas = await gasOf(token.connect(s.admin).transfer(s.plainRecipient.address, EUR("100")));
  return { gas: release.gas, breakdown, plainTransferGas, ratio: Number(release.gas) / Number(plainTransferGas) };
}

/** Onboarding: clone + initialise with 5 buckets (the onboarding vault's creation). */
export async function measureOnboarding(f: Fixture): Promise<OnboardingFigures> {
  return { gas: f.onboarding.createGas, breakdown: await f.trace(f.onboarding.createHash) };
}

/** The same four payments as plain token transfers from the admin. */
async function fourPlainTransfers({ token, signers: s }: Fixture): Promise<bigint> {
  let gas = 0n;
  for (const [c, amount] of [
    [s.rentCo, "750"],
    [s.energyCo, "150"],
    [s.insurerCo, "140"],
    [s.waterCo, "30"],
  ] as const) {
    gas += await gasOf(token.connect(s.admin).transfer(c.address, EUR(amount)));
  }
  return gas;
}

/**
 * 5 March: rent and insurance (1st), energy (5th) and February's water (20th) are due. The settle
 * vault's income was split on 10 February; the waiting vault's still waits.
 */
export async function measureSettles(f: Fixture): Promise<SettleFigures> {
  await time.increaseTo(utc(2027, 3, 5, 6));
  const keeper = f.signers.keeper;
  const noIncome = await measure(f.settleVault, f.settleVault.connect(keeper).settle());
  expectCounts("settle with no income waiting", noIncome.events, { Allocated: 0, CreditorPaid: 4, PaymentMissed: 0 });
  const noIncomeBreakdown = await f.trace(noIncome.hash);
  const label = "settle with the month's income waiting";
  const waiting = await measure(f.waitingVault, f.waitingVault.connect(keeper).settle());
  expectCounts(label, waiting.events, { Allocated: 1, CreditorPaid: 4, PaymentMissed: 0 });
  expectIncomeSplit(label, waiting.events, INCOME_AMOUNT);
  const waitingBreakdown = await f.trace(waiting.hash);
  const plainTransfersGas = await fourPlainTransfers(f);
  return {
    noIncome,
    noIncomeBreakdown,
    waiting,
    waitingBreakdown,
    plainTransfersGas,
    ratio: Number(noIncome.gas) / Number(plainTransfersGas),
    waitingRatio: Number(waiting.gas) / Number(plainTransfersGas),
  };
}
