/**
 * The keeper's connection to the chain: reads through ethers' FallbackProvider over every RPC URL,
 * sends from one account with its nonces kept locally, and resubmits a transaction that is not mined
 * in time with higher fees under the same nonce (so that at most one of the versions is ever mined).
 *
 * Failover as ethers v6 does it: a URL that does not answer when the provider starts is left out for
 * the provider's life; with quorum 1 an error from the URL in use is an answer, not a reason to try
 * the next. A long-lived keeper therefore connects afresh for each run, so that a URL that went down
 * is left out at the next run and one that came back is used again.
 */
import {
  FallbackProvider,
  isError,
  JsonRpcProvider,
  Network,
  NonceManager,
  Wallet,
  type Provider,
  type Signer,
  type TransactionReceipt,
  type TransactionRequest,
} from "ethers";
import { UserError } from "../core";
import type { KeeperChain, KeeperConfig, Logger } from "./types";

/** After this long without an answer from one URL the fallback provider also asks the next. */
export const STALL_TIMEOUT_MS = 2_000;
/** How long the start-up check waits for each URL's chain id. */
export const PROBE_TIMEOUT_MS = 5_000;
/** How often a stuck transaction is sent again with higher fees before the keeper gives up on it. */
export const MAX_RESUBMISSIONS = 3;

/** What a URL answered at start-up: its chain id, or why not. */
type Probe = { url: string; chainId: bigint } | { url: string; reason: string };

export async function connectKeeperChain(config: KeeperConfig, log: Logger): Promise<KeeperChain> {
  if (config.rpcUrls.length === 0) throw new UserError("no RPC URL given (KEEPER_RPC_URLS)");
  const probes = await Promise.all(config.rpcUrls.map((url) => probeChainId(url)));
  const chainId = agreedChainId(probes, config.chainId);
  for (const p of probes) {
    if ("reason" in p) log.log("warn", "rpc.unreachable", { url: shownUrl(p.url), reason: p.reason });
  }
  const network = Network.from(chainId);
  const children = config.rpcUrls.map((url) => new JsonRpcProvider(url, network, { staticNetwork: network }));
  const provider = new FallbackProvider(
    // the given order is the order of preference
    children.map((child, i) => ({ provider: child, priority: i + 1, weight: 1, stallTimeout: STALL_TIMEOUT_MS })),
    network,
    { quorum: 1 },
  );
  const firstAnswering = children[probes.findIndex((p) => "chainId" in p)];
  const signer = new NonceManager(await baseSigner(config, provider, firstAnswering));
  const address = await signer.getAddress();
  log.log("info", "chain.connected", {
    chainId: Number(chainId),
    urls: config.rpcUrls.length,
    answering: probes.filter((p) => "chainId" in p).length,
    account: address,
  });
  const sender = { provider, signer, from: address, log, resubmitAfterMs: config.resubmitAfterSeconds * 1000 };
  return {
    provider,
    signer,
    address,
    send: (tx) => sendWithResubmission(sender, tx),
    now: () => latestTimestamp(provider),
  };
}

/** A key from .env signs locally; without one, a local node's unlocked account sends (never on a real network). */
async function baseSigner(config: KeeperConfig, provider: Provider, firstAnswering: JsonRpcProvider): Promise<Signer> {
  if (config.privateKey) {
    try {
      return new Wallet(config.privateKey, provider);
    } catch {
      throw new UserError("KEEPER_PRIVATE_KEY is not a private key (expected 0x and 64 hex digits)");
    }
  }
  const accounts: string[] = await firstAnswering.send("eth_accounts", []);
  if (config.unlockedAccount >= accounts.length) {
    throw new UserError(
      `no KEEPER_PRIVATE_KEY, and the node has no unlocked account ${config.unlockedAccount} ` +
        `(it has ${accounts.length}); set KEEPER_PRIVATE_KEY`,
    );
  }
  return firstAnswering.getSigner(config.unlockedAccount);
}

