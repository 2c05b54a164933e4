/**
 * The keeper's connection to the chain: reads through ethers' FallbackProvider over every RPC URL,
 * sends from one account with its nonces kept locally, and resubmits a transaction that is not mined
 * in time with higher fees under the same nonce (so that at most one of the versions is ever mined).
 *
 * Failover: ethers v6's FallbackProvider leaves out a URL that does not answer when it starts, for
 * its whole life; and with quorum 1 an error from the URL in use is taken as the answer, not as a
 * reason to ask the next. So a URL that goes down mid-run would fail the run. KeeperProvider adds
 * the missing step: on a connection failure it asks every URL again and carries on with a new
 * FallbackProvider over those that answer. The service also connects afresh for each run, so that
 * a URL that came back is used again.
 */
import {
  FallbackProvider,
  FetchRequest,
  isError,
  JsonRpcProvider,
  Network,
  NonceManager,
  Wallet,
  type FallbackProviderOptions,
  type PerformActionRequest,
  type Provider,
  type Signer,
  type TransactionReceipt,
  type TransactionRequest,
} from "ethers";
import { UserError } from "../core";
import type { KeeperChain, KeeperConfig, Logger } from "./types";

/** After this long without an answer from one URL the fallback provider also asks the next. */
export const STALL_TIMEOUT_MS = 2_000;
/** How long the check of a URL's chain id waits (at start and when failing over). */
export const PROBE_TIMEOUT_MS = 5_000;
/** One request's limit: ethers' default (300 s) would hold a run on a URL that hangs. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** How often a stuck transaction is sent again with higher fees before the keeper gives up on it. */
export const MAX_RESUBMISSIONS = 3;

/** What a URL answered: its chain id, or why not. */
type Probe = { url: string; chainId: bigint } | { url: string; reason: string };

