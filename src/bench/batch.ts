/**
 * The keeper batch: settle + release for n households in one settleAndReleaseMany. Measured at
 * fixed sizes (the marginal gas per household and what that predicts), then sent for real with
 * the gas limit, counting how many vaults the batch handled before KeeperBatchStopped.
 */
import { takeSnapshot, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { BATCH_SIZES, BLOCK_BUDGET, MAX_BATCH, OSAKA_TX_CAP, utc } from "./constants";
import { count, eventsOf } from "./events";
import type { Fixture } from "./fixture";

export interface BatchRun {
  /** Vaults the batch went through (all, or KeeperBatchStopped's `processed`). */
  processed: number;
  stopped: boolean;
  gas: bigint;
  /** Vaults that released living money, and keeper calls that reverted (KeeperCallFailed). */
  released: number;
  failedCalls: { vault: number; call: string }[];
}

/** A batch sent with the block budget ("30M") and with Osaka's per-transaction cap ("2^24"). */
export type BudgetRuns = Record<string, BatchRun>;

/** One size of the sweep; a batch that failed (or did the wrong thing) keeps its error. */
export interface BatchSize {
  size: number;
  gas: bigint | null;
  perHousehold: number | null;
  error?: string;
}

/** What the sweep's straight line (fixed gas + marginal gas per household) predicts. */
export interface BatchFit {
  slope: number;
  intercept: number;
  gasPerVault: bigint;
  fitsByGasIn30M: number;
  predictedIn30M: number;
  predictedUnderOsakaCap: number;
  largestMeasuredIn30M: number[];
  /** The prediction within 30M, at most MAX_BATCH. */
  largest: number;
}

export interface KeeperBatch {
  /** Vaults sent in the real batches. */
  sent: number;
  sizes: BatchSize[];
  fit: BatchFit;
  /** All MAX_BATCH ordinary vaults sent at once. */
  runs: BudgetRuns;
}

function callName(selector: string, vault: HouseholdVault): string {
  for (const name of ["settle", "release"] as const) {
    if (vault.interface.getFunction(name).selector === selector) return `${name}()`;
  }
  return selector;
}

/** For example "9 handled then KeeperBatchStopped, 8 released living money; release() of vault 8 failed". */
export function describeRun(r: BatchRun): string {
  const failed = r.failedCalls.map((f) => `${f.call} of vault ${f.vault} failed`).join(", ");
  return (
    `${r.processed} handled${r.stopped ? " then KeeperBatchStopped" : ""}, ${r.released} released living money` +
    (failed ? `; ${failed} (KeeperCallFailed)` : "")
  );
}

/**
 * Sends one keeper batch over `vaults` with `gasLimit` and counts how many it handled (all, or
 * the `processed` of KeeperBatchStopped); the chain is put back afterwards.
 */
export async function runBatch(
  factory: HouseholdVaultFactory,
  keeper: HardhatEthersSigner,
  vaults: string[],
  gasLimit: bigint,
  anyVault: HouseholdVault,
): Promise<BatchRun> {
  const snapshot = await takeSnapshot();
  const receipt = (await (await factory.connect(keeper).settleAndReleaseMany(vaults, { gasLimit })).wait())!;
  const stopped = eventsOf(factory, receipt).find((e) => e.name === "KeeperBatchStopped");
  const processed = stopped ? Number(stopped.args[0]) : vaults.length;
  // What the vaults did, not a guess: how many released living money, and which calls failed.
  const released = count(eventsOf(anyVault, receipt), "LivingMoneyReleased");
  const index = new Map(vaults.map((v, i) => [v.toLowerCase(), i]));
  const failedCalls = eventsOf(factory, receipt)
    .filter((e) => e.name === "KeeperCallFailed")
    .map((e) => ({
      vault: index.get(String(e.args[0]).toLowerCase()) ?? -1,
      call: callName(String(e.args[1]), anyVault),
    }));
  await snapshot.restore();
  return { processed, stopped: stopped !== undefined, gas: receipt.gasUsed, released, failedCalls };
}

/** The same batch sent with gasLimit 30,000,000 and with 2^24. */
export async function runAtBudgets(
  factory: HouseholdVaultFactory,
  keeper: HardhatEthersSigner,
  vaults: string[],
  anyVault: HouseholdVault,
): Promise<BudgetRuns> {
  const runs: BudgetRuns = {};
  for (const [name, limit] of [
    ["30M", BLOCK_BUDGET],
    ["2^24", OSAKA_TX_CAP],
  ] as const) {
    runs[name] = await runBatch(factory, keeper, vaults, limit, anyVault);
  }
  return runs;
}

/** A batch of the first `size` vaults; each entry must split, pay 4 creditors and release. */
async function batchOfSize(f: Fixture, size: number, gasLimit: bigint): Promise<BatchSize> {
  const tx = await f.factory.connect(f.signers.keeper).settleAndReleaseMany(f.batchAddresses.slice(0, size), {
    gasLimit,
  });
  const receipt = (await tx.wait())!;
  const names = receipt.logs.map((l) => f.batchVaults[0].interface.parseLog(l)?.name);
  const paid = names.filter((n) => n === "CreditorPaid").length;
  const released = names.filter((n) => n === "LivingMoneyReleased").length;
  const missed = names.filter((n) => n === "PaymentMissed" || n === "LivingMoneyShort").length;
  const splits = names.filter((n) => n === "Allocated").length;
  if (paid !== 4 * size || released !== size || missed !== 0 || splits !== size) {
    throw new Error(
      `batch of ${size} did not split and pay everyone: ${splits} splits, ${paid} paid, ${released} released, ${missed} short`,
    );
  }
  const gas = receipt.gasUsed;
  return { size, gas, perHousehold: Number(gas) / size };
}

/** Every size of BATCH_SIZES from the same chain state; beyond Osaka's cap a batch cannot be sent there. */
async function sweep(f: Fixture, hardfork: string): Promise<BatchSize[]> {
  const sizes: BatchSize[] = [];
  for (const size of BATCH_SIZES) {
    const snapshot = await takeSnapshot();
    try {
      sizes.push(await batchOfSize(f, size, hardfork === "osaka" ? OSAKA_TX_CAP : 59_000_000n));
    } catch (e) {
      sizes.push({ size, gas: null, perHousehold: null, error: (e as Error).message.split("\n")[0].slice(0, 120) });
    }
    await snapshot.restore();
  }
  return sizes;
}

function fitOf(sizes: BatchSize[], gasPerVault: bigint): BatchFit {
  const measured = sizes.filter((b) => b.gas !== null) as { size: number; gas: bigint; perHousehold: number }[];
  const first = measured[0];
  const last = measured[measured.length - 1];
  const slope = Number(last.gas - first.gas) / (last.size - first.size);
  const intercept = Number(first.gas) - slope * first.size;
  // By gas alone, and with the batch's guard: it starts a vault only while GAS_PER_VAULT is left.
  const fitsByGas = (budget: bigint) => Math.floor((Number(budget) - intercept) / slope);
  const fitsWithGuard = (budget: bigint) =>
    Math.min(fitsByGas(budget), Math.floor((Number(budget) - intercept - Number(gasPerVault)) / slope) + 1);
  const predictedIn30M = fitsWithGuard(BLOCK_BUDGET);
  return {
    slope,
    intercept,
    gasPerVault,
    fitsByGasIn30M: fitsByGas(BLOCK_BUDGET),
    predictedIn30M,
    predictedUnderOsakaCap: fitsWithGuard(OSAKA_TX_CAP),
    largestMeasuredIn30M: measured.filter((b) => b.gas <= BLOCK_BUDGET).map((b) => b.size),
    largest: Math.min(MAX_BATCH, predictedIn30M),
  };
}

/**
 * 5 March, noon: each entry's settle() splits the February income waiting since 10 February, pays
 * 4 creditors, and its release() pays the resident the weeks due.
 */
export async function measureKeeperBatch(f: Fixture, hardfork: string): Promise<KeeperBatch> {
  await time.increaseTo(utc(2027, 3, 5, 12));
  const sizes = await sweep(f, hardfork);
  const fit = fitOf(sizes, await f.factory.GAS_PER_VAULT());
  // The real answer: send all 200 with the gas limit and count how many the batch handled.
  const runs = await runAtBudgets(f.factory, f.signers.keeper, f.batchAddresses, f.batchVaults[0]);
  return { sent: f.batchAddresses.length, sizes, fit, runs };
}
