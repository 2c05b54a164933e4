/**
 * One keeper run: discover the vaults created since the last run, find those with work due, send
 * them through the factory's batch call (retrying failed entries alone), check that every due
 * payment was executed, and report. A call that finds nothing to do is normal: another keeper may
 * have been first, and the contracts never pay twice.
 *
 * Times are chain time (the latest block's timestamp), the vaults' own "now". A keeper that was away
 * needs no catch-up logic: a vault catches up on its first call (up to a year of months per call;
 * up to MAX_ROUNDS calls per run). The run only says how long it was away ("missed-runs").
 */
import { DAY } from "../core";
import { batchLimits, estimateCosts, type BatchLimits } from "./batches";
import { discoverVaults } from "./discover";
import { readDue } from "./due";
import { emptyTally, type Tally } from "./receipts";
import { sendAll } from "./retry";
import { loadState, saveState } from "./state";
import type { KeeperContext, KeeperState, RunReport } from "./types";
import { findOverdue, type Overdue } from "./verify";

/** Rounds of batches per run: a vault still due after one (more than a year behind) gets another. */
export const MAX_ROUNDS = 3;

export async function runOnce(ctx: KeeperContext): Promise<RunReport> {
  const { config, chain, log, metrics } = ctx;
  const startedAt = await chain.now();
  const state = loadState(config.stateFile, config.factory, config.fromBlock);
  log.log("info", "run.start", { factory: config.factory, keeper: chain.address, chainTime: startedAt });
  await reportMissedRuns(ctx, state, startedAt);
  const newVaults = await discoverVaults(ctx, state);
  const vaults = state.vaults.map((v) => v.vault);
  metrics.vaultsSeen(vaults.length);
  const tally = emptyTally();
  const kept = await keepVaults(ctx, vaults, tally);
  const overdue = await findOverdue(ctx, kept.due, kept, config.graceSeconds);
  const report: RunReport = {
    startedAt,
    vaultsSeen: vaults.length,
    newVaults,
    due: kept.due.length,
    batches: tally.batches,
    gasUsed: tally.gasUsed,
    paymentsExecuted: tally.paymentsExecuted,
    weeksReleased: tally.weeksReleased,
    failedVaults: kept.failed,
    overdue: [...new Set(overdue.map((o) => o.vault))],
  };
  await alertProblems(ctx, state, report, overdue);
  state.lastRunAt = await chain.now();
  saveState(config.stateFile, state);
  metrics.paymentsExecuted(tally.paymentsExecuted);
  metrics.weeksReleased(tally.weeksReleased);
  metrics.runFinished(true, Math.floor(Date.now() / 1000));
  log.log("info", "run.done", { ...report, paymentsMissed: tally.paymentsMissed, stopped: kept.stopped });
  return report;
}

interface Kept {
  /** The vaults due at the start of the run. */
  due: string[];
  failed: string[];
  /** Paused or closed vaults, left out. */
  stopped: number;
  /** The block read after the last round, and its time. */
  block: number;
  now: number;
}

/** Rounds of: read which vaults are due, estimate, send in batches; until none is due (or MAX_ROUNDS). */
async function keepVaults(ctx: KeeperContext, vaults: string[], tally: Tally): Promise<Kept> {
  const first = await readDue(ctx, vaults);
  ctx.log.log("info", "vaults.due", { due: first.due.length, stopped: first.stopped.length, block: first.block });
  const failed = new Set<string>();
  let due = first.due;
  let at = { block: first.block, now: first.now };
  let limits: BatchLimits | undefined;
  for (let round = 1; round <= MAX_ROUNDS && due.length > 0; round++) {
    limits ??= await batchLimits(ctx);
    const costs = await estimateCosts(ctx, due, limits);
    for (const vault of await sendAll(ctx, costs, limits, tally)) failed.add(vault);
    // read at the last keeper transaction's block at least: ethers may answer "latest" from its cache
    const again = await readDue(
      ctx,
      due.filter((v) => !failed.has(v)),
      tally.lastBlock,
    );
    at = { block: again.block, now: again.now };
    due = again.due;
    if (due.length > 0) ctx.log.log("warn", "vaults.still-due", { round, vaults: due, block: at.block });
  }
  return { due: first.due, failed: [...failed], stopped: first.stopped.length, ...at };
}

/** A keeper away for more than a day says so; the vaults catch up on this run's calls. */
async function reportMissedRuns(ctx: KeeperContext, state: KeeperState, now: number): Promise<void> {
  if (state.lastRunAt === undefined || now - state.lastRunAt <= DAY) return;
  const awaySeconds = now - state.lastRunAt;
  await ctx.alerts.alert({
    kind: "missed-runs",
    message: `the keeper last ran ${(awaySeconds / 3600).toFixed(1)} hours ago (chain time); this run catches the vaults up`,
    fields: { lastRunAt: new Date(state.lastRunAt * 1000).toISOString(), awaySeconds },
  });
}

/** One alert per kind per run, naming the vaults (address and household id only). */
async function alertProblems(ctx: KeeperContext, state: KeeperState, report: RunReport, overdue: Overdue[]) {
  const household = new Map(state.vaults.map((v) => [v.vault.toLowerCase(), v.householdId]));
  const name = (vault: string) => ({ vault, householdId: household.get(vault.toLowerCase()) });
  if (report.failedVaults.length > 0) {
    await ctx.alerts.alert({
      kind: "vault-failed",
      message: `${report.failedVaults.length} vault(s) failed in their batch and again alone`,
      fields: { count: report.failedVaults.length, vaults: report.failedVaults.map(name) },
    });
  }
  if (overdue.length > 0) {
    await ctx.alerts.alert({
      kind: "payment-overdue",
      message: `${overdue.length} payment(s) in ${report.overdue.length} vault(s) are due longer than the grace period and not executed`,
      fields: {
        count: overdue.length,
        graceSeconds: ctx.config.graceSeconds,
        payments: overdue.map((o) => ({ ...name(o.vault), ...o, dueAt: new Date(o.dueAt * 1000).toISOString() })),
      },
    });
  }
}