export async function connectKeeperChain(config: KeeperConfig, log: Logger): Promise<KeeperChain> {
  if (config.rpcUrls.length === 0) throw new UserError("no RPC URL given (KEEPER_RPC_URLS)");
  const probes = await Promise.all(config.rpcUrls.map((url) => probeChainId(url)));
  const chainId = agreedChainId(probes, config.chainId);
  for (const p of probes) {
    if ("reason" in p) log.log("warn", "rpc.unreachable", { url: shownUrl(p.url), reason: p.reason });
  }
  const provider = new KeeperProvider(config.rpcUrls, Network.from(chainId), log);
  const firstAnswering = probes.find((p) => "chainId" in p)!.url;
  const signer = new NonceManager(await baseSigner(config, provider, firstAnswering).catch(destroyed(provider)));
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

/**
 * A FallbackProvider (quorum 1, the URLs' order is their priority) that fails over mid-life too:
 * a request that fails for want of a connection is sent again through a new FallbackProvider over
 * the URLs that answer now. One retry per request, so a chain that no URL reaches fails fast.
 */
export class KeeperProvider extends FallbackProvider {
  readonly #urls: string[];
  readonly #network: Network;
  readonly #log: Logger;
  #current: FallbackProvider | undefined;
  #renewing: Promise<FallbackProvider> | undefined;
  /** Every provider made here (the signer's too), destroyed with this one. */
  readonly #owned: { destroy(): unknown }[] = [];

  constructor(urls: string[], network: Network, log: Logger) {
    // cacheTimeout -1: no 250 ms answer cache, so a read right after a keeper transaction sees it.
    const options: FallbackProviderOptions = { quorum: 1, cacheTimeout: -1 };
    super(fallbackConfigs(urls, network), network, options);
    this.#urls = urls;
    this.#network = network;
    this.#log = log;
  }

  async _perform<T = unknown>(req: PerformActionRequest): Promise<T> {
    const used = this.#current;
    try {
      return used ? await used._perform<T>(req) : await super._perform<T>(req);
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      return await (await this.#renew(used, error))._perform<T>(req);
    }
  }

  /** A provider (for the signer) on one URL, with the keeper's request timeout, destroyed with this one. */
  single(url: string): JsonRpcProvider {
    const provider = jsonRpcProvider(url, this.#network);
    this.#owned.push(provider);
    return provider;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.#owned.map((provider) => provider.destroy()));
    await super.destroy();
  }

  async #renew(failed: FallbackProvider | undefined, error: unknown): Promise<FallbackProvider> {
    // another request already failed over from the same provider
    if (this.#current !== failed && this.#current) return this.#current;
    this.#renewing ??= (async () => {
      const probes = await Promise.all(this.#urls.map((url) => probeChainId(url)));
      const answering = probes.filter((p) => "chainId" in p && p.chainId === this.#network.chainId);
      this.#log.log("warn", "rpc.failover", {
        reason: failureReason(error),
        answering: answering.map((p) => shownUrl(p.url)),
        down: probes.filter((p) => !answering.includes(p)).map((p) => shownUrl(p.url)),
      });
      if (answering.length === 0) throw new Error(`no RPC URL answers: ${describeProbes(probes)}`);
      const next = new FallbackProvider(
        fallbackConfigs(
          answering.map((p) => p.url),
          this.#network,
        ),
        this.#network,
        { quorum: 1, cacheTimeout: -1 },
      );
      this.#owned.push(next);
      this.#current = next;
      return next;
    })().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }
}

function fallbackConfigs(urls: string[], network: Network) {
  return urls.map((url, i) => ({
    provider: jsonRpcProvider(url, network),
    // the given order is the order of preference
    priority: i + 1,
    weight: 1,
    stallTimeout: STALL_TIMEOUT_MS,
  }));
}

function jsonRpcProvider(url: string, network: Network): JsonRpcProvider {
  const request = new FetchRequest(url);
  request.timeout = REQUEST_TIMEOUT_MS;
  // staticNetwork: the chain id is checked once (probeChainId), not before every request
  return new JsonRpcProvider(request, network, { staticNetwork: network, cacheTimeout: -1 });
}

/** The node could not be reached or did not answer in time (not: the node answered with an error). */
function isConnectionFailure(error: unknown): boolean {
  const codes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND"]);
  codes.add("EAI_AGAIN").add("EPIPE").add("UND_ERR_SOCKET").add("TIMEOUT").add("SERVER_ERROR");
  const code = (e: unknown) => (e && typeof e === "object" && "code" in e ? String(e.code) : "");
  const cause = error && typeof error === "object" && "cause" in error ? error.cause : undefined;
  // "no runners?!": every URL of the FallbackProvider was down when it started
  const none = error instanceof Error && error.message === "no runners?!";
  return none || codes.has(code(error)) || codes.has(code(cause));
}

function failureReason(error: unknown): string {
  const code = error && typeof error === "object" && "code" in error ? String(error.code) : undefined;
  return code ?? shortMessage(error);
}

/** Rethrows after closing the provider, so that a failed connect leaves nothing open. */
function destroyed(provider: Provider) {
  return async (error: unknown): Promise<never> => {
    await provider.destroy();
    throw error;
  };
}

/** A key from .env signs locally; without one, a local node's unlocked account sends (never on a real network). */
async function baseSigner(config: KeeperConfig, provider: KeeperProvider, firstAnswering: string): Promise<Signer> {
  if (config.privateKey) {
    try {
      return new Wallet(config.privateKey, provider);
    } catch {
      throw new UserError("KEEPER_PRIVATE_KEY is not a private key (expected 0x and 64 hex digits)");
    }
  }
  const node = provider.single(firstAnswering);
  const accounts: string[] = await node.send("eth_accounts", []);
  if (config.unlockedAccount >= accounts.length) {
    throw new UserError(
      `no KEEPER_PRIVATE_KEY, and the node has no unlocked account ${config.unlockedAccount} ` +
        `(it has ${accounts.length}); set KEEPER_PRIVATE_KEY`,
    );
  }
  return node.getSigner(config.unlockedAccount);
}

/** The chain id all answering URLs agree on (and that the configuration asks for, if it does). */
function agreedChainId(probes: Probe[], wanted: number | undefined): bigint {
  const answered = probes.filter((p): p is { url: string; chainId: bigint } => "chainId" in p);
  if (answered.length === 0) {
    throw new UserError(`no RPC URL answers: ${describeProbes(probes)}`);
  }
  const expected = wanted === undefined ? answered[0].chainId : BigInt(wanted);
  const source =
    wanted === undefined ? `the chain of ${shownUrl(answered[0].url)}` : "KEEPER_CHAIN_ID or the network's default";
  for (const p of answered) {
    if (p.chainId !== expected) {
      throw new UserError(
        `the RPC URL ${shownUrl(p.url)} is on chain ${p.chainId}, not chain ${expected} (${source}); ` +
          `all KEEPER_RPC_URLS must reach that chain`,
      );
    }
  }
  return expected;
}

function describeProbes(probes: Probe[]): string {
  return probes.map((p) => `${shownUrl(p.url)} (${"reason" in p ? p.reason : `chain ${p.chainId}`})`).join(", ");
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
