/**
 * The keeper service's parts and how they meet (issue 12). Each part has its own file:
 *   config.ts     KeeperConfig from .env and flags
 *   log.ts        Logger: JSON lines
 *   alerts.ts     Alerter: a log line always, and the webhook when one is set
 *   metrics.ts    KeeperMetrics (prom-client) and the health/metrics HTTP server
 *   chain.ts      KeeperChain: FallbackProvider over the RPC URLs, the signer, sending with resubmission
 *   state.ts      KeeperState on disk: the last block scanned and the vaults found
 *   run.ts        runOnce: discover, find due vaults, send batches, retry failures alone, verify, alert
 *   service.ts    the long-lived loop on its UTC schedule, or one run (--once)
 */
import type { Provider, Signer, TransactionReceipt, TransactionRequest } from "ethers";

export interface KeeperConfig {
  /** One or more JSON-RPC URLs; the keeper fails over between them. */
  rpcUrls: string[];
  /** The chain id the URLs must answer with (checked at start). */
  chainId?: number;
  /** The municipality's HouseholdVaultFactory. */
  factory: string;
  /** 0x + 64 hex private key of the keeper's account (KEEPER_PRIVATE_KEY); undefined: the node's unlocked account `unlockedAccount`. */
  privateKey?: string;
  /** On a local node without a key: the index of the node's unlocked account to send from (default 10, the deployment's keeper). */
  unlockedAccount: number;
  /** Where the keeper keeps its position (the last block scanned and the vaults found). */
  stateFile: string;
  /** The block to start scanning VaultCreated from when there is no state yet. */
  fromBlock: number;
  /** A due payment still unexecuted this long after its due time raises an alert. */
  graceSeconds: number;
  /** Per-transaction gas cap of the network (2^24 under EIP-7825). */
  gasCap: bigint;
  /** Times of day (UTC, minutes after midnight) at which the service runs, e.g. [5, 720]. */
  runAtMinutesUtc: number[];
  /** Port of the health and metrics endpoint; undefined: none. */
  healthPort?: number;
  /** Alert webhook (POST JSON); undefined: alerts are log lines only. */
  webhookUrl?: string;
  /** A transaction not mined after this long is sent again with higher fees (same nonce). */
  resubmitAfterSeconds: number;
  once: boolean;
}

export type LogLevel = "info" | "warn" | "error";

/** JSON lines: {"time":"…","level":"info","event":"run.done",...fields}. Never a person's data. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export interface Alert {
  /** A short code: "payment-overdue", "vault-failed", "run-failed", "missed-runs". */
  kind: string;
  message: string;
  /** Vault addresses, household ids, amounts, times: never a person. */
  fields: Record<string, unknown>;
}

export interface Alerter {
  /** Logs the alert, posts it to the webhook if set (a webhook failure is logged, never thrown). */
  alert(a: Alert): Promise<void>;
}

export interface KeeperMetrics {
  vaultsSeen(n: number): void;
  paymentsExecuted(n: number): void;
  weeksReleased(n: number): void;
  alertRaised(kind: string): void;
  runFinished(ok: boolean, at: number): void;
  /** Prometheus text for /metrics. */
  text(): Promise<string>;
  /** For /health: the time (unix s) of the last successful run, or undefined. */
  lastSuccess(): number | undefined;
}

export interface KeeperChain {
  /** Reads through the fallback provider. */
  provider: Provider;
  /** Signs and sends; nonces managed. */
  signer: Signer;
  address: string;
  /** Sends a transaction and waits for its receipt; resubmits with higher fees (same nonce) when not mined in time. */
  send(tx: TransactionRequest): Promise<TransactionReceipt>;
  /** The latest block's timestamp: the vault's "now". */
  now(): Promise<number>;
}

export interface KeeperState {
  factory: string;
  /** The last block whose VaultCreated events were read. */
  lastBlock: number;
  vaults: { householdId: string; vault: string }[];
  /** When the last successful run ended (unix s, chain time), for catching up and reporting missed runs. */
  lastRunAt?: number;
}

export interface RunReport {
  startedAt: number;
  vaultsSeen: number;
  newVaults: number;
  /** Vaults with work due (nextKeeperCallAt <= now), paused and closed ones left out. */
  due: number;
  batches: number;
  gasUsed: bigint;
  paymentsExecuted: number;
  weeksReleased: number;
  /** Vaults whose batch entry failed and whose retry alone failed too. */
  failedVaults: string[];
  /** Vaults with a payment due longer than the grace period and still not executed. */
  overdue: string[];
}

export interface KeeperContext {
  config: KeeperConfig;
  chain: KeeperChain;
  log: Logger;
  alerts: Alerter;
  metrics: KeeperMetrics;
}