/** The chain id all answering URLs agree on (and that the configuration asks for, if it does). */
function agreedChainId(probes: Probe[], wanted: number | undefined): bigint {
  const answered = probes.filter((p): p is { url: string; chainId: bigint } => "chainId" in p);
  if (answered.length === 0) {
    const why = probes.map((p) => `${shownUrl(p.url)} (${"reason" in p ? p.reason : "?"})`).join(", ");
    throw new UserError(`no RPC URL answers: ${why}`);
  }
  const expected = wanted === undefined ? answered[0].chainId : BigInt(wanted);
  const source = wanted === undefined ? `${shownUrl(answered[0].url)}` : "KEEPER_CHAIN_ID";
  for (const p of answered) {
    if (p.chainId !== expected) {
      throw new UserError(
        `the RPC URL ${shownUrl(p.url)} is on chain ${p.chainId}, not chain ${expected} (${source}); ` +
          `all KEEPER_RPC_URLS must reach the same chain`,
      );
    }
  }
  return expected;
}

/** eth_chainId by plain fetch: a JsonRpcProvider would retry a dead URL for ever while detecting its network. */
async function probeChainId(url: string): Promise<Probe> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!res.ok) return { url, reason: `HTTP ${res.status}` };
    const body = (await res.json()) as { result?: unknown; error?: { message?: string } };
    if (typeof body.result !== "string") return { url, reason: body.error?.message ?? "no chain id in the answer" };
    return { url, chainId: BigInt(body.result) };
  } catch (error) {
    return { url, reason: fetchFailure(error) };
  }
}

function fetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${PROBE_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

/**
 * A URL as logs and messages show it: scheme, host and port only. Providers put API keys in the path
 * or query (…/v3/<key>), and logs are shipped and kept.
 */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    const rest = u.pathname !== "/" || u.search ? "/…" : "";
    return `${u.protocol}//${u.host}${rest}`;
  } catch {
    return "(not a URL)";
  }
}

async function latestTimestamp(provider: Provider): Promise<number> {
  const block = await provider.getBlock("latest");
  if (!block) throw new Error("the node returned no latest block");
  return block.timestamp;
}

interface Sender {
  provider: Provider;
  signer: NonceManager;
  from: string;
  log: Logger;
  resubmitAfterMs: number;
}

/**
 * Takes the next nonce, fills in gas and fees, sends, and waits; a version not mined within
 * resubmitAfterMs is replaced by one with fees raised by at least 12.5 % (the replacement rule of
 * geth and Hardhat), up to MAX_RESUBMISSIONS times. Whichever version is mined, its receipt is
 * returned (a reverted one too: status 0).
 */
async function sendWithResubmission(s: Sender, tx: TransactionRequest): Promise<TransactionReceipt> {
  let { request, hash } = await firstSend(s, tx);
  const hashes = [hash];
  s.log.log("info", "tx.sent", { hash, nonce: request.nonce, to: request.to, ...feesOf(request) });
  for (let attempt = 1; ; attempt++) {
    const receipt = await waitForAny(s.provider, hashes, s.resubmitAfterMs);
    if (receipt) return receipt;
    if (attempt > MAX_RESUBMISSIONS) {
      throw new Error(
        `transaction with nonce ${request.nonce} not mined after ${MAX_RESUBMISSIONS} resubmissions: ${hashes.join(", ")}`,
      );
    }
    request = await resubmit(s, request, hashes, attempt);
  }
}

