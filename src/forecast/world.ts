/**
 * A vault read from chain, as the rules' World: the state the vault's own rules run on. What the
 * views do not show is derived (the living-money start from the release schedule, the stored
 * nextDueAt from the buckets) or does not move money (which short weeks were already reported).
 */
import type { VaultSnapshot } from "../chain/vault-state";
import { WEEK, vaultNextDueAt, type Bucket, type Config, type VaultState, type World } from "../rules";
import { PAYER_SOURCE } from "./income-calendar";

/** The stand-in accounts the forecast's money comes from and goes to (never on chain). */
export const FORECAST_ACCOUNTS = {
  treasury: "forecast:treasury",
  claimable: "forecast:claimable",
  payer: (source: number) => `forecast:payer-${source}`,
} as const;

/** More than any household's income: the stand-in payers never run dry. */
const PAYER_FUNDS = 1n << 120n;

/** The rules' World for a vault read from chain, with the factory's advance cap. */
export function worldOf(s: VaultSnapshot, advanceCap: bigint): World {
  const vault = vaultStateOf(s);
  const payers = Object.fromEntries(Object.values(PAYER_SOURCE).map((src) => [FORECAST_ACCOUNTS.payer(src), src]));
  const balances: Record<string, bigint> = {
    [s.vault]: trackedOf(s) + s.unallocated,
    [FORECAST_ACCOUNTS.treasury]: PAYER_FUNDS,
    ...Object.fromEntries(Object.keys(payers).map((p) => [p, PAYER_FUNDS])),
  };
  const config: Config = {
    vault: s.vault,
    treasury: FORECAST_ACCOUNTS.treasury,
    registrars: [],
    guardians: [],
    treasurers: [FORECAST_ACCOUNTS.treasury],
    coaches: [],
    approvedCreditors: s.buckets.map((b) => b.creditor),
    payers,
    advanceCap,
    exitNotice: 0,
  };
  return { now: s.timestamp + 1, config, vault, balances, blocklisted: {}, tokenPaused: false };
}

function trackedOf(s: VaultSnapshot): bigint {
  const inBuckets = s.buckets.reduce((sum, b) => sum + b.balance, 0n);
  return inBuckets + s.livingMoney + s.buffer + s.savings + s.repaymentHeld + s.claimable;
}

function vaultStateOf(s: VaultSnapshot): VaultState {
  const buckets: Bucket[] = s.buckets.map((b, i) => ({
    category: b.category,
    dueDay: b.dueDay,
    amountPerMonth: b.amountPerMonth,
    creditor: b.creditor,
    balance: b.balance,
    arrears: b.arrears,
    paidThroughMonth: b.paidThroughMonth,
    uid: i,
  }));
  const v: VaultState = {
    start: s.nextReleaseAt - (s.weeksReleased + 1) * WEEK,
    resident: s.resident,
    coach: "",
    buckets,
    weekly: s.weeklyLivingMoney,
    bufferTarget: s.bufferTarget,
    livingMoney: s.livingMoney,
    buffer: s.buffer,
    savings: s.savings,
    repaymentHeld: s.repaymentHeld,
    advanceOutstanding: s.advanceOutstanding,
    // The views give the claimable total only; who may claim it does not change the forecast.
    claimable: s.claimable > 0n ? { [FORECAST_ACCOUNTS.claimable]: s.claimable } : {},
    weeksReleased: s.weeksReleased,
    nextDueAt: 0,
    shortReportedBefore: s.weeksReleased,
    paused: s.paused,
    closed: s.closed,
    exitAvailableAt: 0,
    pending: null,
    nextUid: buckets.length,
  };
  v.nextDueAt = storedNextDueAt(v, s.timestamp);
  return v;
}

/**
 * The vault's stored nextDueAt: brought forward to a split's time when arrears became payable or a
 * repayment is held (then settle has work now), else the earliest next due date of the buckets.
 */
function storedNextDueAt(v: VaultState, now: number): number {
  const coveredArrears = v.buckets.some((b) => b.arrears > 0n && b.balance >= b.arrears);
  return coveredArrears || v.repaymentHeld > 0n ? now : vaultNextDueAt(v);
}
