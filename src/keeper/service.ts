/**
 * The keeper as a service: its parts put together (openKeeper), and the long-lived loop that runs
 * once at start and then at each configured time of day, UTC (runService). A failed run is logged,
 * alerted and counted, and the loop goes on: the next run may well succeed, and a keeper that exits
 * stops paying everyone. Only a stop signal ends it.
 */
import { DAY, UserError } from "../core";
import { alerter } from "./alerts";
import { connectKeeperChain } from "./chain";
import { jsonLogger } from "./log";
import { keeperMetrics, startHealthServer } from "./metrics";
import { reasonOf } from "./retry";
import { runOnce } from "./run";
import type { KeeperConfig, KeeperContext, Logger, RunReport } from "./types";

/** A run may take this long before /health calls the keeper stale (on top of the longest gap). */
const HEALTH_SLACK_SECONDS = 3600;
/** The longest single sleep: a wall clock that jumps (suspend, NTP) is noticed within this. */
const MAX_SLEEP_MS = 60_000;

export interface OpenKeeper extends KeeperContext {
  /** The health and metrics endpoint's URL, when a port is configured. */
  healthUrl?: string;
  close(): Promise<void>;
}

/** Connects to the chain and sets up logging, metrics, alerts and the health endpoint. */
export async function openKeeper(config: KeeperConfig, options: { log?: Logger } = {}): Promise<OpenKeeper> {
  const log = options.log ?? jsonLogger();
  const metrics = keeperMetrics();
  const alerts = alerter(log, config.webhookUrl, metrics);
  const chain = await connectKeeperChain(config, log);
  if ((await chain.provider.getCode(config.factory)) === "0x") {
    await chain.provider.destroy();
    throw new UserError(
      `no contract at the factory address ${config.factory} on this chain: deploy first (npm run deploy:local on a local node) or set KEEPER_FACTORY_ADDRESS`,
    );
  }
  const health =
    config.healthPort === undefined
      ? undefined
      : await startHealthServer(config.healthPort, metrics, healthMaxAgeSeconds(config.runAtMinutesUtc));
  if (health) log.log("info", "health.listening", { url: health.url });
  const ctx: OpenKeeper = {
    config,
    chain,
    log,
    alerts,
    metrics,
    healthUrl: health?.url,
    async close() {
      await health?.close();
      // the keeper's provider closes its connections asynchronously (see chain.ts)
      await ctx.chain.provider.destroy();
    },
  };
  return ctx;
}

/** The longest gap between two scheduled runs, plus slack: a last success older than that is stale. */
export function healthMaxAgeSeconds(runAtMinutesUtc: number[]): number {
  const gaps = runAtMinutesUtc.map((m, i) => {
    const next = i + 1 < runAtMinutesUtc.length ? runAtMinutesUtc[i + 1] : runAtMinutesUtc[0] + 24 * 60;
    return next - m;
  });
  return Math.max(...gaps, 0) * 60 + HEALTH_SLACK_SECONDS;
}

/**
 * Runs now, then at each scheduled time until `signal` aborts (a run in progress is finished first).
 * Each scheduled run connects afresh (see chain.ts: an RPC URL that went down is left out, one that
 * came back is used again).
 */
export async function runService(ctx: KeeperContext, options: { signal?: AbortSignal } = {}): Promise<void> {
  const { signal } = options;
  const { log, config } = ctx;
  log.log("info", "service.start", { runAtUtc: config.runAtMinutesUtc.map(clock), factory: config.factory });
  await runGuarded(ctx);
  while (!signal?.aborted) {
    const next = nextRunAt(Date.now(), config.runAtMinutesUtc);
    log.log("info", "run.next", { at: new Date(next).toISOString() });
    if (!(await sleepUntil(next, signal))) break;
    const fresh = await reconnect(ctx);
    if (fresh) await runGuarded(fresh);
  }
  log.log("info", "service.stopped", {});
}

/** The context with a new chain connection; undefined (logged and alerted) when none can be made. */
async function reconnect(ctx: KeeperContext): Promise<KeeperContext | undefined> {
  try {
    const chain = await connectKeeperChain(ctx.config, ctx.log);
    const old = ctx.chain;
    ctx.chain = chain;
    await old.provider.destroy();
    return ctx;
  } catch (error) {
    await failed(ctx, error);
    return undefined;
  }
}

/** One run; a failure is logged, alerted and counted instead of thrown. */
export async function runGuarded(ctx: KeeperContext): Promise<RunReport | undefined> {
  try {
    return await runOnce(ctx);
  } catch (error) {
    await failed(ctx, error);
    return undefined;
  }
}

async function failed(ctx: KeeperContext, error: unknown): Promise<void> {
  const reason = reasonOf(error);
  ctx.log.log("error", "run.failed", { reason });
  ctx.metrics.runFinished(false, Math.floor(Date.now() / 1000));
  await ctx.alerts.alert({ kind: "run-failed", message: `a keeper run failed: ${reason}`, fields: { reason } });
}

/** The first scheduled time (ms since the epoch) strictly after `nowMs`; the times are minutes after 00:00 UTC. */
export function nextRunAt(nowMs: number, runAtMinutesUtc: number[]): number {
  const midnight = Math.floor(nowMs / (DAY * 1000)) * DAY * 1000;
  const times = [...runAtMinutesUtc].sort((a, b) => a - b);
  for (const day of [0, 1]) {
    for (const minute of times) {
      const at = midnight + day * DAY * 1000 + minute * 60_000;
      if (at > nowMs) return at;
    }
  }
  throw new Error("no run time configured");
}

/** Sleeps until `atMs` by the wall clock; false when `signal` aborted first. */
async function sleepUntil(atMs: number, signal?: AbortSignal): Promise<boolean> {
  while (!signal?.aborted && Date.now() < atMs) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(atMs - Date.now(), MAX_SLEEP_MS));
      signal?.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
    });
  }
  return !signal?.aborted;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