/** The first version, with the nonce, gas limit and fees fixed here so that a replacement can raise them. */
async function firstSend(s: Sender, tx: TransactionRequest): Promise<{ request: TransactionRequest; hash: string }> {
  // taken and counted at once, as NonceManager.sendTransaction does, so that concurrent sends differ
  const noncePromise = s.signer.getNonce("pending");
  s.signer.increment();
  try {
    const request = await s.signer.signer.populateTransaction({ ...tx, from: s.from, nonce: await noncePromise });
    // a node's unlocked account (JsonRpcSigner) leaves gas and fees to the node: fix them here
    if (request.gasLimit == null) request.gasLimit = await s.provider.estimateGas(request);
    if (request.maxFeePerGas == null && request.gasPrice == null) Object.assign(request, await currentFees(s.provider));
    const sent = await s.signer.signer.sendTransaction(request);
    return { request, hash: sent.hash };
  } catch (error) {
    // nothing reached the mempool: the next transaction must not leave a gap in the nonces
    s.signer.reset();
    throw error;
  }
}

async function currentFees(provider: Provider): Promise<Partial<TransactionRequest>> {
  const fees = await provider.getFeeData();
  if (fees.maxFeePerGas != null) {
    return { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas };
  }
  return { gasPrice: fees.gasPrice };
}

/** Sends the same nonce again with higher fees; a failure is logged and waiting goes on (one version may be mined). */
async function resubmit(s: Sender, request: TransactionRequest, hashes: string[], attempt: number) {
  const next = { ...request, ...(await raisedFees(s.provider, request)) };
  try {
    const sent = await s.signer.signer.sendTransaction(next);
    hashes.push(sent.hash);
    s.log.log("warn", "tx.resubmitted", {
      hash: sent.hash,
      replaces: hashes[hashes.length - 2],
      nonce: request.nonce,
      attempt,
      ...feesOf(next),
    });
    return next;
  } catch (error) {
    // NONCE_EXPIRED: a version was mined between the poll and the resubmission
    const reason = isError(error, "NONCE_EXPIRED") ? "nonce already used" : shortMessage(error);
    s.log.log("warn", "tx.resubmit-failed", { nonce: request.nonce, attempt, reason });
    return request;
  }
}

/** Fees raised by at least 12.5 %, and at least today's fees when those rose more. */
async function raisedFees(provider: Provider, request: TransactionRequest): Promise<Partial<TransactionRequest>> {
  const now = await provider.getFeeData();
  if (request.maxFeePerGas != null) {
    const priority = max(raised(BigInt(request.maxPriorityFeePerGas ?? 0n)), now.maxPriorityFeePerGas ?? 0n);
    const fee = max(raised(BigInt(request.maxFeePerGas)), now.maxFeePerGas ?? 0n, priority);
    return { maxFeePerGas: fee, maxPriorityFeePerGas: priority };
  }
  return { gasPrice: max(raised(BigInt(request.gasPrice ?? 0n)), now.gasPrice ?? 0n) };
}

/** x × 1.125 rounded up, and at least x + 1 (so that a fee of 0 or 1 wei still rises). */
export function raised(x: bigint): bigint {
  const up = (x * 1125n + 999n) / 1000n;
  return up > x ? up : x + 1n;
}

function feesOf(request: TransactionRequest): Record<string, bigint> {
  const fees: Record<string, bigint> = {};
  for (const key of ["maxFeePerGas", "maxPriorityFeePerGas", "gasPrice"] as const) {
    if (request[key] != null) fees[key] = BigInt(request[key]);
  }
  return fees;
}

function max(...xs: bigint[]): bigint {
  return xs.reduce((a, b) => (b > a ? b : a));
}

/** Polls the receipts of all versions until one is mined or the time is up (undefined). */
async function waitForAny(
  provider: Provider,
  hashes: string[],
  timeoutMs: number,
): Promise<TransactionReceipt | undefined> {
  const deadline = Date.now() + timeoutMs;
  const pollMs = Math.min(Math.max(timeoutMs / 4, 250), 2_000);
  for (;;) {
    for (const hash of hashes) {
      const receipt = await provider.getTransactionReceipt(hash);
      if (receipt) return receipt;
    }
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

function shortMessage(error: unknown): string {
  if (error && typeof error === "object" && "shortMessage" in error) return String(error.shortMessage);
  return error instanceof Error ? error.message : String(error);
}
